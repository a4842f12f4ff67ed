"""The first words of a goal taken over from the intake, one per leefgebied.

A goal is what the client wants to reach, in the client's words ("Ik …"). The
coach completes the sentence with the client; the part between brackets says
what to fill in, so an unfinished goal is plain to see on the plan page.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake.workflow import Leefgebied

# Marks the part of a starter text the coach still has to fill in.
FILL_IN_OPEN, FILL_IN_CLOSE = "[", "]"

GOAL_STARTERS = {
    Leefgebied.FINANCIEN: gettext_lazy("Ik betaal mijn vaste lasten op tijd en [wat wil de cliënt met de schulden?]."),
    Leefgebied.WERK_OPLEIDING: gettext_lazy("Ik werk [aantal] uur per week als [beroep]."),
    Leefgebied.TIJDSBESTEDING: gettext_lazy("Ik ga [aantal] dagen per week naar [dagbesteding of vrijwilligerswerk]."),
    Leefgebied.HUISVESTING: gettext_lazy("Ik woon [waar en hoe wil de cliënt wonen?]."),
    Leefgebied.HUISELIJKE_RELATIES: gettext_lazy("Thuis [wat wil de cliënt dat er thuis anders gaat?]."),
    Leefgebied.GEESTELIJKE_GEZONDHEID: gettext_lazy("Ik krijg hulp van [wie?] zodat [wat wil de cliënt bereiken?]."),
    Leefgebied.LICHAMELIJKE_GEZONDHEID: gettext_lazy("Ik kan [wat wil de cliënt weer kunnen?]."),
    Leefgebied.MIDDELENGEBRUIK: gettext_lazy("Ik krijg hulp van [wie?] zodat [wat wil de cliënt bereiken?]."),
    Leefgebied.ZELFZORG: gettext_lazy("Ik zorg zelf voor [wat wil de cliënt zelf doen?]."),
    Leefgebied.DAGELIJKSE_ACTIVITEITEN: gettext_lazy("Ik regel zelf [welke post, afspraken of zaken?]."),
    Leefgebied.SOCIAAL_NETWERK: gettext_lazy("Ik heb [wie of hoeveel] mensen bij wie ik terecht kan."),
    Leefgebied.MAATSCHAPPELIJKE_PARTICIPATIE: gettext_lazy("Ik doe mee aan [welke activiteit in de buurt?]."),
    Leefgebied.JUSTITIE: gettext_lazy("Ik houd me aan [welke afspraken met justitie?]."),
}


def goal_starter(leefgebied):
    """The starter text of a goal on this leefgebied."""
    text = GOAL_STARTERS.get(leefgebied)
    return str(text) if text else _("Ik wil [wat wil de cliënt bereiken?].")


def needs_completing(text):
    """True while the goal still holds a part to fill in."""
    return FILL_IN_OPEN in text and FILL_IN_CLOSE in text
