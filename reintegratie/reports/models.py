"""Exports made in the background: the row is the source of truth, the task only fills it."""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import EXTENSIONS, ExportKind, ExportStatus


def export_upload_to(instance, filename):
    # Deterministic: a second run overwrites the same file, never adds one.
    return f"exports/{instance.pk}.{EXTENSIONS[instance.kind]}"


class ExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return only the exports this user asked for: an export is nobody else's."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(requested_by=user)


class Export(models.Model):
    """One export asked for by a teamleider: a client list or a zip of progress reports."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_ip = models.GenericIPAddressField(null=True, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=ExportKind.choices)
    # Dates and ids only (period, coach id): never names or BSNs.
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ExportStatus.choices, default=ExportStatus.IN_WACHTRIJ
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=export_upload_to, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.CheckConstraint(name="export_ready_has_file", condition=~Q(status=ExportStatus.KLAAR) | ~Q(file="")),
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"], name="export_status_queued"),
            # The dashboard's "last 5 downloads" of one user: 5 index entries instead of a sort of all of them.
            models.Index(fields=["requested_by", "-created_at"], name="export_by_user_latest"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def percent(self):
        if self.status == ExportStatus.KLAAR:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def extension(self):
        return EXTENSIONS[self.kind]

    @property
    def download_name(self):
        # Local time (Europe/Amsterdam), as the teamleider who asked for it reads the clock.
        return f"{self.kind}-{timezone.localtime(self.created_at):%Y%m%d-%H%M}.{self.extension}"


class KpiSnapshot(models.Model):
    """Every dashboard KPI over all clients of the municipality, computed once a night.

    A dashboard over 40,000 clients costs seconds to compute live; the
    municipality-wide page reads this row instead and shows when it was made.
    One row per period (unique): a second run for the same period, or a second
    beat started by mistake, replaces the figures and adds nothing.
    Figures only: counts, shares and durations, never a client.
    """

    period_start = models.DateField()
    period_end = models.DateField()
    computed_at = models.DateTimeField()
    clients = models.PositiveIntegerField(default=0)
    data = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-period_end", "-computed_at"]
        verbose_name = _("KPI-overzicht")
        verbose_name_plural = _("KPI-overzichten")
        constraints = [
            models.UniqueConstraint(fields=["period_start", "period_end"], name="kpisnapshot_once_per_period"),
        ]

    def __str__(self):
        return f"{self.period_start} – {self.period_end}"
