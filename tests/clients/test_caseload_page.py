"""The unfiltered caseload page from SQL compiled once (``selectors.caseload_page``), the same as the ORM's.

A coach's or a team's caseload without a filter runs SQL compiled once per connection, sort, page and
day, with the user's ids and the moment put in at run time, prepared on PostgreSQL, and its count in the
same query. These tests compare every sort and page with the Paginator over ``selectors.caseload``, row
by row and value by value, and check the moment, the odd page numbers and the one query.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.paginator import Paginator
from django.db import connection

from clients import selectors
from clients.views import CASELOAD_FIELDS
from tests.factories import AfspraakFactory, ClientFactory, ContactmomentFactory, UserFactory
from tests.trajecten.helpers import agreed_plan

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=AMS)
SIZE = 3
ANNOTATIONS = ("next_afspraak_at", "last_contact_at", "handover_count", "unread_handover")


@pytest.fixture
def people(coach, colleague):
    out = []
    for n, (last, route, status) in enumerate(
        [
            ("Aalders", "intensief", "aangemeld"),
            ("Bakker", "", "actief"),
            ("Bakker", "direct_naar_werk", "actief"),
            ("Çelik", "intensief", "actief"),
            ("de Wit", "", "aangemeld"),
            ("Zomer", "direct_naar_werk", "actief"),
            ("Yilmaz", "intensief", "actief"),
        ]
    ):
        client = ClientFactory(coach=coach if n % 3 else colleague, last_name=last, service_route=route, status=status)
        if n % 2:
            ContactmomentFactory(client=client, at=NOW - timedelta(days=10 * n))
        AfspraakFactory(client=client, starts_at=NOW + timedelta(hours=n - 2))  # two before NOW, the rest after
        out.append(client)
    agreed_plan(coach, out[1])
    return out


def _row(client):
    values = {name: getattr(client, name, None) for name in ANNOTATIONS}
    return (client.pk, client.sort_name, client.status, client.coach.get_full_name(), values)


def _orm_page(user, number, sort):
    clients = selectors.caseload(user, sort=sort).only(*CASELOAD_FIELDS)
    return Paginator(clients, SIZE).get_page(number)


@pytest.mark.parametrize("who", ["coach", "teamleider"])
def test_every_sort_and_page_is_the_orms(request, people, who):
    user = request.getfixturevalue(who)
    with time_machine.travel(NOW, tick=False):
        for sort in selectors.SORTS:
            for number in (None, "1", "2", "3"):
                page = selectors.caseload_page(user, number, fields=CASELOAD_FIELDS, size=SIZE, sort=sort)
                expected = _orm_page(user, number, sort)
                assert (page.number, page.paginator.count, page.paginator.num_pages) == (
                    expected.number,
                    expected.paginator.count,
                    expected.paginator.num_pages,
                )
                assert [_row(c) for c in page.object_list] == [_row(c) for c in expected.object_list], (sort, number)
    counts = {"coach": 4, "teamleider": 7}
    assert page.paginator.count == counts[who]


def test_odd_page_numbers_get_djangos_answer(coach, people):
    for number in ("0", "-1", "x", "99", "2.0"):
        page = selectors.caseload_page(coach, number, fields=CASELOAD_FIELDS, size=SIZE)
        expected = _orm_page(coach, number, selectors.DEFAULT_SORT)
        assert page.number == expected.number and [c.pk for c in page.object_list] == [c.pk for c in expected]


def test_the_next_appointment_follows_the_moment_in_sql_compiled_once(coach, people):
    client = people[4]  # its appointment is at NOW + 2 h
    for moment, expected in ((NOW, NOW + timedelta(hours=2)), (NOW + timedelta(hours=3), None)):
        with time_machine.travel(moment, tick=False):
            page = selectors.caseload_page(coach, None, fields=CASELOAD_FIELDS, size=10)
        row = next(c for c in page.object_list if c.pk == client.pk)
        assert row.next_afspraak_at == expected


def test_one_query_for_rows_and_count_and_prepared_on_postgresql(coach, people, django_assert_num_queries):
    UserFactory(username="nog-een")
    selectors.caseload_page(coach, None, fields=CASELOAD_FIELDS, size=SIZE)  # compiled (and prepared) here
    with django_assert_num_queries(1) as captured:
        page = selectors.caseload_page(coach, None, fields=CASELOAD_FIELDS, size=SIZE)
    assert page.paginator.count == 4 and len(page.object_list) == SIZE
    if connection.vendor == "postgresql":
        assert captured.captured_queries[0]["sql"].startswith("EXECUTE ")


def test_a_filter_or_an_empty_caseload_still_answers(coach, people):
    page = selectors.caseload_page(coach, None, fields=CASELOAD_FIELDS, size=SIZE, q="Bakker")
    assert {c.last_name for c in page.object_list} == {"Bakker"}
    nobody = UserFactory(username="nieuw", role="werkcoach", team=coach.team)
    empty = selectors.caseload_page(nobody, None, fields=CASELOAD_FIELDS, size=SIZE)
    assert (empty.paginator.count, list(empty.object_list), empty.number) == (0, [], 1)
    assert selectors.caseload_page(nobody, "2", fields=CASELOAD_FIELDS, size=SIZE).number == 1


def test_clients_without_an_appointment_come_last_going_up_on_every_database(coach, people):
    """PostgreSQL's order of NULLs, said out loud: SQLite (make run) puts them first going up."""
    with time_machine.travel(NOW, tick=False):
        up = selectors.caseload_page(coach, None, fields=CASELOAD_FIELDS, size=10, sort="afspraak").object_list
        down = selectors.caseload_page(coach, None, fields=CASELOAD_FIELDS, size=10, sort="-afspraak").object_list
    times = [c.next_afspraak_at for c in up]
    planned = times[: times.index(None)]
    assert times[-1] is None and planned and planned == sorted(planned)
    assert down[0].next_afspraak_at is None
