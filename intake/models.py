"""The brede intake: one broad conversation, the client's story told once."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import ClientOwnedQuerySet
from clients.workflow import ServiceRoute

from .workflow import (
    TREDES,
    Childcare,
    DigitalSkills,
    DutchLevel,
    Education,
    Horizon,
    IntakeKind,
    IntakeStatus,
    Leefgebied,
    Support,
)

LADDER = [MinValueValidator(1), MaxValueValidator(6)]


class Beroep(models.Model):
    """An occupation from the list the beheerder maintains (also used for vacancies)."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("beroep")
        verbose_name_plural = _("beroepen")

    def __str__(self):
        return self.name


class Intake(models.Model):
    """A brede intake (or herbeoordeling), filled in over one or more sittings."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="intakes")
    kind = models.CharField(_("soort"), max_length=20, choices=IntakeKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=IntakeStatus.choices, default=IntakeStatus.CONCEPT)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("vorige intake")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic locking: a save names the version it started from.
    version = models.PositiveIntegerField(default=1, editable=False)

    # Werk en opleiding
    education = models.CharField(_("hoogste opleiding"), max_length=20, choices=Education.choices, blank=True)
    has_startkwalificatie = models.BooleanField(
        _("startkwalificatie"), null=True, blank=True, help_text=_("Havo, vwo of mbo 2 of hoger, afgerond.")
    )
    work_experience = models.TextField(_("werkervaring"), blank=True)
    skills = models.TextField(_("vaardigheden en talenten"), blank=True)
    wishes = models.TextField(_("wensen van de cliënt"), blank=True)
    hours_available = models.PositiveSmallIntegerField(
        _("uren beschikbaar per week"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    dutch_level = models.CharField(_("Nederlandse taal"), max_length=20, choices=DutchLevel.choices, blank=True)
    digital_skills = models.CharField(
        _("digitale vaardigheden"), max_length=20, choices=DigitalSkills.choices, blank=True
    )
    driving_licence = models.BooleanField(_("rijbewijs B"), null=True, blank=True)
    childcare = models.CharField(_("kinderopvang"), max_length=20, choices=Childcare.choices, blank=True)
    functional_limits = models.TextField(
        _("functionele beperkingen"),
        blank=True,
        help_text=_("Wat lukt wel en niet, bijvoorbeeld: niet langer dan 2 uur staan. Geen diagnoses."),
    )

    # Ontwikkel- en uitstroomperspectief
    ladder_now = models.PositiveSmallIntegerField(
        _("trede nu"), null=True, blank=True, validators=LADDER, choices=list(TREDES.items())
    )
    ladder_target = models.PositiveSmallIntegerField(
        _("trede doel"), null=True, blank=True, validators=LADDER, choices=list(TREDES.items())
    )
    ladder_target_reason = models.TextField(_("waarom dit doel"), blank=True)
    target_occupations = models.ManyToManyField(Beroep, blank=True, verbose_name=_("beroepen waar het naartoe gaat"))
    target_hours = models.PositiveSmallIntegerField(
        _("uren per week in werk"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    horizon = models.PositiveSmallIntegerField(_("termijn"), null=True, blank=True, choices=Horizon.choices)
    service_route = models.CharField(
        _("dienstverleningsroute"), max_length=40, choices=ServiceRoute.choices, blank=True
    )

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("brede intake")
        verbose_name_plural = _("brede intakes")
        constraints = [
            # One intake in progress per client at a time.
            models.UniqueConstraint(
                fields=["client"], condition=Q(status=IntakeStatus.CONCEPT), name="intake_one_concept_per_client"
            ),
            models.CheckConstraint(
                name="intake_completed_has_date",
                condition=Q(status=IntakeStatus.CONCEPT) | Q(completed_at__isnull=False),
            ),
            models.CheckConstraint(
                name="intake_ladder_range",
                condition=(Q(ladder_now__isnull=True) | Q(ladder_now__gte=1, ladder_now__lte=6))
                & (Q(ladder_target__isnull=True) | Q(ladder_target__gte=1, ladder_target__lte=6)),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_concept(self):
        return self.status == IntakeStatus.CONCEPT


class LeefgebiedScore(models.Model):
    """How self-sufficient the client is on one life domain, in the coach's and the client's words."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="scores")
    leefgebied = models.CharField(_("leefgebied"), max_length=40, choices=Leefgebied.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(_("toelichting"), blank=True)
    client_view = models.TextField(_("wat de cliënt zelf zegt"), blank=True)
    support = models.CharField(_("hulp"), max_length=20, choices=Support.choices, default=Support.GEEN)
    support_note = models.CharField(
        _("welke hulp"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: schuldhulpverlening, wijkteam.")
    )
    work_on = models.BooleanField(_("hieraan werken"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("score per leefgebied")
        verbose_name_plural = _("scores per leefgebied")
        constraints = [
            models.UniqueConstraint(fields=["intake", "leefgebied"], name="score_one_per_domain"),
            models.CheckConstraint(
                name="score_between_1_and_5", condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5)
            ),
        ]

    def __str__(self):
        return f"{self.get_leefgebied_display()}: {self.score}"


class Trede(models.Model):
    """A step on the participatieladder, dated: the history shows every step, not only the last."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="treden")
    on = models.DateField(_("datum"))
    step = models.PositiveSmallIntegerField(_("trede"), validators=LADDER, choices=list(TREDES.items()))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    intake = models.ForeignKey(Intake, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("trede")
        verbose_name_plural = _("treden")
        constraints = [models.CheckConstraint(name="trede_between_1_and_6", condition=Q(step__gte=1, step__lte=6))]
        # Every client's latest step, read in index order without a sort (the client list export,
        # the ladder KPI): the step rides along, so the table is not visited.
        indexes = [models.Index(fields=["client", "-on", "-id", "step"], name="trede_client_latest")]

    def __str__(self):
        return f"{self.on}: trede {self.step}"
