"""The append-only access log (BIO2 8.15.01: action, object, result, origin, actor, time)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an access-log row."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only.")


class AccessLog(models.Model):
    """One row per view, change, export or print of a client file.

    Rows are never changed or deleted: the model refuses it, and on PostgreSQL
    a trigger refuses it too (migration 0002).
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Bekeken")
        CHANGE = "change", _("Gewijzigd")
        EXPORT = "export", _("Geëxporteerd")
        PRINT = "print", _("Afgedrukt")

    class Result(models.TextChoices):
        ALLOWED = "allowed", _("Toegestaan")
        DENIED = "denied", _("Geweigerd")

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    # The role at the time of access; a user's role may change later.
    role = models.CharField(_("rol"), max_length=20, blank=True)
    client = models.ForeignKey(
        "clients.Client", verbose_name=_("cliënt"), on_delete=models.PROTECT, related_name="access_logs"
    )
    action = models.CharField(_("handeling"), max_length=10, choices=Action.choices)
    result = models.CharField(_("resultaat"), max_length=10, choices=Result.choices, default=Result.ALLOWED)
    # Path only: URLs carry opaque ids, never a BSN, and the query string is dropped.
    path = models.CharField(_("pad"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        indexes = [models.Index(fields=["client", "-at"], name="accesslog_client_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.client_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")
