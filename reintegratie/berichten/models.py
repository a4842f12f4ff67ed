"""Berichten: the secure thread between a client and the municipality."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegratie.accounts.policy import ClientOwnedQuerySet

MAX_TEXT = 5000


class Bericht(models.Model):
    """One message in a client's thread.

    A message from the client carries an answer promise (``answer_due``, working days from
    ``BERICHT_ANTWOORD_WERKDAGEN``) and stays open until staff answer it (``answered_at``).
    ``coach`` is the client's coach when the message came in: when that is no longer the coach
    (a handover), the message goes to the team.
    """

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="berichten")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("afzender"), on_delete=models.PROTECT, related_name="+"
    )
    from_client = models.BooleanField(_("van de cliënt"))
    text = models.TextField(_("bericht"), max_length=MAX_TEXT)
    attachment = models.ForeignKey(
        "dossier.Document",
        verbose_name=_("bijlage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The attachment's name, kept with the message: when the document's own term ends and the
    # dossier deletes it (reintegratie/dossier/tasks.py), the thread still says there was one.
    attachment_name = models.CharField(_("naam van de bijlage"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer_due = models.DateField(_("antwoord uiterlijk"), null=True, blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # One message to several clients (a workshop invitation): one row per client, the same group.
    group = models.UUIDField(null=True, blank=True, editable=False)
    # When the client's e-mail notice went into the outbox (the outbox says whether it was sent).
    notified_at = models.DateTimeField(null=True, blank=True)
    contactmoment = models.OneToOneField(
        "clients.Contactmoment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        indexes = [
            models.Index(fields=["client", "created_at"], name="bericht_client_created"),
            # The open questions: the caseload flag and the team's queue.
            models.Index(
                fields=["client", "answer_due"],
                condition=Q(from_client=True, answered_at__isnull=True),
                name="bericht_open",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="bericht_due_only_from_client", condition=Q(from_client=True) | Q(answer_due__isnull=True)
            ),
        ]

    def __str__(self):
        return f"bericht {self.pk}"

    @property
    def is_open(self):
        return self.from_client and self.answered_at is None
