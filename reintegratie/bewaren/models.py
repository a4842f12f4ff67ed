"""The destruction list (vernietigingslijst), its items, and the files still to delete from storage."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .workflow import ItemStatus, LijstStatus


class Vernietigingslijst(models.Model):
    """The client files whose retention term passed in one period (a month), for the beheerder to approve.

    Made by the periodic job, once per period (unique). A beheerder checks it,
    a second beheerder approves it (four eyes); then the destruction task runs
    the items one by one.
    """

    period = models.CharField(_("periode"), max_length=7, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=LijstStatus.choices, default=LijstStatus.CONCEPT)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("vernietigd op"), null=True, blank=True)

    class Meta:
        ordering = ["-period"]
        verbose_name = _("vernietigingslijst")
        verbose_name_plural = _("vernietigingslijsten")

    def __str__(self):
        return self.period


class VernietigingItem(models.Model):
    """One client file on a destruction list.

    The row keeps the client id (the anonymised client row stays, so figures add
    up) and no personal data: the beheerder sees the client number only.
    """

    lijst = models.ForeignKey(Vernietigingslijst, on_delete=models.PROTECT, related_name="items")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    client_number = models.PositiveIntegerField(_("cliëntnummer"))
    ended_on = models.DateField(_("dossier beëindigd op"))
    term_ended_on = models.DateField(_("bewaartermijn verstreken op"))
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.TE_VERNIETIGEN)
    exclude_reason = models.TextField(_("reden van uitzondering"), blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    destroyed_at = models.DateTimeField(_("vernietigd op"), null=True, blank=True)

    class Meta:
        ordering = ["client_number"]
        verbose_name = _("dossier op de vernietigingslijst")
        verbose_name_plural = _("dossiers op de vernietigingslijst")
        constraints = [
            models.UniqueConstraint(fields=["lijst", "client"], name="item_once_per_lijst"),
            models.CheckConstraint(
                name="item_excluded_has_reason",
                condition=~Q(status=ItemStatus.UITGEZONDERD) | ~Q(exclude_reason=""),
            ),
            models.CheckConstraint(
                name="item_destroyed_has_time",
                condition=~Q(status=ItemStatus.VERNIETIGD) | Q(destroyed_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["lijst", "status"], name="item_lijst_status")]

    def __str__(self):
        return f"{self.lijst_id}: {self.client_number}"


class OpruimBestand(models.Model):
    """A file in storage that belonged to a destroyed file: deleted after the commit, retried until gone.

    The row is written in the client's destruction transaction, so a crash
    between commit and delete loses no file to delete; the name is a storage
    path with opaque ids only.
    """

    item = models.ForeignKey(VernietigingItem, null=True, blank=True, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=300, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["deleted_at"], name="opruim_open", condition=Q(deleted_at__isnull=True))]

    def __str__(self):
        return self.name
