"""Explainable matching of clients and vacancies.

Two layers:

- ``score(eisen, profiel)`` is pure: plain values in, a ``Match`` out, with every
  point and every blocker as a ``Reason`` in words. No database.
- the selectors fetch what the scoring needs in a fixed number of queries,
  whatever the number of clients (one query for the candidates, one for the
  voordrachten), and never open a client's file one by one.

The rules (points are added; a blocker puts the client in the "not now" pile):

| what                                      | result                               |
|-------------------------------------------|--------------------------------------|
| vacancy's occupation in the perspective   | +50 "beroep past"                    |
| occupation not in the perspective         | 0 "ander beroep als doel"            |
| hours within the vacancy's min–max        | +20 "uren passen"                    |
| more hours wanted than the maximum        | +10 "wil meer uren"                  |
| fewer hours than the minimum              | blocker "te weinig uren"             |
| hours unknown                             | 0 "uren niet bekend"                 |
| licence needed and present                | 0 "rijbewijs aanwezig"               |
| licence needed, absent or unknown         | blocker "rijbewijs ontbreekt"        |
| Dutch level needed and reached            | +10 "taalniveau past"                |
| Dutch level needed and not reached        | blocker "taalniveau te laag"         |
| Dutch level needed and unknown            | blocker "taalniveau niet bekend"     |
| physical demands and functional limits    | 0 "lichamelijke eisen bespreken"     |

Hours are the perspective's hours in work (``Intake.target_hours``), or, when
not filled in, the hours available now (``hours_available``).
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients import registry
from clients.models import Client
from clients.workflow import ClientStatus
from intake.models import Intake
from intake.selectors import LATEST_COMPLETED
from intake.workflow import DutchLevel, IntakeStatus, Leefgebied
from reintegratie.accounts.policy import clients_visible_to

from .models import Vacature, Voordracht, double_consent
from .workflow import ACTIVE, VacatureStatus

_MISSING = object()

# Dutch levels from low to high; the intake and the vacancy use the same scale.
DUTCH_RANK = {
    DutchLevel.A0: 0,
    DutchLevel.A1: 1,
    DutchLevel.A2: 2,
    DutchLevel.B1: 3,
    DutchLevel.B2: 4,
    DutchLevel.MOEDERTAAL: 5,
}

BEROEP_PAST = "beroep_past"
BEROEP_ANDERS = "beroep_anders"
UREN_PASSEN = "uren_passen"
UREN_MEER = "uren_meer"
UREN_TE_WEINIG = "uren_te_weinig"
UREN_ONBEKEND = "uren_onbekend"
RIJBEWIJS_AANWEZIG = "rijbewijs_aanwezig"
RIJBEWIJS_ONTBREEKT = "rijbewijs_ontbreekt"
TAAL_PAST = "taal_past"
TAAL_TE_LAAG = "taal_te_laag"
TAAL_ONBEKEND = "taal_onbekend"
EISEN_BESPREKEN = "eisen_bespreken"

POINTS = {BEROEP_PAST: 50, UREN_PASSEN: 20, UREN_MEER: 10, TAAL_PAST: 10}
BLOCKERS = frozenset({UREN_TE_WEINIG, RIJBEWIJS_ONTBREEKT, TAAL_TE_LAAG, TAAL_ONBEKEND})

# (for staff, for the client in plain B1 words)
TEXTS = {
    BEROEP_PAST: (_("beroep past"), _("Dit werk past bij het werk dat u zoekt.")),
    BEROEP_ANDERS: (_("ander beroep als doel"), _("U zoekt ander werk. Maar dit werk kan ook bij u passen.")),
    UREN_PASSEN: (_("uren passen"), _("Het aantal uren past bij u.")),
    UREN_MEER: (_("wil meer uren dan de vacature biedt"), _("U wilt meer uren werken dan hier kan.")),
    UREN_TE_WEINIG: (_("te weinig uren"), _("Voor dit werk moet u meer uren per week werken.")),
    UREN_ONBEKEND: (_("uren niet bekend"), _("We weten nog niet hoeveel uur u wilt werken.")),
    RIJBEWIJS_AANWEZIG: (_("rijbewijs aanwezig"), _("U heeft een rijbewijs. Dat is nodig.")),
    RIJBEWIJS_ONTBREEKT: (_("rijbewijs ontbreekt"), _("Voor dit werk heeft u een rijbewijs B nodig.")),
    TAAL_PAST: (_("taalniveau past"), _("Uw Nederlands is goed genoeg voor dit werk.")),
    TAAL_TE_LAAG: (_("taalniveau te laag"), _("Voor dit werk moet u beter Nederlands spreken.")),
    TAAL_ONBEKEND: (_("taalniveau niet bekend"), _("We weten nog niet hoe goed u Nederlands spreekt.")),
    EISEN_BESPREKEN: (
        _("lichamelijke eisen bespreken"),
        _("Dit werk is lichamelijk zwaar. Bespreek met uw werkcoach of het past."),
    ),
}

# Which kind of instrument could close a gap (the instrumentenhuis uses the leefgebieden).
BLOCKER_CATEGORIES = {
    TAAL_TE_LAAG: (Leefgebied.MAATSCHAPPELIJKE_PARTICIPATIE,),
    TAAL_ONBEKEND: (Leefgebied.MAATSCHAPPELIJKE_PARTICIPATIE,),
    UREN_TE_WEINIG: (Leefgebied.WERK_OPLEIDING, Leefgebied.TIJDSBESTEDING),
    RIJBEWIJS_ONTBREEKT: (),
}


@dataclass(frozen=True)
class Reason:
    code: str

    @property
    def points(self):
        return POINTS.get(self.code, 0)

    @property
    def is_blocker(self):
        return self.code in BLOCKERS

    @property
    def text(self):
        return TEXTS[self.code][0]

    @property
    def client_text(self):
        return TEXTS[self.code][1]


@dataclass(frozen=True)
class Eisen:
    """What a vacancy asks, as plain values."""

    beroep_id: int
    hours_min: int
    hours_max: int
    needs_driving_licence: bool = False
    min_dutch_level: str = ""
    physical_demands: bool = False


@dataclass(frozen=True)
class Profiel:
    """What the latest completed intake says about a client's work picture, as plain values."""

    beroep_ids: frozenset = field(default_factory=frozenset)
    hours: int | None = None
    dutch_level: str = ""
    driving_licence: bool | None = None
    functional_limits: bool = False


@dataclass(frozen=True)
class Match:
    reasons: tuple

    @property
    def score(self):
        return sum(r.points for r in self.reasons)

    @property
    def blockers(self):
        return [r for r in self.reasons if r.is_blocker]

    @property
    def blocked(self):
        return any(r.is_blocker for r in self.reasons)

    @property
    def beroep_past(self):
        return any(r.code == BEROEP_PAST for r in self.reasons)


def eisen_from_vacature(vacature):
    return Eisen(
        beroep_id=vacature.beroep_id,
        hours_min=vacature.hours_min,
        hours_max=vacature.hours_max,
        needs_driving_licence=vacature.needs_driving_licence,
        min_dutch_level=vacature.min_dutch_level,
        physical_demands=bool(vacature.physical_demands.strip()),
    )


def score(eisen, profiel):
    """Return the match of one client's profile with one vacancy's requirements, with its reasons."""
    reasons = [Reason(BEROEP_PAST if eisen.beroep_id in profiel.beroep_ids else BEROEP_ANDERS)]
    if profiel.hours is None:
        reasons.append(Reason(UREN_ONBEKEND))
    elif profiel.hours < eisen.hours_min:
        reasons.append(Reason(UREN_TE_WEINIG))
    elif profiel.hours <= eisen.hours_max:
        reasons.append(Reason(UREN_PASSEN))
    else:
        reasons.append(Reason(UREN_MEER))
    if eisen.needs_driving_licence:
        reasons.append(Reason(RIJBEWIJS_AANWEZIG if profiel.driving_licence else RIJBEWIJS_ONTBREEKT))
    if eisen.min_dutch_level:
        if not profiel.dutch_level:
            reasons.append(Reason(TAAL_ONBEKEND))
        elif DUTCH_RANK[profiel.dutch_level] < DUTCH_RANK[eisen.min_dutch_level]:
            reasons.append(Reason(TAAL_TE_LAAG))
        else:
            reasons.append(Reason(TAAL_PAST))
    if eisen.physical_demands and profiel.functional_limits:
        reasons.append(Reason(EISEN_BESPREKEN))
    return Match(reasons=tuple(reasons))


def rank_key(match, name):
    """Not blocked first, then the highest score, then by name (so equal scores have a stable order)."""
    return (match.blocked, -match.score, name)


# --- selectors --------------------------------------------------------------------------------


@dataclass
class Kandidaat:
    client_id: object
    name: str
    coach_name: str
    in_scope: bool
    match: Match
    voordracht: dict | None = None


def latest_completed_intakes():
    """Completed intakes that are the newest completed one of their client."""
    newest = (
        Intake.objects.filter(client_id=OuterRef("client_id"), status=IntakeStatus.AFGEROND)
        .order_by("-completed_at", "-pk")
        .values("pk")[:1]
    )
    return Intake.objects.filter(status=IntakeStatus.AFGEROND, pk=Subquery(newest))


def candidate_rows(user, vacature):
    """One query: the work picture of every candidate this user may see for this vacancy.

    Candidates are active clients with a completed intake who are either in the
    user's own scope (the access policy) or made visible with both the client's
    and the coach's consent.
    """
    through = Intake.target_occupations.through
    own = clients_visible_to(user)
    # Narrow to the candidate clients first; only for them look up the newest intake.
    candidates = Client.objects.filter(status=ClientStatus.ACTIEF).filter(Q(pk__in=own.values("pk")) | double_consent())
    newest = (
        Intake.objects.filter(client_id=OuterRef("pk"), status=IntakeStatus.AFGEROND)
        .order_by("-completed_at", "-pk")
        .values("pk")[:1]
    )
    return (
        Intake.objects.filter(pk__in=candidates.annotate(newest=Subquery(newest)).values("newest"))
        .annotate(
            in_scope=Exists(own.filter(pk=OuterRef("client_id"))),
            beroep_past=Exists(through.objects.filter(intake_id=OuterRef("pk"), beroep_id=vacature.beroep_id)),
            has_limits=ExpressionWrapper(~Q(functional_limits=""), output_field=BooleanField()),
        )
        .order_by()
        .values(
            "client_id",
            "client__first_name",
            "client__name_prefix",
            "client__last_name",
            "client__coach__first_name",
            "client__coach__last_name",
            "in_scope",
            "beroep_past",
            "has_limits",
            "target_hours",
            "hours_available",
            "dutch_level",
            "driving_licence",
        )
    )


def profiel_from_row(row, beroep_id):
    hours = row["target_hours"] if row["target_hours"] is not None else row["hours_available"]
    return Profiel(
        beroep_ids=frozenset({beroep_id}) if row["beroep_past"] else frozenset(),
        hours=hours,
        dutch_level=row["dutch_level"],
        driving_licence=row["driving_licence"],
        functional_limits=bool(row["has_limits"]),
    )


def _name(row):
    if row["in_scope"]:
        rest = " ".join(p for p in (row["client__first_name"], row["client__name_prefix"]) if p)
        return f"{row['client__last_name']}, {rest}"
    # Outside the own caseload the profile is shown, the full name is not needed.
    return f"{row['client__first_name']} {row['client__last_name'][:1]}."


def kandidaten(user, vacature):
    """Every candidate for this vacancy with the match, ranked (two queries in all)."""
    eisen = eisen_from_vacature(vacature)
    result = []
    for row in candidate_rows(user, vacature):
        match = score(eisen, profiel_from_row(row, vacature.beroep_id))
        coach = " ".join(p for p in (row["client__coach__first_name"], row["client__coach__last_name"]) if p)
        result.append(Kandidaat(row["client_id"], _name(row), coach, row["in_scope"], match))
    active = {
        client_id: {"pk": pk, "status": status}
        for client_id, pk, status in Voordracht.objects.filter(vacature=vacature, status__in=ACTIVE).values_list(
            "client_id", "pk", "status"
        )
    }
    for kandidaat in result:
        kandidaat.voordracht = active.get(kandidaat.client_id)
    result.sort(key=lambda k: rank_key(k.match, k.name))
    return result


def proposals(user, vacature, *, limit=25):
    """The best candidates without a blocker (top ``limit``), and how many there are in all."""
    ranked = kandidaten(user, vacature)
    fitting = [k for k in ranked if not k.match.blocked]
    return {"kandidaten": fitting[:limit], "total": len(fitting), "blocked": len(ranked) - len(fitting)}


def bulk_overview(user, vacature):
    """For a large request ("50 koks"): who can start, what blocks the others, which instruments help.

    Blockers are counted among the candidates whose perspective names the
    vacancy's occupation; a client with two blockers counts under both.
    """
    from trajecten.models import Instrument

    ranked = kandidaten(user, vacature)
    wanting = [k for k in ranked if k.match.beroep_past]
    counts = {}
    for k in wanting:
        for blocker in k.match.blockers:
            counts[blocker.code] = counts.get(blocker.code, 0) + 1
    categories = {c for code in counts for c in BLOCKER_CATEGORIES.get(code, ())}
    instruments = list(Instrument.objects.filter(active=True, category__in=categories).select_related("aanbieder"))
    blockers = [
        {
            "reason": Reason(code),
            "count": count,
            "instruments": [i for i in instruments if i.category in BLOCKER_CATEGORIES.get(code, ())],
        }
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return {
        "places": vacature.places,
        "candidates": len(ranked),
        "wanting": len(wanting),
        "ready": sum(1 for k in wanting if not k.match.blocked),
        "ready_other_occupation": sum(1 for k in ranked if not k.match.blocked and not k.match.beroep_past),
        "blocked": sum(1 for k in wanting if k.match.blocked),
        "blockers": blockers,
    }


def open_vacatures(today=None):
    today = today or timezone.localdate()
    return (
        Vacature.objects.filter(status=VacatureStatus.OPEN)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .select_related("beroep")
    )


def profiel_from_intake(intake):
    """The work picture of one intake (its occupations prefetched or fetched in one query)."""
    if intake is None:
        return None
    return Profiel(
        beroep_ids=frozenset(b.pk for b in intake.target_occupations.all()),
        hours=intake.target_hours if intake.target_hours is not None else intake.hours_available,
        dutch_level=intake.dutch_level,
        driving_licence=intake.driving_licence,
        functional_limits=bool(intake.functional_limits.strip()),
    )


def vacatures_for_client(client, open_rows=open_vacatures):
    """Open vacancies for one client, each with its match, best first; empty without a completed intake.
    ``open_rows()`` reads the open vacancies (the client file's: from compiled SQL)."""
    # On the client file the intake section has read it already (registry.page_memo).
    intake = registry.page_memo_get(client, LATEST_COMPLETED, _MISSING)
    if intake is _MISSING:
        intake = latest_completed_intakes().filter(client=client).prefetch_related("target_occupations").first()
    profiel = profiel_from_intake(intake)
    if profiel is None:
        return []
    rows = [(v, score(eisen_from_vacature(v), profiel)) for v in open_rows()]
    rows.sort(key=lambda row: rank_key(row[1], str(row[0])))
    return rows
