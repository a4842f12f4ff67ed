"""Complaints, sanctions and objections: their status vocabulary and allowed transitions.

One model (``Zaak``) carries all three; each soort has its own ALLOWED table.
One service per soort changes status (services.klacht_*, maatregel_*,
bezwaar_*), through ``services.zaak_transition``; the timeline
(``ZaakGebeurtenis``) is append-only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Soort(models.TextChoices):
    KLACHT = "klacht", _("Klacht")
    MAATREGEL = "maatregel", _("Maatregel")
    BEZWAAR = "bezwaar", _("Bezwaar")


class ZaakStatus(models.TextChoices):
    # Klacht and bezwaar
    ONTVANGEN = "ontvangen", _("Ontvangen")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    INFORMEEL_OPGELOST = "informeel_opgelost", _("Samen opgelost")
    AFGEHANDELD = "afgehandeld", _("Beslist")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")
    # Maatregel
    GESIGNALEERD = "gesignaleerd", _("Gesignaleerd")
    VOORNEMEN = "voornemen", _("Voornemen verstuurd")
    BEOORDELING = "beoordeling", _("Zienswijze ontvangen, in beoordeling")
    GEEN_MAATREGEL = "geen_maatregel", _("Geen maatregel")
    WAARSCHUWING = "waarschuwing", _("Schriftelijke waarschuwing")
    OPGELEGD = "opgelegd", _("Maatregel opgelegd")
    HERROEPEN = "herroepen", _("Herroepen na bezwaar")


KLACHT_ALLOWED = {
    ZaakStatus.ONTVANGEN: {ZaakStatus.IN_BEHANDELING, ZaakStatus.INFORMEEL_OPGELOST, ZaakStatus.INGETROKKEN},
    ZaakStatus.IN_BEHANDELING: {ZaakStatus.INFORMEEL_OPGELOST, ZaakStatus.AFGEHANDELD, ZaakStatus.INGETROKKEN},
    ZaakStatus.INFORMEEL_OPGELOST: set(),
    ZaakStatus.AFGEHANDELD: set(),
    ZaakStatus.INGETROKKEN: set(),
}

MAATREGEL_ALLOWED = {
    # A provider's signal is only a signal: a coach turns it into a voornemen, or drops it.
    ZaakStatus.GESIGNALEERD: {ZaakStatus.VOORNEMEN, ZaakStatus.GEEN_MAATREGEL},
    ZaakStatus.VOORNEMEN: {ZaakStatus.BEOORDELING, ZaakStatus.GEEN_MAATREGEL},
    ZaakStatus.BEOORDELING: {ZaakStatus.OPGELEGD, ZaakStatus.WAARSCHUWING, ZaakStatus.GEEN_MAATREGEL},
    # Only a gegrond bezwaar reverses a decision (services.bezwaar_decide).
    ZaakStatus.OPGELEGD: {ZaakStatus.HERROEPEN},
    ZaakStatus.WAARSCHUWING: {ZaakStatus.HERROEPEN},
    ZaakStatus.GEEN_MAATREGEL: set(),
    ZaakStatus.HERROEPEN: set(),
}

BEZWAAR_ALLOWED = {
    ZaakStatus.ONTVANGEN: {ZaakStatus.IN_BEHANDELING, ZaakStatus.AFGEHANDELD, ZaakStatus.INGETROKKEN},
    ZaakStatus.IN_BEHANDELING: {ZaakStatus.AFGEHANDELD, ZaakStatus.INGETROKKEN},
    ZaakStatus.AFGEHANDELD: set(),
    ZaakStatus.INGETROKKEN: set(),
}

ALLOWED = {
    Soort.KLACHT: KLACHT_ALLOWED,
    Soort.MAATREGEL: MAATREGEL_ALLOWED,
    Soort.BEZWAAR: BEZWAAR_ALLOWED,
}

# The statuses in which the municipality still owes the client something (a decision).
OPEN_STATUSES = frozenset(
    {
        ZaakStatus.ONTVANGEN,
        ZaakStatus.IN_BEHANDELING,
        ZaakStatus.GESIGNALEERD,
        ZaakStatus.VOORNEMEN,
        ZaakStatus.BEOORDELING,
    }
)
# A decision a client can object to (Awb 6:7); a klacht decision is not a besluit (9:12).
CONTESTABLE = frozenset({ZaakStatus.OPGELEGD, ZaakStatus.WAARSCHUWING})


class KlachtCategorie(models.TextChoices):
    BEJEGENING = "bejegening", _("Bejegening: hoe iemand met u omging")
    BEREIKBAARHEID = "bereikbaarheid", _("Bereikbaarheid")
    BRIEVEN = "brieven", _("Brieven en informatie")
    MAATWERK = "maatwerk", _("Geen rekening gehouden met mijn situatie")
    VERPLICHTE_ACTIVITEITEN = "verplichte_activiteiten", _("Verplichte activiteiten")
    AANBIEDER = "aanbieder", _("Re-integratiebedrijf")
    ANDERS = "anders", _("Iets anders")


class Channel(models.TextChoices):
    PORTAAL = "portaal", _("Mijn re-integratie")
    TELEFOON = "telefoon", _("Telefoon")
    BALIE = "balie", _("Balie")
    BRIEF = "brief", _("Brief")
    EMAIL = "email", _("E-mail")


class Oordeel(models.TextChoices):
    GEGROND = "gegrond", _("Gegrond")
    DEELS_GEGROND = "deels_gegrond", _("Deels gegrond")
    ONGEGROND = "ongegrond", _("Ongegrond")


class BezwaarUitkomst(models.TextChoices):
    GEGROND = "gegrond", _("Gegrond")
    ONGEGROND = "ongegrond", _("Ongegrond")
    NIET_ONTVANKELIJK = "niet_ontvankelijk", _("Niet-ontvankelijk")


class Verwijtbaarheid(models.TextChoices):
    VOLLEDIG = "volledig", _("Verwijtbaar")
    VERMINDERD = "verminderd", _("Verminderd verwijtbaar")
    GEEN = "geen", _("Niet verwijtbaar")


class HorenOverslaan(models.TextChoices):
    """Awb 7:3: the only grounds on which the hearing on an objection may be skipped."""

    KENNELIJK_NIET_ONTVANKELIJK = "a", _("a. Het bezwaar is kennelijk niet-ontvankelijk")
    KENNELIJK_ONGEGROND = "b", _("b. Het bezwaar is kennelijk ongegrond")
    WIL_NIET = "c", _("c. De cliënt wil niet gehoord worden")
    GEEN_REACTIE = "d", _("d. De cliënt liet niet op tijd weten gehoord te willen worden")
    VOLLEDIG_TEGEMOET = "e", _("e. Het bezwaar wordt helemaal toegewezen")


class RecidiveEffect(models.TextChoices):
    """What a repeated breach within the window does to the next sanction."""

    ART_18_LID_6_8 = "art18", _("Pw art. 18 lid 6–8: 1, dan 2, daarna 3 maanden")
    DUUR_VERDUBBELD = "verdubbel", _("De duur verdubbelt (hoogstens 3 maanden)")
    GEEN = "geen", _("Geen verzwaring")


class GebeurtenisKind(models.TextChoices):
    AANGEMAAKT = "aangemaakt", _("Aangemaakt")
    STATUS = "status", _("Status gewijzigd")
    BEHANDELAAR = "behandelaar", _("Behandelaar gekozen")
    VERDAAGD = "verdaagd", _("Termijn verlengd")
    HOREN = "horen", _("Horen")
    ZIENSWIJZE = "zienswijze", _("Zienswijze")
    GEWIJZIGD = "gewijzigd", _("Gegevens gewijzigd")
    HERINNERING = "herinnering", _("Herinnering verstuurd")
    TE_LAAT = "te_laat", _("Termijn verstreken")
    HEROVERWEGING = "heroverweging", _("Heroverweging")
    HERROEPEN = "herroepen", _("Herroepen")
