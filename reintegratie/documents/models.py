"""Brief: one letter or report for one client, rendered to PDF by Celery."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegratie.accounts.policy import ClientOwnedQuerySet


class BriefKind(models.TextChoices):
    UITNODIGING_AFSPRAAK = "uitnodiging_afspraak", _("Uitnodiging voor een afspraak")
    UITNODIGING_BREDE_INTAKE = "uitnodiging_brede_intake", _("Uitnodiging voor de brede intake")
    SAMENVATTING_INTAKE = "samenvatting_intake", _("Samenvatting van de brede intake")
    PLAN_VAN_AANPAK = "plan_van_aanpak", _("Plan van aanpak")
    EINDRAPPORTAGE_TRAJECT = "eindrapportage_traject", _("Eindrapportage traject")
    VOORTGANGSRAPPORTAGE = "voortgangsrapportage", _("Voortgangsrapportage")
    ONTVANGST_KLACHT = "ontvangst_klacht", _("Ontvangstbevestiging klacht")
    BESLISSING_KLACHT = "beslissing_klacht", _("Beslissing op klacht")
    VOORNEMEN_MAATREGEL = "voornemen_maatregel", _("Voornemen maatregel")
    BESLUIT_MAATREGEL = "besluit_maatregel", _("Besluit maatregel")
    WAARSCHUWING = "waarschuwing", _("Schriftelijke waarschuwing")
    GEEN_MAATREGEL = "geen_maatregel", _("Geen maatregel")
    ONTVANGST_BEZWAAR = "ontvangst_bezwaar", _("Ontvangstbevestiging bezwaar")
    BESLISSING_BEZWAAR = "beslissing_bezwaar", _("Beslissing op bezwaar")
    VERDAGING = "verdaging", _("Verlenging van de beslistermijn")


class BriefStatus(models.TextChoices):
    IN_WACHTRIJ = "in_wachtrij", _("In wachtrij")
    BEZIG = "bezig", _("Bezig")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


class BriefQuerySet(ClientOwnedQuerySet):
    def visible_to(self, user):
        """Letters of visible clients; a client sees only letters shared with them."""
        letters = super().visible_to(user)
        if getattr(user, "role", None) == "client":
            letters = letters.filter(shared_with_client=True)
        return letters


def brief_upload_to(instance, filename):
    # Deterministic: rendering twice overwrites the same file, never adds one.
    return f"brieven/{instance.pk}.pdf"


class Brief(models.Model):
    """A letter or report. The row is the source of truth; the task only renders it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="brieven")
    kind = models.CharField(_("soort"), max_length=40, choices=BriefKind.choices)
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.CharField(max_length=64)
    source = GenericForeignKey("source_type", "source_id")
    version = models.PositiveIntegerField(_("versie"), default=1)
    # The kenmerk printed on the letter: "<client number>-<kind code>-<n>", n counting the client's letters.
    number = models.PositiveIntegerField(_("volgnummer"), editable=False)
    reference = models.CharField(_("kenmerk"), max_length=40, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=BriefStatus.choices, default=BriefStatus.IN_WACHTRIJ)
    personal_note = models.TextField(_("persoonlijke toelichting"), blank=True)
    shared_with_client = models.BooleanField(_("zichtbaar voor cliënt"), default=True)
    pdf = models.FileField(upload_to=brief_upload_to, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    readability = models.JSONField(_("leesbaarheid"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    # When the client's mail went into the outbox (reintegratie/outbox says whether it was sent).
    notified_at = models.DateTimeField(null=True, blank=True)
    # Periodic letters only: the day of the run that made it. One per client, kind and period.
    period = models.DateField(_("periode"), null=True, blank=True)

    objects = BriefQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "kind", "version"], name="brief_unique_source_kind_version"
            ),
            models.UniqueConstraint(
                fields=["client", "kind", "period"],
                condition=Q(period__isnull=False),
                name="brief_one_periodic_per_client_kind_period",
            ),
            models.UniqueConstraint(fields=["client", "number"], name="brief_unique_client_number"),
            models.CheckConstraint(
                name="brief_klaar_has_pdf",
                condition=~Q(status=BriefStatus.KLAAR) | (~Q(sha256="") & ~Q(pdf="")),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"], name="brief_status_queued"),
            models.Index(fields=["client", "-created_at"], name="brief_client_created"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def download_name(self):
        return f"{self.kind}-{self.client.client_number}-v{self.version}.pdf"
