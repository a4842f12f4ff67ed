"""Vacancies, voordrachten (putting a client forward) and the client's profile visibility."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from clients.models import ClientOwnedQuerySet
from intake.workflow import DutchLevel
from reintegratie.accounts.models import User
from reintegratie.accounts.policy import scope_to_visible_clients
from trajecten.models import AppendOnly
from trajecten.workflow import Contract

from .workflow import ACTIVE, ConsentParty, VacatureStatus, VoordrachtStatus

MANAGE_PERMISSION = "vacatures.manage_vacature"


class Vacature(models.Model):
    """A job an employer offers; recorded by a werkgeversdienstverlener."""

    employer_name = models.CharField(_("werkgever"), max_length=150)
    employer_contact = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    employer_phone = models.CharField(_("telefoon contactpersoon"), max_length=30, blank=True)
    employer_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    beroep = models.ForeignKey(
        "intake.Beroep", verbose_name=_("beroep"), on_delete=models.PROTECT, related_name="vacatures"
    )
    title = models.CharField(_("functie"), max_length=150, blank=True, help_text=_("Zoals de werkgever het noemt."))
    hours_min = models.PositiveSmallIntegerField(
        _("uren per week, minimaal"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    hours_max = models.PositiveSmallIntegerField(
        _("uren per week, maximaal"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    location = models.CharField(_("plaats van het werk"), max_length=150)
    region = models.CharField(_("regio"), max_length=100, blank=True)
    contract = models.CharField(_("soort contract"), max_length=20, choices=Contract.choices)
    needs_driving_licence = models.BooleanField(_("rijbewijs B nodig"), default=False)
    min_dutch_level = models.CharField(
        _("Nederlandse taal, minimaal"),
        max_length=20,
        choices=DutchLevel.choices,
        blank=True,
        help_text=_("Leeg laten als er geen eis is."),
    )
    certificates = models.TextField(_("diploma's en certificaten"), blank=True)
    physical_demands = models.TextField(_("lichamelijke eisen"), blank=True)
    places = models.PositiveSmallIntegerField(_("aantal plaatsen"), default=1, validators=[MinValueValidator(1)])
    closes_on = models.DateField(_("sluitingsdatum"), null=True, blank=True)
    offers_jobcoach = models.BooleanField(_("werkgever werkt met een jobcoach"), default=False)
    loonkostensubsidie_possible = models.BooleanField(_("loonkostensubsidie mogelijk"), default=False)
    garantiebaan = models.BooleanField(_("garantiebaan"), default=False)
    description = models.TextField(_("omschrijving"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=VacatureStatus.choices, default=VacatureStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["closes_on", "-created_at"]
        verbose_name = _("vacature")
        verbose_name_plural = _("vacatures")
        permissions = [("manage_vacature", _("Vacatures vastleggen (werkgeversdienstverlener)"))]
        constraints = [
            models.CheckConstraint(name="vacature_hours_order", condition=Q(hours_min__lte=models.F("hours_max"))),
            models.CheckConstraint(name="vacature_places_positive", condition=Q(places__gte=1)),
        ]
        indexes = [models.Index(fields=["status", "beroep"], name="vacature_status_beroep")]

    def __str__(self):
        return f"{self.title or self.beroep} bij {self.employer_name}"


class VoordrachtQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The client's coach and teamleider (the policy); a werkgeversdienstverlener sees every voordracht.

        A voordracht is the coach's deliberate step to share the client with the
        employer's contact; it shows the name and the status, not the file.
        """
        if (
            getattr(user, "is_authenticated", False)
            and user.is_active
            and user.does_casework
            and user.has_perm(MANAGE_PERMISSION)
        ):
            return self
        return scope_to_visible_clients(self, user)


class Voordracht(models.Model):
    """A client put forward for a vacancy by the coach."""

    vacature = models.ForeignKey(Vacature, on_delete=models.PROTECT, related_name="voordrachten")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="voordrachten")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("waarom deze cliënt"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VoordrachtStatus.choices, default=VoordrachtStatus.VOORGEDRAGEN
    )
    reject_reason = models.TextField(_("reden van afwijzing"), blank=True)
    started_work_on = models.DateField(_("begonnen met werken op"), null=True, blank=True)
    uitstroom = models.ForeignKey(
        "trajecten.Uitstroom", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VoordrachtQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("voordracht")
        verbose_name_plural = _("voordrachten")
        constraints = [
            models.UniqueConstraint(
                fields=["vacature", "client"],
                condition=Q(status__in=sorted(ACTIVE)),
                name="voordracht_one_active_per_vacature_client",
            ),
            models.CheckConstraint(
                name="voordracht_rejected_has_reason",
                condition=~Q(status=VoordrachtStatus.AFGEWEZEN) | ~Q(reject_reason=""),
            ),
        ]

    def __str__(self):
        return f"{self.vacature} ({self.get_status_display()})"


class VoordrachtStatusChange(AppendOnly):
    """Append-only history of a voordracht's status."""

    voordracht = models.ForeignKey(Voordracht, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(max_length=20, choices=VoordrachtStatus.choices)
    to_status = models.CharField(max_length=20, choices=VoordrachtStatus.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class Zichtbaarheid(models.Model):
    """Whether the client's work profile may be shown outside the own coach's caseload.

    Visible only while both the client (in the portal) and the coach gave
    consent and neither revoked it. Every change is also in the append-only
    ZichtbaarheidGebeurtenis table.
    """

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="zichtbaarheid")
    client_consent_at = models.DateTimeField(_("toestemming cliënt op"), null=True, blank=True)
    client_revoked_at = models.DateTimeField(_("cliënt trok toestemming in op"), null=True, blank=True)
    coach_consent_at = models.DateTimeField(_("toestemming werkcoach op"), null=True, blank=True)
    coach_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    coach_revoked_at = models.DateTimeField(_("werkcoach trok toestemming in op"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("zichtbaarheid van het werkprofiel")
        verbose_name_plural = _("zichtbaarheid van werkprofielen")

    def __str__(self):
        return str(_("zichtbaar")) if self.is_visible else str(_("niet zichtbaar"))

    @property
    def client_consents(self):
        return self.client_consent_at is not None and self.client_revoked_at is None

    @property
    def coach_consents(self):
        # Consent is personal: after a handover to another coach or team, the new coach decides again.
        given_by = self.coach_consent_by
        coach = self.client.coach
        current = given_by is not None and (
            given_by.pk == coach.pk or (given_by.role == "teamleider" and given_by.team_id == coach.team_id)
        )
        return self.coach_consent_at is not None and self.coach_revoked_at is None and current

    @property
    def is_visible(self):
        return self.client_consents and self.coach_consents


def double_consent(prefix=""):
    """The Q that selects clients whose profile both the client and their current coach made visible."""
    given = Q(
        **{
            f"{prefix}zichtbaarheid__client_consent_at__isnull": False,
            f"{prefix}zichtbaarheid__client_revoked_at__isnull": True,
            f"{prefix}zichtbaarheid__coach_consent_at__isnull": False,
            f"{prefix}zichtbaarheid__coach_revoked_at__isnull": True,
        }
    )
    # Given by the current coach, or by a teamleider of the current coach's team.
    by_current = Q(**{f"{prefix}zichtbaarheid__coach_consent_by": F(f"{prefix}coach")}) | Q(
        **{
            f"{prefix}zichtbaarheid__coach_consent_by__role": "teamleider",
            f"{prefix}zichtbaarheid__coach_consent_by__team": F(f"{prefix}coach__team"),
        }
    )
    return given & by_current


class ZichtbaarheidGebeurtenis(AppendOnly):
    """Append-only: who gave or revoked consent, and when."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    party = models.CharField(max_length=20, choices=ConsentParty.choices)
    given = models.BooleanField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.party}: {'ja' if self.given else 'nee'}"


class Werkgeversdienstverlener(User):
    """Staff as the beheerder sees them to hand out the werkgeversdienstverlener task (admin only)."""

    class Meta:
        proxy = True
        verbose_name = _("werkgeversdienstverlener")
        verbose_name_plural = _("werkgeversdienstverleners")
