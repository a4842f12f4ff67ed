"""Vocabularies of the brede intake: life domains, levels, ladder steps, statuses.

The leefgebieden are the 13 domains of the Zelfredzaamheid-Matrix 2017, named in
our own words; the level texts are our own (the ZRM's cell texts are licensed).
The instrumentenhuis uses the same vocabulary, so intake and instruments speak
the same language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Leefgebied(models.TextChoices):
    FINANCIEN = "financien", _("Geld en schulden")
    WERK_OPLEIDING = "werk_opleiding", _("Werk en opleiding")
    TIJDSBESTEDING = "tijdsbesteding", _("Dagbesteding")
    HUISVESTING = "huisvesting", _("Wonen")
    HUISELIJKE_RELATIES = "huiselijke_relaties", _("Relaties thuis")
    GEESTELIJKE_GEZONDHEID = "geestelijke_gezondheid", _("Geestelijke gezondheid")
    LICHAMELIJKE_GEZONDHEID = "lichamelijke_gezondheid", _("Lichamelijke gezondheid")
    MIDDELENGEBRUIK = "middelengebruik", _("Alcohol en drugs")
    ZELFZORG = "zelfzorg", _("Zelfzorg")
    DAGELIJKSE_ACTIVITEITEN = "dagelijkse_activiteiten", _("Dagelijkse dingen regelen")
    SOCIAAL_NETWERK = "sociaal_netwerk", _("Mensen om je heen")
    MAATSCHAPPELIJKE_PARTICIPATIE = "maatschappelijke_participatie", _("Meedoen in de buurt")
    JUSTITIE = "justitie", _("Justitie")


# Notes on these domains are health information: never shown to a provider.
HEALTH_DOMAINS = frozenset(
    {Leefgebied.GEESTELIJKE_GEZONDHEID, Leefgebied.LICHAMELIJKE_GEZONDHEID, Leefgebied.MIDDELENGEBRUIK}
)

# Our own short description of each self-sufficiency level.
LEVELS = {
    1: _("Acuut probleem: er moet nu iets gebeuren"),
    2: _("Niet zelfredzaam: lukt niet zonder veel hulp"),
    3: _("Beperkt zelfredzaam: lukt deels, met hulp"),
    4: _("Voldoende zelfredzaam: lukt meestal zelf"),
    5: _("Volledig zelfredzaam: lukt helemaal zelf"),
}

# The participatieladder (VNG/Divosa), steps 1 to 6.
TREDES = {
    1: _("Geïsoleerd"),
    2: _("Sociale contacten buitenshuis"),
    3: _("Meedoen aan georganiseerde activiteiten"),
    4: _("Onbetaald werk"),
    5: _("Betaald werk met ondersteuning"),
    6: _("Betaald werk"),
}


class IntakeKind(models.TextChoices):
    EERSTE = "eerste", _("Eerste brede intake")
    HERBEOORDELING = "herbeoordeling", _("Herbeoordeling")


class IntakeStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    AFGEROND = "afgerond", _("Afgerond")


class Support(models.TextChoices):
    GEEN = "geen", _("Geen hulp nodig")
    NODIG = "nodig", _("Hulp nodig, nog niet geregeld")
    GEREGELD = "geregeld", _("Hulp is geregeld")


class Education(models.TextChoices):
    GEEN = "geen", _("Geen of basisschool niet afgemaakt")
    BASISONDERWIJS = "basisonderwijs", _("Basisschool")
    VMBO = "vmbo", _("Vmbo of mbo 1")
    MBO = "mbo", _("Mbo 2, 3 of 4")
    HAVO_VWO = "havo_vwo", _("Havo of vwo")
    HBO_WO = "hbo_wo", _("Hbo of universiteit")
    BUITENLAND = "buitenland", _("Opleiding in het buitenland")


class DutchLevel(models.TextChoices):
    MOEDERTAAL = "moedertaal", _("Moedertaal")
    A0 = "a0", _("Spreekt nog geen Nederlands")
    A1 = "a1", _("A1: eenvoudige woorden")
    A2 = "a2", _("A2: eenvoudige zinnen")
    B1 = "b1", _("B1: redt zich in gesprekken")
    B2 = "b2", _("B2 of hoger")


class DigitalSkills(models.TextChoices):
    GEEN = "geen", _("Kan nog niet met computer of telefoon omgaan")
    BASIS = "basis", _("Basis: mail, DigiD, formulier met hulp")
    GOED = "goed", _("Goed: zelfstandig online")


class Childcare(models.TextChoices):
    NIET_NODIG = "niet_nodig", _("Niet nodig")
    GEREGELD = "geregeld", _("Geregeld")
    NODIG = "nodig", _("Nodig, nog niet geregeld")


class Horizon(models.IntegerChoices):
    DRIE = 3, _("Binnen 3 maanden")
    ZES = 6, _("Binnen 6 maanden")
    JAAR = 12, _("Binnen een jaar")
    TWEE_JAAR = 24, _("Binnen twee jaar")
    LANGER = 36, _("Langer dan twee jaar")
