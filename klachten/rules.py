"""Sanction rules: the default afstemmingsverordening and the recidive arithmetic.

Pure: no database. ``DEFAULT_RULES`` seeds ``SanctieRegel`` (a data migration
and ``seed_demo``); the beheerder replaces them with the municipality's own
verordening. The figures follow Participatiewet art. 18 and the 2015 VNG-model
verordening as adopted by e.g. Diemen (CVDR345917), with Rotterdam's written
warning for a first light breach (CVDR348678). See ../shared/DOMAIN.md §1.
Breaching the inlichtingenplicht (art. 17 lid 1) is not a maatregel but a
bestuurlijke boete, and has no row here.

``ART_18_TEKSTEN`` is the one place that says which text of Participatiewet
art. 18 lid 5-8 applies to a breach, by the date of the breach. docs/sancties.md
says which text each rule follows and what is not verified.
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
class Art18Tekst:
    """One version of Participatiewet art. 18 lid 5-8 (the geüniformeerde verplichtingen of lid 4)."""

    valid_from: date
    citation: str
    window_months: int  # lid 6-8: "binnen twaalf maanden nadat ... is toegepast"
    lid7_months: int  # lid 7 and 8: 100 % for three months
    verified: bool  # checked against the text itself (see docs/sancties.md)


ART_18_TEKSTEN = (
    # Text as on wetten.overheid.nl BWBR0015703 on 2022-03-15 (transcribed in MinBZK/regelrecht-mvp);
    # lid 4-8 came with the Wet maatregelen WWB on 1 January 2015 (that start date: background knowledge).
    # Participatiewet in balans (BWBR0051679) may change art. 18 from 2026 or 2027: NOT VERIFIED, so
    # no later row yet; add one here when the new text is checked.
    Art18Tekst(
        valid_from=date(2015, 1, 1),
        citation="Participatiewet art. 18 lid 5 tot en met 8 (tekst vanaf 1 januari 2015)",
        window_months=12,
        lid7_months=3,
        verified=True,
    ),
)


def art18_tekst(on):
    """Return the version of art. 18 lid 5-8 in force on ``on`` (the day of the breach)."""
    valid = [t for t in ART_18_TEKSTEN if t.valid_from <= on]
    return max(valid, key=lambda t: t.valid_from) if valid else ART_18_TEKSTEN[0]


def art18_lid(chain):
    """Return the lid of art. 18 that applies after ``chain`` linked earlier verlagingen (0 = lid 5).

    Lid 6: a new breach within 12 months after lid 5 was applied. Lid 7: within 12
    months after lid 6. Lid 8: within 12 months after lid 7 (or 8), every time again.
    """
    if chain < 0:
        raise ValueError("chain cannot be negative")
    return 5 + min(chain, 3)


@dataclass(frozen=True)
class Voorstel:
    """The sanction the rules propose; the coach may adjust it for dringende redenen (lid 10)."""

    percentage: int
    duration_months: int
    explanation: str


def proposed_sanction(*, percentage, duration_months, recidive_effect, recidive_count, on=None):
    """Return the sanction the verordening proposes for a breach.

    ``recidive_count`` is what the recidive rule looks at. For the geüniformeerde
    verplichtingen (``ART_18_LID_6_8``) it is the length of the chain of earlier
    verlagingen, each within 12 months of the next (``art18_lid``): lid 5 is the
    verordening's own 100 % for 1 to 3 months; lid 6 is longer than that, at most 3
    months (here one month longer, at least 2); lid 7 and 8 are 3 months. ``on`` is the
    day of the breach and picks the text of art. 18 (``ART_18_TEKSTEN``).
    Verordening recidive (e.g. Rotterdam): ``recidive_count`` earlier sanctions of the
    same category in the window; the duration doubles each time, to at most 3 months.
    """
    if recidive_count < 0:
        raise ValueError("recidive_count cannot be negative")
    if recidive_count == 0 or recidive_effect == RecidiveEffect.GEEN:
        return Voorstel(percentage, duration_months, "Eerste keer: de maatregel uit de verordening.")
    if recidive_effect == RecidiveEffect.ART_18_LID_6_8:
        tekst = art18_tekst(on) if on is not None else ART_18_TEKSTEN[-1]
        lid = art18_lid(recidive_count)
        months = min(3, max(2, duration_months + 1)) if lid == 6 else tekst.lid7_months
        return Voorstel(
            100,
            months,
            f"Opnieuw niet nagekomen binnen {tekst.window_months} maanden na een verlaging volgens lid {lid - 1}: "
            f"100% voor {months} maanden (Participatiewet art. 18 lid {lid}).",
        )
    months = min(3, duration_months * 2**recidive_count)
    return Voorstel(
        percentage,
        max(months, duration_months),
        f"Herhaling binnen 12 maanden ({recidive_count} keer eerder): de duur verdubbelt, tot hoogstens 3 maanden.",
    )
