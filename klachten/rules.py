"""Sanction rules: the default afstemmingsverordening and the recidive arithmetic.

Pure: no database. ``DEFAULT_RULES`` seeds ``SanctieRegel`` (a data migration
and ``seed_demo``); the beheerder replaces them with the municipality's own
verordening. The figures follow Participatiewet art. 18 and the 2015 VNG-model
verordening as adopted by e.g. Diemen (CVDR345917), with Rotterdam's written
warning for a first light breach (CVDR348678). See ../shared/DOMAIN.md §1.
Breaching the inlichtingenplicht (art. 17 lid 1) is not a maatregel but a
bestuurlijke boete, and has no row here.
"""

from dataclasses import dataclass
from datetime import date

from .workflow import RecidiveEffect

DEFAULTS_VALID_FROM = date(2015, 1, 1)

DEFAULT_RULES = [
    {
        "code": "registratie-uwv",
        "name": "Niet op tijd ingeschreven bij UWV",
        "description": "U heeft zich niet op tijd ingeschreven als werkzoekende bij UWV.",
        "legal_basis": "Participatiewet art. 18 lid 2; afstemmingsverordening categorie 1",
        "percentage": 5,
        "duration_months": 1,
        "warning_first": True,
        "recidive_effect": RecidiveEffect.DUUR_VERDUBBELD,
    },
    {
        "code": "plan-van-aanpak",
        "name": "Niet meegewerkt aan het plan van aanpak",
        "description": (
            "U heeft niet genoeg meegedaan aan uw plan van aanpak. "
            "Bijvoorbeeld: u kwam niet naar een afspraak en liet niets weten."
        ),
        "legal_basis": "Participatiewet art. 9 lid 1 onder b en art. 44a; afstemmingsverordening categorie 2",
        "percentage": 30,
        "duration_months": 1,
        "warning_first": True,
        "recidive_effect": RecidiveEffect.DUUR_VERDUBBELD,
    },
    {
        "code": "medewerking",
        "name": "Niet meegewerkt aan onderzoek of voorziening",
        "description": "U heeft niet meegewerkt aan een onderzoek of aan hulp die wij u aanboden.",
        "legal_basis": "Participatiewet art. 17 lid 2 en art. 18 lid 4 onder h; afstemmingsverordening categorie 2",
        "percentage": 30,
        "duration_months": 1,
        "warning_first": False,
        "recidive_effect": RecidiveEffect.DUUR_VERDUBBELD,
    },
    {
        "code": "arbeidsverplichting",
        "name": "Geen passend werk gezocht, aangenomen of behouden",
        "description": "U heeft passend werk niet aangenomen of niet behouden, of u zocht niet naar werk.",
        "legal_basis": "Participatiewet art. 18 lid 4 en lid 5",
        "percentage": 100,
        "duration_months": 1,
        "warning_first": False,
        "recidive_effect": RecidiveEffect.ART_18_LID_6_8,
    },
    {
        "code": "verantwoordelijkheid",
        "name": "Tekortschietend besef van verantwoordelijkheid",
        "description": "U heeft zelf gezorgd dat u eerder of meer bijstand nodig had dan nodig was.",
        "legal_basis": "Participatiewet art. 18 lid 2; afstemmingsverordening",
        "percentage": 20,
        "duration_months": 3,
        "warning_first": False,
        "recidive_effect": RecidiveEffect.GEEN,
    },
    {
        "code": "misdraging",
        "name": "Ernstige misdraging",
        "description": "U heeft zich ernstig misdragen tegenover een medewerker van de gemeente.",
        "legal_basis": "Participatiewet art. 18 lid 2 en art. 9 lid 1; afstemmingsverordening",
        "percentage": 50,
        "duration_months": 1,
        "warning_first": False,
        "recidive_effect": RecidiveEffect.DUUR_VERDUBBELD,
    },
]


@dataclass(frozen=True)
class Voorstel:
    """The sanction the rules propose; the coach may adjust it for dringende redenen (lid 10)."""

    percentage: int
    duration_months: int
    explanation: str


def proposed_sanction(*, percentage, duration_months, recidive_effect, recidive_count):
    """Return the sanction the verordening proposes after ``recidive_count`` earlier ones in the window.

    Art. 18 lid 5–8 (geüniformeerde verplichtingen): 100 %, 1 month; a repeat within
    12 months longer than the first (here 2 months); then 3 months each time.
    Verordening recidive (e.g. Rotterdam): the duration doubles each time, to at most 3 months.
    """
    if recidive_count < 0:
        raise ValueError("recidive_count cannot be negative")
    if recidive_count == 0 or recidive_effect == RecidiveEffect.GEEN:
        return Voorstel(percentage, duration_months, "Eerste keer: de maatregel uit de verordening.")
    if recidive_effect == RecidiveEffect.ART_18_LID_6_8:
        months = 2 if recidive_count == 1 else 3
        return Voorstel(
            100,
            months,
            f"Herhaling binnen 12 maanden ({recidive_count}e keer eerder): 100% voor {months} maanden "
            "(Participatiewet art. 18 lid 6 tot en met 8).",
        )
    months = min(3, duration_months * 2**recidive_count)
    return Voorstel(
        percentage,
        max(months, duration_months),
        f"Herhaling binnen 12 maanden ({recidive_count} keer eerder): de duur verdubbelt, tot hoogstens 3 maanden.",
    )
