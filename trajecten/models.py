"""Plan van aanpak (versioned), goals and actions; the instrumentenhuis; trajecten; outflow."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import ClientOwnedQuerySet
from intake.workflow import Leefgebied
from reintegratie.accounts.policy import scope_to_visible_clients

from .workflow import (
    TRAJECT_RUNNING,
    ActieStatus,
    AgreedHow,
    Contract,
    FollowUp,
    Owner,
    PlanStatus,
    TrajectResult,
    TrajectStatus,
    UitstroomKind,
)

# Goals and instruments use the intake's vocabulary, so intake, plan and instruments speak one language.
CATEGORY_CHOICES = Leefgebied.choices


class Plan(models.Model):
    """One version of a client's plan van aanpak.

    The current version (is_current) is the one being worked on; an agreed
    version stays the agreement until a newer version is agreed.
    """

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveIntegerField(_("versie"))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.CONCEPT)
    is_current = models.BooleanField(default=True)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    evaluate_on = models.DateField(_("evaluatiedatum"), null=True, blank=True)
    client_input = models.TextField(_("eigen inbreng van de cliënt"), blank=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(_("akkoord op"), null=True, blank=True)
    agreed_how = models.CharField(_("akkoord gegeven"), max_length=20, choices=AgreedHow.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking for edits of the plan text (its goals and actions included).
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")
        constraints = [
            # The status and agreement date ride along: the client list export reads every current
            # plan from this index alone, in client order (a merge join, no hash of 32,000 plans).
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(is_current=True),
                include=["status", "agreed_at"],
                name="plan_one_current_per_client",
            ),
            models.UniqueConstraint(fields=["client", "version"], name="plan_unique_version"),
            models.CheckConstraint(
                name="plan_agreed_has_date",
                condition=~Q(status=PlanStatus.AKKOORD) | (Q(agreed_at__isnull=False) & ~Q(agreed_how="")),
            ),
        ]

    def __str__(self):
        return f"Plan v{self.version} ({self.get_status_display()})"

    @property
    def is_editable(self):
        return self.status == PlanStatus.CONCEPT and self.is_current


class AppendOnly(models.Model):
    """A history row: written once, never changed."""

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.from_status} -> {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("history rows are append-only")
        super().save(*args, **kwargs)


class PlanStatusChange(AppendOnly):
    """Append-only history of a plan's status."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(max_length=20, choices=PlanStatus.choices)
    to_status = models.CharField(max_length=20, choices=PlanStatus.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        # A plan's first proposal (the team dashboard's plan KPI): the first entry read from the index
        # alone, without a sort, for each plan of the team.
        indexes = [
            models.Index(
                fields=["plan", "at"], condition=Q(to_status=PlanStatus.VOORGELEGD), name="planstatus_first_proposal"
            )
        ]


class Doel(models.Model):
    """A goal in the plan, tied to a leefgebied (werk en opleiding for work)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="doelen")
    # Stable across versions: lets us show what changed since the agreed version.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    leefgebied = models.CharField(_("leefgebied"), max_length=40, choices=CATEGORY_CHOICES)
    text = models.TextField(_("doel"))
    due = models.DateField(_("wanneer bereikt"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="doel_key_once_per_plan")]

    def __str__(self):
        return self.text[:60]


class Actie(models.Model):
    """A step towards a goal, with an owner and a due date."""

    doel = models.ForeignKey(Doel, on_delete=models.CASCADE, related_name="acties")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    text = models.TextField(_("actie"))
    owner = models.CharField(_("wie doet het"), max_length=20, choices=Owner.choices)
    due = models.DateField(_("wanneer klaar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ActieStatus.choices, default=ActieStatus.OPEN)
    done_note = models.CharField(_("toelichting"), max_length=500, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        constraints = [models.UniqueConstraint(fields=["doel", "key"], name="actie_key_once_per_doel")]
        # Open actions only: what the "overdue" flags and KPIs look for.
        indexes = [models.Index(fields=["doel", "due"], condition=Q(status="open"), name="actie_open_due")]

    def __str__(self):
        return self.text[:60]


class Instrument(models.Model):
    """A re-integration provision in the instrumentenhuis, kept by the beheerder."""

    name = models.CharField(_("naam"), max_length=150, unique=True)
    category = models.CharField(_("categorie"), max_length=40, choices=CATEGORY_CHOICES)
    description = models.TextField(_("omschrijving"), blank=True)
    aanbieder = models.ForeignKey(
        "accounts.Aanbieder",
        verbose_name=_("aanbieder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instruments",
    )
    max_weeks = models.PositiveSmallIntegerField(_("maximaal aantal weken"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("uren per week"), null=True, blank=True)
    cost = models.DecimalField(
        _("kosten (euro)"), max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    capacity = models.PositiveIntegerField(_("plaatsen"), null=True, blank=True)
    target_groups = models.CharField(_("doelgroepen"), max_length=300, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumentenhuis")

    def __str__(self):
        return self.name


class TrajectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coach and teamleider: the trajecten of their clients. A provider: only its own running trajecten."""
        if getattr(user, "role", None) == "aanbieder":
            if not user.is_active or user.aanbieder_id is None:
                return self.none()
            return self.filter(aanbieder_id=user.aanbieder_id, status__in=TRAJECT_RUNNING)
        return scope_to_visible_clients(self, user)


class Traject(models.Model):
    """One instrument deployed for one client, with its reason, reports and end report."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="trajecten")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="trajecten")
    aanbieder = models.ForeignKey(
        "accounts.Aanbieder", null=True, blank=True, on_delete=models.PROTECT, related_name="trajecten"
    )
    # The goal in the plan version that was current when the traject started.
    doel = models.ForeignKey(Doel, null=True, blank=True, on_delete=models.PROTECT, related_name="trajecten")
    reason = models.TextField(_("waarom dit traject"))
    repeat_justification = models.TextField(_("waarom opnieuw"), blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=TrajectStatus.choices, default=TrajectStatus.AANGEMELD
    )
    started_on = models.DateField(_("startdatum"), null=True, blank=True)
    planned_end = models.DateField(_("geplande einddatum"), null=True, blank=True)
    ended_on = models.DateField(_("einddatum"), null=True, blank=True)
    end_report = models.TextField(_("eindrapportage"), blank=True)
    result = models.CharField(_("resultaat"), max_length=20, choices=TrajectResult.choices, blank=True)
    early_end_reason = models.TextField(_("reden voortijdig einde"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrajectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        constraints = [
            # No traject is closed without an end report and a result.
            models.CheckConstraint(
                name="traject_closed_has_end_report",
                condition=~Q(status__in=[TrajectStatus.AFGEROND, TrajectStatus.VOORTIJDIG_BEEINDIGD])
                | (~Q(end_report="") & ~Q(result="") & Q(ended_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="traject_early_end_has_reason",
                condition=~Q(status=TrajectStatus.VOORTIJDIG_BEEINDIGD) | ~Q(early_end_reason=""),
            ),
            models.CheckConstraint(name="traject_has_reason", condition=~Q(reason="")),
        ]
        # Running trajecten per client, counted from the index alone in client order (the client
        # list export). The condition must stay TRAJECT_RUNNING, or the planner cannot use it
        # (tests/reports/test_client_list.py checks that).
        indexes = [
            models.Index(
                fields=["client"], condition=Q(status__in=sorted(TRAJECT_RUNNING)), name="traject_client_running"
            )
        ]

    def __str__(self):
        return f"{self.instrument} ({self.get_status_display()})"


class TrajectStatusChange(AppendOnly):
    """Append-only history of a traject's status."""

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(max_length=30, choices=TrajectStatus.choices)
    to_status = models.CharField(max_length=30, choices=TrajectStatus.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class Voortgangsrapportage(models.Model):
    """A progress report on a traject, by the provider or the coach."""

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("van"))
    period_end = models.DateField(_("tot en met"))
    text = models.TextField(_("hoe gaat het"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("voortgangsrapportage")
        verbose_name_plural = _("voortgangsrapportages")
        constraints = [
            models.CheckConstraint(name="report_period_order", condition=Q(period_start__lte=models.F("period_end")))
        ]

    def __str__(self):
        return f"{self.period_start} – {self.period_end}"


class Uitstroom(models.Model):
    """The client left the benefit; asked again at 6 and 12 months whether it lasted."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="uitstroom")
    on = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=20, choices=UitstroomKind.choices)
    contract = models.CharField(_("contract"), max_length=20, choices=Contract.choices)
    hours = models.PositiveSmallIntegerField(_("uren per week"), null=True, blank=True)
    traject = models.ForeignKey(Traject, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    followup_6 = models.CharField(_("na 6 maanden"), max_length=20, choices=FollowUp.choices, blank=True)
    followup_6_at = models.DateTimeField(null=True, blank=True)
    followup_12 = models.CharField(_("na 12 maanden"), max_length=20, choices=FollowUp.choices, blank=True)
    followup_12_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-on"]
        verbose_name = _("uitstroom")
        verbose_name_plural = _("uitstroom")
        indexes = [
            # The latest outflow per client (ties: the latest row), its kind riding along: the client
            # list export reads every client's latest outflow in index order, without a sort.
            models.Index(fields=["client", "-on", "-id"], include=["kind"], name="uitstroom_client_on"),
            # Follow-ups still to ask: the caseload's reminder looks only at these.
            models.Index(
                fields=["client", "on"], condition=Q(followup_6="") | Q(followup_12=""), name="uitstroom_followup_open"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.on}"
