"""Zaak: complaints, sanctions and objections share one model.

``Zaak`` holds what every procedure has (client, status, handler, deadline,
decision); a one-to-one detail table per soort holds the rest. The timeline
(``ZaakGebeurtenis``) is append-only. The sanction rules of the municipality's
afstemmingsverordening are data (``SanctieRegel``), versioned by date.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegratie.accounts.policy import scope_to_visible_clients
from reintegratie.dates import datum

from .workflow import (
    OPEN_STATUSES,
    BezwaarUitkomst,
    Channel,
    GebeurtenisKind,
    HorenOverslaan,
    KlachtCategorie,
    Oordeel,
    RecidiveEffect,
    Soort,
    Verwijtbaarheid,
    ZaakStatus,
)


class ZaakQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the zaken whose client this user may see (the one access policy).

        A provider never sees a zaak, not even one it signalled: it signals,
        the coach decides.
        """
        if getattr(user, "role", None) == "aanbieder":
            return self.none()
        return scope_to_visible_clients(self, user)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open().filter(deadline__lt=today)


class Zaak(models.Model):
    """One complaint, sanction or objection procedure of one client."""

    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="zaken")
    status = models.CharField(_("status"), max_length=30, choices=ZaakStatus.choices)
    received_on = models.DateField(_("ontvangen of gestart op"))
    channel = models.CharField(_("hoe binnengekomen"), max_length=20, choices=Channel.choices, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zaken_in_behandeling",
    )
    # The date that matters next (decision, zienswijze or heroverweging), after the Algemene termijnenwet.
    deadline = models.DateField(_("termijn"), null=True, blank=True)
    deadline_nominal = models.DateField(null=True, blank=True)
    deadline_rule = models.CharField(max_length=40, blank=True)
    deadline_reason = models.CharField(max_length=300, blank=True)
    extended_on = models.DateField(_("verlengd op"), null=True, blank=True)
    extension_reason = models.TextField(_("reden verlenging"), blank=True)
    decided_on = models.DateField(_("beslist op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    motivation = models.TextField(_("motivering"), blank=True)
    # Reminders and overdue notices are sent once per deadline.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    overdue_notified_for = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: every edit and every status change raises it.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ZaakQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")
        indexes = [
            models.Index(fields=["client", "soort"], name="zaak_client_soort"),
            models.Index(fields=["status", "deadline"], name="zaak_status_deadline"),
            # Zaken waiting for a step: the caseload's and team overview's "open" and "overdue" flags.
            models.Index(
                fields=["client", "deadline"], condition=Q(deadline__isnull=False), name="zaak_client_deadline"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="zaak_decided_has_motivation",
                condition=~Q(status__in=["afgehandeld", "opgelegd", "waarschuwing", "geen_maatregel"])
                | (Q(decided_on__isnull=False) & ~Q(motivation="")),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.get_soort_display()}"

    @property
    def reference(self):
        """A short number to quote on the phone; no personal data."""
        return f"Z{self.created_at:%Y}-{self.pk:05d}" if self.pk and self.created_at else ""

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def days_left(self, today=None):
        if self.deadline is None:
            return None
        return (self.deadline - (today or timezone.localdate())).days

    @property
    def is_overdue(self):
        return self.is_open and self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def detail(self):
        """The soort's own detail row."""
        return getattr(self, self.soort)


class Klacht(models.Model):
    """A complaint (Awb chapter 9)."""

    zaak = models.OneToOneField(Zaak, primary_key=True, on_delete=models.CASCADE, related_name="klacht")
    category = models.CharField(_("waar gaat het over"), max_length=30, choices=KlachtCategorie.choices)
    description = models.TextField(_("wat is er gebeurd"))
    wish = models.TextField(_("wat wil de cliënt bereiken"), blank=True)
    # About whom: a colleague (9:7 bars them from handling it) or a free description (a provider).
    about_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("over medewerker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    about_text = models.CharField(_("over wie of wat"), max_length=200, blank=True)
    committee = models.BooleanField(_("klachtadviescommissie"), default=False)
    acknowledged_on = models.DateField(_("ontvangst bevestigd op"), null=True, blank=True)
    informal_solution = models.TextField(_("hoe het is opgelost"), blank=True)
    satisfaction_confirmed = models.TextField(_("hoe de cliënt liet weten tevreden te zijn"), blank=True)
    hearing_on = models.DateField(_("gehoord op"), null=True, blank=True)
    hearing_report = models.TextField(_("verslag van het horen"), blank=True)
    hearing_skip_reason = models.TextField(_("waarom niet gehoord"), blank=True)
    findings = models.TextField(_("wat is onderzocht en gevonden"), blank=True)
    judgement = models.CharField(_("oordeel"), max_length=20, choices=Oordeel.choices, blank=True)
    conclusions = models.TextField(_("wat er nu gebeurt"), blank=True)

    class Meta:
        verbose_name = _("klacht")
        verbose_name_plural = _("klachten")

    def __str__(self):
        return self.get_category_display()


class SanctieRegelQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)


class SanctieRegel(models.Model):
    """One category of the municipality's afstemmingsverordening, valid for a period.

    Kept by the beheerder. A change of the verordening is a new row with a new
    valid_from; a breach is judged by the row valid on the day of the breach.
    """

    gemeente = models.CharField(_("gemeente"), max_length=100)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=150)
    description = models.TextField(_("welke gedraging"), help_text=_("In gewone woorden, zo komt het in de brief."))
    legal_basis = models.CharField(_("grondslag"), max_length=200)
    percentage = models.PositiveSmallIntegerField(
        _("verlaging (procent)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duur (maanden)"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    warning_first = models.BooleanField(_("eerst een schriftelijke waarschuwing mogelijk"), default=False)
    recidive_months = models.PositiveSmallIntegerField(_("recidivetermijn (maanden)"), default=12)
    recidive_effect = models.CharField(
        _("gevolg van recidive"), max_length=20, choices=RecidiveEffect.choices, default=RecidiveEffect.DUUR_VERDUBBELD
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)

    objects = SanctieRegelQuerySet.as_manager()

    class Meta:
        ordering = ["gemeente", "code", "-valid_from"]
        verbose_name = _("sanctieregel")
        verbose_name_plural = _("sanctieregels (afstemmingsverordening)")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "code", "valid_from"], name="sanctieregel_unique_version"),
            models.CheckConstraint(
                name="sanctieregel_period_order",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.percentage}%, {self.duration_months} mnd)"


class GelijkgesteldeDag(models.Model):
    """A day the Crown made equal to a public holiday (Algemene termijnenwet art. 3 lid 3).

    Kept by the beheerder. Every term the app computes (klachten/deadlines.py)
    treats the day as a holiday once the decree is in force (valid_from <= day).
    """

    day = models.DateField(_("datum"), unique=True)
    valid_from = models.DateField(_("geldig vanaf"), help_text=_("De dag waarop het besluit in werking trad."))
    source = models.CharField(_("bron"), max_length=300, help_text=_("Het besluit, met vindplaats."))

    class Meta:
        ordering = ["day"]
        verbose_name = _("dag gelijk aan een feestdag")
        verbose_name_plural = _("dagen gelijk aan een feestdag (Algemene termijnenwet art. 3 lid 3)")

    def __str__(self):
        return f"{self.day:%Y-%m-%d} ({self.source})"


class Maatregel(models.Model):
    """A sanction procedure (Participatiewet art. 18): voornemen, zienswijze, decision."""

    zaak = models.OneToOneField(Zaak, primary_key=True, on_delete=models.CASCADE, related_name="maatregel")
    rule = models.ForeignKey(
        SanctieRegel, verbose_name=_("categorie"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    breach_on = models.DateField(_("datum van de gedraging"))
    breach_description = models.TextField(_("wat is er gebeurd"))
    afspraak = models.ForeignKey("clients.Afspraak", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actie = models.ForeignKey("trajecten.Actie", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signalled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    intention_sent_on = models.DateField(_("voornemen verstuurd op"), null=True, blank=True)
    zienswijze_deadline = models.DateField(_("zienswijze uiterlijk"), null=True, blank=True)
    zienswijze = models.TextField(_("zienswijze van de cliënt"), blank=True)
    zienswijze_on = models.DateField(_("zienswijze gegeven op"), null=True, blank=True)
    zienswijze_skip_reason = models.TextField(_("waarom geen zienswijze"), blank=True)
    culpability = models.CharField(_("verwijtbaarheid"), max_length=20, choices=Verwijtbaarheid.choices, blank=True)
    culpability_note = models.TextField(_("toelichting verwijtbaarheid"), blank=True)
    urgent_reasons = models.BooleanField(_("dringende redenen"), null=True, blank=True)
    urgent_reasons_note = models.TextField(_("toelichting dringende redenen"), blank=True)
    percentage = models.PositiveSmallIntegerField(
        _("verlaging (procent)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duur (maanden)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    starts_on = models.DateField(_("gaat in op"), null=True, blank=True)
    recidive_count = models.PositiveSmallIntegerField(_("eerdere maatregelen in de recidivetermijn"), default=0)
    previous = models.ForeignKey(
        Zaak, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("vorige maatregel")
    )
    heroverweging_on = models.DateField(_("heroverweging uiterlijk"), null=True, blank=True)
    heroverweging_done_on = models.DateField(_("heroverwogen op"), null=True, blank=True)
    heroverweging_note = models.TextField(_("uitkomst heroverweging"), blank=True)

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        constraints = [
            # Lid 9: no sanction without culpability; the database refuses it too.
            models.CheckConstraint(
                name="maatregel_percentage_needs_culpability",
                condition=Q(percentage__isnull=True) | Q(culpability__in=["volledig", "verminderd"]),
            ),
        ]

    def __str__(self):
        return self.breach_description[:40]


class Bezwaar(models.Model):
    """An objection against a decision (Awb chapters 6–7)."""

    zaak = models.OneToOneField(Zaak, primary_key=True, on_delete=models.CASCADE, related_name="bezwaar")
    against = models.ForeignKey(
        Zaak, verbose_name=_("bezwaar tegen"), on_delete=models.PROTECT, related_name="bezwaren"
    )
    grounds = models.TextField(_("waarom de cliënt het er niet mee eens is"))
    decision_sent_on = models.DateField(_("besluit verstuurd op"))
    term_end = models.DateField(_("bezwaartermijn tot en met"))
    posted_on = models.DateField(_("op de post gedaan op"), null=True, blank=True)
    on_time = models.BooleanField(_("op tijd"), default=True)
    late_excuse = models.TextField(_("waarom te laat, en is dat te verschonen"), blank=True)
    late_excused = models.BooleanField(_("te laat, maar verschoonbaar"), default=False)
    committee = models.BooleanField(_("bezwaarcommissie"), default=False)
    hearing_on = models.DateField(_("gehoord op"), null=True, blank=True)
    hearing_report = models.TextField(_("verslag van het horen"), blank=True)
    hearing_skip = models.CharField(_("niet gehoord, want"), max_length=1, choices=HorenOverslaan.choices, blank=True)
    hearing_skip_note = models.TextField(_("toelichting"), blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=BezwaarUitkomst.choices, blank=True)

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")

    def __str__(self):
        return self.grounds[:40]


class ZaakGebeurtenis(models.Model):
    """One entry in a zaak's timeline: written once, never changed."""

    zaak = models.ForeignKey(Zaak, on_delete=models.PROTECT, related_name="gebeurtenissen")
    kind = models.CharField(max_length=20, choices=GebeurtenisKind.choices)
    # Now, unless a migration of old files or the demo data records a step on the day it happened.
    at = models.DateTimeField(default=timezone.now, editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=30, choices=ZaakStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=ZaakStatus.choices, blank=True)
    text = models.TextField(blank=True)
    # Shown to the client in the portal (internal notes are not).
    for_client = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("tijdlijn")

    def __str__(self):
        return f"{self.get_kind_display()} {datum(self.at)}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("timeline rows are append-only")
        super().save(*args, **kwargs)
