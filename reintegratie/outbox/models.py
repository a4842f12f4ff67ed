"""Mail: one row per e-mail, written in the transaction that causes it, marked sent only when the server took it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    WACHTEND = "wachtend", _("Wacht op verzending")
    BEZIG = "bezig", _("Wordt verzonden")
    VERZONDEN = "verzonden", _("Verzonden")
    MISLUKT = "mislukt", _("Mislukt")


class Mail(models.Model):
    """An e-mail in the outbox.

    The row is the source of truth: the task only delivers it. ``key`` makes a
    mail idempotent (one notification per letter, one reminder per zaak and
    deadline): a second request with the same key adds nothing.
    """

    key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    to = models.JSONField(_("aan"), default=list)
    subject = models.CharField(_("onderwerp"), max_length=300)
    body = models.TextField(_("tekst"))
    from_email = models.CharField(max_length=254, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MailStatus.choices, default=MailStatus.WACHTEND)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.CharField(_("laatste fout"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        constraints = [
            models.CheckConstraint(
                name="mail_sent_has_time", condition=~Q(status=MailStatus.VERZONDEN) | Q(sent_at__isnull=False)
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_status_next")]

    def __str__(self):
        return f"{self.subject} ({self.get_status_display()})"
