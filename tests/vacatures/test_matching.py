"""Matching: hand-built cases whose scores and ranking are worked out by hand, then the selectors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reintegratie.vacatures import matching
from reintegratie.vacatures.matching import Eisen, Profiel, rank_key, score
from tests.factories import ClientFactory

from .helpers import beroep, consent, profile, vacature, voordracht

KOK, SCHOONMAKER = 1, 2
# Kok, 24 to 32 hours, Dutch A2 or better, no licence needed.
EISEN = Eisen(beroep_id=KOK, hours_min=24, hours_max=32, min_dutch_level="a2")


def codes(match):
    return [r.code for r in match.reasons]


def test_every_point_and_blocker_is_a_reason_in_words():
    match = score(EISEN, Profiel(beroep_ids=frozenset({KOK}), hours=32, dutch_level="b1"))
    assert [str(r.text) for r in match.reasons] == ["beroep past", "uren passen", "taalniveau past"]
    # 50 (beroep past) + 20 (32 is within 24–32) + 10 (B1 >= A2) = 80
    assert match.score == 80 and not match.blocked


def test_hand_built_cases_rank_as_computed_by_hand():
    profiles = {
        # 50 beroep + 20 uren (32 in 24–32) + 10 taal (B1 >= A2) = 80
        "Anna": Profiel(beroep_ids=frozenset({KOK}), hours=32, dutch_level="b1"),
        # 50 beroep + 10 meer uren (40 > 32) + 10 taal (moedertaal) = 70
        "Bram": Profiel(beroep_ids=frozenset({KOK}), hours=40, dutch_level="moedertaal"),
        # 0 ander beroep + 20 uren (24 in 24–32) + 10 taal (B2) = 30
        "Cem": Profiel(beroep_ids=frozenset({SCHOONMAKER}), hours=24, dutch_level="b2"),
        # 50 beroep + uren blocker (16 < 24) + 10 taal = 60, blocked
        "Dirk": Profiel(beroep_ids=frozenset({KOK}), hours=16, dutch_level="b1"),
        # 50 beroep + 20 uren + taal blocker (A1 < A2) = 70, blocked
        "Eva": Profiel(beroep_ids=frozenset({KOK}), hours=28, dutch_level="a1"),
        # 50 beroep + 0 uren onbekend + 10 taal = 60
        "Fleur": Profiel(beroep_ids=frozenset({KOK}), hours=None, dutch_level="b1"),
        # 50 beroep + 20 uren + taal onbekend blocker = 70, blocked
        "Gijs": Profiel(beroep_ids=frozenset({KOK}), hours=24, dutch_level=""),
    }
    matches = {name: score(EISEN, p) for name, p in profiles.items()}
    assert {n: m.score for n, m in matches.items()} == {
        "Anna": 80,
        "Bram": 70,
        "Cem": 30,
        "Dirk": 60,
        "Eva": 70,
        "Fleur": 60,
        "Gijs": 70,
    }
    ranking = sorted(matches, key=lambda n: rank_key(matches[n], n))
    # Unblocked by score (80, 70, 60, 30), then blocked by score, equal scores by name (Eva before Gijs).
    assert ranking == ["Anna", "Bram", "Fleur", "Cem", "Eva", "Gijs", "Dirk"]
    assert codes(matches["Dirk"]) == ["beroep_past", "uren_te_weinig", "taal_past"]
    assert codes(matches["Eva"])[-1] == "taal_te_laag"
    assert codes(matches["Gijs"])[-1] == "taal_onbekend"
    assert codes(matches["Cem"])[0] == "beroep_anders"


def test_driving_licence_absent_or_unknown_blocks_when_needed():
    eisen = Eisen(beroep_id=KOK, hours_min=1, hours_max=40, needs_driving_licence=True)
    with_licence = score(eisen, Profiel(hours=20, driving_licence=True))
    # 0 ander beroep + 20 uren + 0 rijbewijs aanwezig = 20
    assert with_licence.score == 20 and codes(with_licence)[-1] == "rijbewijs_aanwezig"
    for licence in (False, None):
        match = score(eisen, Profiel(hours=20, driving_licence=licence))
        assert match.blocked and [r.code for r in match.blockers] == ["rijbewijs_ontbreekt"]


def test_physical_demands_with_functional_limits_is_a_point_to_discuss_not_a_blocker():
    eisen = Eisen(beroep_id=KOK, hours_min=1, hours_max=40, physical_demands=True)
    match = score(eisen, Profiel(beroep_ids=frozenset({KOK}), hours=20, functional_limits=True))
    assert "eisen_bespreken" in codes(match) and not match.blocked and match.score == 70


def test_no_requirement_means_no_reason():
    match = score(Eisen(beroep_id=KOK, hours_min=1, hours_max=40), Profiel(hours=20))
    assert codes(match) == ["beroep_anders", "uren_passen"]


# --- selectors against the database --------------------------------------------------------------


@pytest.mark.django_db
def test_candidates_rank_from_the_latest_completed_intake(coach):
    vac = vacature(coach, min_dutch_level="a2")
    anna = ClientFactory(coach=coach, first_name="Anna", last_name="Aa")
    bram = ClientFactory(coach=coach, first_name="Bram", last_name="Bb")
    cem = ClientFactory(coach=coach, first_name="Cem", last_name="Cc")
    dirk = ClientFactory(coach=coach, first_name="Dirk", last_name="Dd")
    profile(anna, hours=32, dutch="b1")  # 80
    profile(bram, hours=40, dutch="moedertaal")  # 70
    profile(cem, occupations=("Schoonmaker",), hours=24, dutch="b2")  # 30
    profile(dirk, hours=16, dutch="b1")  # blocked
    # An older intake of Dirk said 32 hours; only the newest completed one counts.
    older = profile(dirk, hours=32, dutch="b1")
    older.completed_at = older.completed_at.replace(year=2020)
    older.save()
    ranked = matching.kandidaten(coach, vac)
    assert [k.name for k in ranked] == ["Aa, Anna", "Bb, Bram", "Cc, Cem", "Dd, Dirk"]
    assert [k.match.score for k in ranked] == [80, 70, 30, 60]
    assert ranked[-1].match.blocked
    result = matching.proposals(coach, vac)
    assert result["total"] == 3 and result["blocked"] == 1


@pytest.mark.django_db
def test_bulk_overview_counts_blockers_and_names_instruments(coach):
    from tests.trajecten.helpers import instrument

    taal = instrument(category="maatschappelijke_participatie", name="Taaltraject Nederlands")
    instrument(category="financien", name="Budgetcoaching")
    instrument(category="maatschappelijke_participatie", name="Oud taaltraject", active=False)
    vac = vacature(coach, min_dutch_level="b1", places=50)
    for i, (hours, dutch) in enumerate([(24, "b1"), (24, "a1"), (12, "a2"), (30, "a2"), (28, "moedertaal")]):
        profile(ClientFactory(coach=coach, last_name=f"Kok{i}"), hours=hours, dutch=dutch)
    profile(ClientFactory(coach=coach, last_name="Anders"), occupations=("Schoonmaker",), hours=24, dutch="b2")
    overview = matching.bulk_overview(coach, vac)
    # Wanting kok: 5. Ready: b1/24 and moedertaal/28 = 2. Blocked: a1, a2+12h, a2 = 3.
    assert (overview["wanting"], overview["ready"], overview["blocked"]) == (5, 2, 3)
    assert overview["ready_other_occupation"] == 1
    rows = {b["reason"].code: b for b in overview["blockers"]}
    # Taal te laag: a1, a2 (12h) and a2 (30h) = 3; te weinig uren: 12h = 1.
    assert rows["taal_te_laag"]["count"] == 3 and rows["uren_te_weinig"]["count"] == 1
    assert rows["taal_te_laag"]["instruments"] == [taal]
    assert [b["reason"].code for b in overview["blockers"]] == ["taal_te_laag", "uren_te_weinig"]


@pytest.mark.django_db
def test_no_client_without_double_consent_appears_in_another_coachs_list(coach, colleague, other_coach):
    vac = vacature(coach)
    own = ClientFactory(coach=coach, last_name="Eigen")
    profile(own, hours=24)
    cases = {
        "Beide": {"by_client": True, "by_coach": True},
        "AlleenClient": {"by_client": True, "by_coach": False},
        "AlleenCoach": {"by_client": False, "by_coach": True},
        "Geen": None,
        "Ingetrokken": "revoked",
        "Collega": None,
    }
    people = {}
    for last_name, how in cases.items():
        person = ClientFactory(coach=colleague if last_name == "Collega" else other_coach, last_name=last_name)
        people[last_name] = person
        profile(person, hours=24)
        if isinstance(how, dict):
            consent(person, **how)
        elif how == "revoked":
            record = consent(person)
            record.client_revoked_at = record.client_consent_at
            record.save()
    ranked = matching.kandidaten(coach, vac)
    # Outside the own caseload: first name and initial only.
    assert {k.name for k in ranked} == {f"Eigen, {own.first_name}", f"{people['Beide'].first_name} B."}
    assert {k.client_id for k in ranked if not k.in_scope} == {people["Beide"].pk}
    # The other coach sees our client only after double consent, never before.
    assert own.pk not in {k.client_id for k in matching.kandidaten(other_coach, vac)}
    consent(own, by_client=True, by_coach=False)
    assert own.pk not in {k.client_id for k in matching.kandidaten(other_coach, vac)}
    consent(own)
    assert own.pk in {k.client_id for k in matching.kandidaten(other_coach, vac)}


@pytest.mark.django_db
def test_inactive_clients_and_clients_without_completed_intake_are_no_candidates(coach):
    vac = vacature(coach)
    gone = ClientFactory(coach=coach, status="uitgestroomd")
    profile(gone, hours=24)
    ClientFactory(coach=coach)  # no intake
    assert matching.kandidaten(coach, vac) == []


def _count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_matching_query_count_does_not_grow_with_candidates(coach, other_coach, django_assert_max_num_queries):
    vac = vacature(coach)
    first = ClientFactory(coach=coach)
    profile(first, hours=10)  # blocked (10 < 24), so the instruments query runs in both counts
    voordracht(vac, first)
    one = _count_queries(lambda: matching.bulk_overview(coach, vac))
    for i in range(15):
        person = ClientFactory(coach=coach if i % 2 else other_coach)
        profile(person, occupations=("Kok", "Schoonmaker"), hours=20 + i, dutch="b1", licence=bool(i % 3))
        consent(person)
        if i % 4 == 0:
            voordracht(vac, person)
    many = _count_queries(lambda: matching.bulk_overview(coach, vac))
    assert one == many
    # Candidates, voordrachten, instruments.
    with django_assert_max_num_queries(3):
        matching.bulk_overview(coach, vac)
    # Latest intake, its occupations, the open vacancies.
    with django_assert_max_num_queries(3):
        matching.vacatures_for_client(first)
    assert beroep("Kok").pk == vac.beroep_id
