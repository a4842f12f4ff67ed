"""Client, the coach history (Overdracht), contact moments and appointments."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegratie.accounts.policy import ClientOwnedQuerySet, clients_visible_to
from reintegratie.dates import datum, datum_tijd

from .validators import validate_bsn
from .workflow import (
    AfspraakMode,
    AfspraakOutcome,
    Channel,
    ClientStatus,
    OverdrachtReason,
    ServiceRoute,
    TaakKind,
    VerzetverzoekStatus,
)


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the clients this user may see (the one access policy)."""
        return clients_visible_to(user, self)


class Client(models.Model):
    """A person on bijstand whom the municipality helps towards work."""

    # Opaque id for URLs: no BSN, no guessable sequence.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client_number = models.PositiveIntegerField(_("cliëntnummer"), unique=True, editable=False)
    bsn = models.CharField(_("BSN"), max_length=9, unique=True, validators=[validate_bsn])
    first_name = models.CharField(_("voornaam"), max_length=100)
    name_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(_("geboortedatum"))
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    street = models.CharField(_("straat"), max_length=100, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=15, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    preferred_language = models.CharField(_("voorkeurstaal"), max_length=50, default="Nederlands")
    needs_interpreter = models.BooleanField(_("tolk nodig"), default=False)
    benefit_start = models.DateField(_("uitkering sinds"), null=True, blank=True)
    service_route = models.CharField(
        _("dienstverleningsroute"), max_length=40, choices=ServiceRoute.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=ClientStatus.choices, default=ClientStatus.AANGEMELD)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("werkcoach"),
        on_delete=models.PROTECT,
        related_name="caseload",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account voor Mijn re-integratie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_profile",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # Optimistic locking: an edit states the version it started from (services.client_update).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("cliënt")
        verbose_name_plural = _("cliënten")
        constraints = [
            models.CheckConstraint(name="client_bsn_nine_digits", condition=Q(bsn__regex=r"^[0-9]{9}$")),
            models.CheckConstraint(name="client_bsn_not_zero", condition=~Q(bsn="000000000")),
        ]
        indexes = [
            # The id rides along (last, so it works on every database): a team's client ids (the
            # access policy's scope in every team figure) come from the index alone, without
            # visiting 600 scattered table pages.
            models.Index(fields=["coach", "status", "id"], name="client_coach_status"),
            models.Index(fields=["last_name", "first_name"], name="client_name"),
            # The client list export's columns in id order, from the index alone: the related
            # tables' per-client rows (also in client id order) are merged in, without hashing.
            models.Index(
                fields=["id"],
                include=["client_number", "coach", "status", "service_route", "benefit_start"],
                name="client_export",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(part for part in (self.first_name, self.name_prefix, self.last_name) if part)

    @property
    def sort_name(self):
        """Name as a list sorts it: 'Jansen, Piet de'."""
        rest = " ".join(part for part in (self.first_name, self.name_prefix) if part)
        return f"{self.last_name}, {rest}"

    @property
    def address(self):
        line1 = " ".join(p for p in (self.street, self.house_number) if p)
        line2 = " ".join(p for p in (self.postcode, self.city) if p)
        return ", ".join(p for p in (line1, line2) if p)


class Overdracht(models.Model):
    """A change of coach, with a warm-handover note for the new coach.

    The first assignment is an Overdracht without a previous coach, so this
    table is the complete coach history.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="overdrachten")
    from_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("van werkcoach"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("naar werkcoach"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("datum"), default=timezone.now)
    reason = models.CharField(_("reden"), max_length=30, choices=OverdrachtReason.choices)
    note = models.TextField(_("overdrachtsnotitie"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        # Real handovers only (not the first assignment): what the handover counts count.
        indexes = [
            models.Index(fields=["client"], condition=Q(from_coach__isnull=False), name="overdracht_handover"),
            # Handovers the new coach has not read yet: the caseload's "new" flag.
            models.Index(
                fields=["client", "to_coach"],
                condition=Q(from_coach__isnull=False, acknowledged_at__isnull=True),
                name="overdracht_unread",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="overdracht_changes_coach",
                condition=Q(from_coach__isnull=True) | ~Q(from_coach=models.F("to_coach")),
            ),
        ]

    def __str__(self):
        return f"{self.client_id}: {self.from_coach_id} -> {self.to_coach_id}"

    @property
    def is_handover(self):
        """True for a real change of coach; False for the first assignment."""
        return self.from_coach_id is not None


class Contactmoment(models.Model):
    """A logged contact with the client."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contactmomenten")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("datum en tijd"), default=timezone.now)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    summary = models.TextField(_("samenvatting"))
    agreements = models.TextField(_("afspraken"), blank=True)
    shared_with_client = models.BooleanField(
        _("delen met cliënt"),
        default=False,
        help_text=_("De cliënt ziet dit contactmoment dan in Mijn re-integratie."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        indexes = [models.Index(fields=["client", "-at"], name="contactmoment_client_at")]

    def __str__(self):
        return f"{self.get_channel_display()} {datum(self.at)}"


class Afspraak(models.Model):
    """A dated meeting with the client; afterwards its outcome is recorded."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="afspraken")
    with_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("met"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("datum en tijd"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur in minuten"), default=45)
    mode = models.CharField(_("hoe"), max_length=20, choices=AfspraakMode.choices, default=AfspraakMode.OP_LOCATIE)
    place = models.CharField(_("plaats"), max_length=200)
    # Beeldbellen: the link the client opens; on the invitation instead of an address.
    video_link = models.URLField(_("link voor beeldbellen"), max_length=500, blank=True)
    purpose = models.CharField(_("onderwerp"), max_length=200)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=AfspraakOutcome.choices, blank=True)
    outcome_note = models.TextField(_("toelichting op de uitkomst"), blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The client said "ik kom" in the portal; cleared when the time changes on the coach's proposal.
    confirmed_at = models.DateTimeField(_("bevestigd door de cliënt op"), null=True, blank=True)
    # iCalendar SEQUENCE: one more at every change of time, so a calendar replaces the old entry.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # The start (local date) the day-before reminder was sent for: a moved appointment is reminded again.
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        indexes = [models.Index(fields=["client", "starts_at"], name="afspraak_client_starts")]
        constraints = [
            models.CheckConstraint(
                name="afspraak_outcome_recorded_together",
                condition=(Q(outcome="") & Q(outcome_recorded_at__isnull=True))
                | (~Q(outcome="") & Q(outcome_recorded_at__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"{self.purpose} {datum_tijd(self.starts_at)}"

    @property
    def is_past(self):
        return self.starts_at <= timezone.now()

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes or 0)


class Taak(models.Model):
    """Something the client asked of the coach in the portal; the coach handles it."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="taken")
    kind = models.CharField(_("soort"), max_length=30, choices=TaakKind.choices)
    text = models.TextField(_("wat de cliënt schreef"))
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The appointment the task is about (a cancellation, a request for another time).
    afspraak = models.ForeignKey(
        Afspraak, null=True, blank=True, on_delete=models.CASCADE, related_name="taken", verbose_name=_("afspraak")
    )

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["done_at", "-created_at"]
        verbose_name = _("taak")
        verbose_name_plural = _("taken")

    def __str__(self):
        return self.get_kind_display()


class Verzetverzoek(models.Model):
    """The client asks for another time for an appointment; the coach accepts a moment or proposes another.

    Append-only in spirit: the request keeps the moments the client chose, and the
    coach's answer records the old and the new time, so the timeline can tell it.
    """

    afspraak = models.ForeignKey(Afspraak, on_delete=models.CASCADE, related_name="verzetverzoeken")
    taak = models.OneToOneField(Taak, on_delete=models.CASCADE, related_name="verzetverzoek")
    # ISO 8601 datetimes (local time with offset) the client prefers, 1 to 3.
    preferred = models.JSONField(_("voorkeursmomenten"), default=list)
    reason = models.TextField(_("waarom een andere tijd"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VerzetverzoekStatus.choices, default=VerzetverzoekStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    old_starts_at = models.DateTimeField(_("oude tijd"))
    new_starts_at = models.DateTimeField(_("nieuwe tijd"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("verzoek om een andere tijd")
        verbose_name_plural = _("verzoeken om een andere tijd")
        constraints = [
            # One open request per appointment: a second one waits for the coach's answer.
            models.UniqueConstraint(
                fields=["afspraak"], condition=Q(status="open"), name="verzetverzoek_one_open_per_afspraak"
            ),
        ]

    def __str__(self):
        return f"{self.afspraak_id}: {self.get_status_display()}"
