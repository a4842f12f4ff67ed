"""Reads: the anonymised annual overview (Awb 9:12a), caseload badges, and the scope of zaak lists."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from klachten import services
from klachten.models import Klacht, Maatregel, Zaak
from klachten.selectors import annual_overview, open_zaken_counts, zaak_detail, zaken_for
from klachten.workflow import Soort, ZaakStatus
from tests.factories import ClientFactory
from tests.klachten.helpers import (
    days_ago,
    impose,
    intend,
    register_klacht,
    request_as,
    today,
)

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1  # a whole year in the past: every date below lies before today


def klacht(client, *, received, category, status, days=None, judgement="", extended=False, committee=False):
    """A complaint hand-built with its outcome; ``days`` from receipt to decision."""
    decided = received + timedelta(days=days) if days is not None else None
    zaak = Zaak.objects.create(
        soort=Soort.KLACHT,
        client=client,
        status=status,
        received_on=received,
        decided_on=decided,
        motivation="Beslist." if decided else "",
        extended_on=received + timedelta(days=30) if extended else None,
        deadline=received + timedelta(weeks=6) if status in (ZaakStatus.ONTVANGEN, ZaakStatus.IN_BEHANDELING) else None,
        created_by=client.coach,
    )
    Klacht.objects.create(zaak=zaak, category=category, description="x", judgement=judgement, committee=committee)
    return zaak


@pytest.fixture
def year_of_klachten(coach, colleague, other_coach, client_obj, foreign_client, regel):
    """Seven complaints of team Noord in YEAR, and four that do not count."""
    neighbour = ClientFactory(coach=colleague)
    afgehandeld = ZaakStatus.AFGEHANDELD
    klacht(
        client_obj, received=date(YEAR, 3, 2), category="bejegening", status=afgehandeld, days=28, judgement="gegrond"
    )
    klacht(
        client_obj,
        received=date(YEAR, 5, 4),
        category="bereikbaarheid",
        status=afgehandeld,
        days=58,
        judgement="ongegrond",
    )
    klacht(
        client_obj,
        received=date(YEAR, 6, 1),
        category="bejegening",
        status=afgehandeld,
        days=63,
        judgement="deels_gegrond",
        extended=True,
    )
    klacht(client_obj, received=date(YEAR, 9, 1), category="brieven", status=ZaakStatus.INFORMEEL_OPGELOST, days=10)
    klacht(client_obj, received=date(YEAR, 10, 1), category="anders", status=ZaakStatus.INGETROKKEN)
    klacht(neighbour, received=date(YEAR, 11, 2), category="bejegening", status=ZaakStatus.IN_BEHANDELING)
    klacht(
        client_obj,
        received=date(YEAR, 2, 2),
        category="maatwerk",
        status=afgehandeld,
        days=56,
        judgement="gegrond",
        committee=True,
    )
    # Not counted: another team, another year (twice), and a sanction.
    klacht(
        foreign_client,
        received=date(YEAR, 4, 1),
        category="bejegening",
        status=afgehandeld,
        days=5,
        judgement="gegrond",
    )
    klacht(
        client_obj, received=date(YEAR - 1, 12, 31), category="brieven", status=afgehandeld, days=5, judgement="gegrond"
    )
    klacht(client_obj, received=date(YEAR + 1, 1, 1), category="brieven", status=ZaakStatus.ONTVANGEN)
    zaak = Zaak.objects.create(
        soort=Soort.MAATREGEL,
        client=client_obj,
        status=ZaakStatus.VOORNEMEN,
        received_on=date(YEAR, 4, 1),
        created_by=coach,
    )
    Maatregel.objects.create(zaak=zaak, rule=regel, breach_on=date(YEAR, 3, 30), breach_description="x")


def test_annual_overview_counts_by_hand(teamleider, year_of_klachten):
    overview = annual_overview(teamleider, YEAR)

    assert overview["year"] == YEAR
    assert (overview["total"], overview["open"], overview["extended"], overview["committee"]) == (7, 1, 1, 1)
    assert (overview["decided"], overview["settled"], overview["withdrawn"]) == (4, 1, 1)
    assert dict(overview["categories"]) == {
        "Bejegening: hoe iemand met u omging": 3,
        "Bereikbaarheid": 1,
        "Brieven en informatie": 1,
        "Geen rekening gehouden met mijn situatie": 1,
        "Verplichte activiteiten": 0,
        "Re-integratiebedrijf": 0,
        "Iets anders": 1,
    }
    assert dict(overview["judgements"]) == {"Gegrond": 2, "Deels gegrond": 1, "Ongegrond": 1}
    # Closed with a decision date: 28, 58, 63 (extended), 10 (settled), 56 (committee) days; withdrawn has none.
    assert overview["closed"] == 5
    assert (overview["median_days"], overview["max_days"]) == (56, 63)
    # Within the term: 28 <= 6 weeks, 63 <= 6 + 4 weeks, 10, and 56 <= 10 weeks (committee); 58 > 6 weeks is late.
    assert overview["in_time"] == 4


def test_annual_overview_is_anonymous_and_scoped_to_what_the_user_sees(coach, teamleider, client_obj, year_of_klachten):
    overview = annual_overview(teamleider, YEAR)
    text = repr(overview)
    assert client_obj.last_name not in text and client_obj.bsn not in text
    # The coach sees only their own clients: the neighbour's open complaint is not theirs.
    mine = annual_overview(coach, YEAR)
    assert (mine["total"], mine["open"]) == (6, 0)


def test_annual_overview_of_an_empty_year(teamleider):
    overview = annual_overview(teamleider, YEAR)
    assert (overview["total"], overview["closed"], overview["in_time"]) == (0, 0, 0)
    assert (overview["median_days"], overview["max_days"]) == (None, None)
    assert sum(n for _label, n in overview["categories"]) == 0


def test_open_zaken_counts_per_client_in_one_query(
    django_assert_num_queries, coach, client_obj, foreign_client, other_coach
):
    register_klacht(coach, client_obj)  # open, deadline in 6 weeks
    register_klacht(coach, client_obj, received_on=days_ago(60))  # open, overdue
    settled = register_klacht(coach, client_obj)
    services.klacht_settle(
        request=request_as(coach),
        zaak=settled,
        solution="Opgelost.",
        satisfaction_confirmed="Ja.",
        expected_version=settled.version,
    )
    register_klacht(other_coach, foreign_client)
    quiet = ClientFactory(coach=coach)

    with django_assert_num_queries(1):
        counts = open_zaken_counts([client_obj.pk, quiet.pk])

    assert set(counts) == {client_obj.pk}
    assert (counts[client_obj.pk]["open"], counts[client_obj.pk]["overdue"]) == (2, 1)
    # Seen from a day far ahead, both are overdue.
    later = open_zaken_counts([client_obj.pk], today=today() + timedelta(weeks=10))
    assert later[client_obj.pk]["overdue"] == 2


def test_zaken_for_shows_only_visible_zaken_most_urgent_first(
    django_assert_max_num_queries, coach, teamleider, other_coach, client_obj, foreign_client, regel
):
    late = register_klacht(coach, client_obj, received_on=days_ago(60))
    recent = register_klacht(coach, client_obj)
    voornemen = intend(coach, client_obj, regel)
    second = ClientFactory(coach=coach)
    imposed = impose(coach, second, regel)  # open for the heroverweging
    theirs = register_klacht(other_coach, foreign_client)

    with django_assert_max_num_queries(1):
        rows = [(z, z.client.last_name, z.handler, z.klacht if z.soort == "klacht" else None) for z in zaken_for(coach)]
    zaken = [row[0] for row in rows]
    assert set(zaken) == {late, recent, voornemen, imposed}
    deadlines_in_order = [z.deadline for z in zaken]
    assert deadlines_in_order == sorted(deadlines_in_order)
    assert zaken[0] == late

    assert list(zaken_for(coach, client=second)) == [imposed]
    assert set(zaken_for(coach, soort="klacht")) == {late, recent}
    assert set(zaken_for(teamleider)) == {late, recent, voornemen, imposed}
    assert list(zaken_for(other_coach)) == [theirs]


def test_zaken_for_open_only_drops_closed_zaken_but_keeps_a_pending_heroverweging(coach, client_obj, regel):
    settled = register_klacht(coach, client_obj)
    services.klacht_settle(
        request=request_as(coach),
        zaak=settled,
        solution="Opgelost.",
        satisfaction_confirmed="Ja.",
        expected_version=settled.version,
    )
    open_klacht = register_klacht(coach, client_obj)
    imposed = impose(coach, client_obj, regel)
    assert set(zaken_for(coach)) == {settled, open_klacht, imposed}
    assert set(zaken_for(coach, open_only=True)) == {open_klacht, imposed}


def test_zaak_detail_follows_the_policy(coach, other_coach, aanbieder_user, client_obj):
    zaak = register_klacht(coach, client_obj)
    assert zaak_detail(coach, zaak.pk) == zaak
    assert zaak_detail(other_coach, zaak.pk) is None
    assert zaak_detail(aanbieder_user, zaak.pk) is None
