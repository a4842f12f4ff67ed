"""Days made equal to a public holiday by decree (Atw art. 3 lid 3), as the beheerder keeps them.

Every term the app computes counts them without the caller passing anything: the
bezwaar term, the on-time check of an objection and the letters built on them.
"""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from klachten import deadlines, holidays
from klachten.models import GelijkgesteldeDag, Zaak
from tests.auth import login
from tests.klachten.helpers import fresh, impose, register_bezwaar, timeline

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture
def decree(db):
    """The decree of 2026-2028 as migration 0003 loads it (a transactional test may have wiped the table)."""
    GelijkgesteldeDag.objects.all().delete()
    importlib.import_module("klachten.migrations.0003_decree_days_atw_art3_lid3").load_decree_2026_2028(apps, None)
    return GelijkgesteldeDag.objects.all()


def test_the_migration_loads_the_five_days_with_their_source(decree):
    assert [d.day for d in decree] == list(holidays.DEFAULT_DECREE_DAYS)
    assert {d.source for d in decree} == {
        "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 "
        "met een algemeen erkende feestdag"
    }
    assert all(d.valid_from <= d.day for d in decree)


@pytest.mark.parametrize(("sent_on", "last_day"), [(D(2026, 4, 2), D(2026, 5, 18)), (D(2027, 3, 25), D(2027, 5, 10))])
def test_every_term_counts_the_decree_days_from_the_table(decree, sent_on, last_day):
    assert deadlines.decree_days() == frozenset(holidays.DEFAULT_DECREE_DAYS)
    assert deadlines.bezwaar_termijn(sent_on).end == last_day
    assert deadlines.is_public_holiday(D(2026, 5, 15))


def test_a_day_counts_only_once_its_decree_is_in_force(decree):
    GelijkgesteldeDag.objects.filter(day=D(2026, 5, 15)).update(valid_from=D(2026, 6, 1))
    holidays.clear_cache()  # update() sends no signal
    assert deadlines.bezwaar_termijn(D(2026, 4, 2)).end == D(2026, 5, 15)


def test_a_day_the_beheerder_adds_in_beheer_counts_at_once(client, beheerder, decree):
    # Thu 2 Jul 2026 is an ordinary working day, until a (made-up) decree says otherwise.
    sent_on = D(2026, 5, 21)  # term: Fri 22 May .. Thu 2 Jul 2026
    assert deadlines.bezwaar_termijn(sent_on).end == D(2026, 7, 2)  # now cached
    login(client, beheerder)
    response = client.post(
        reverse("admin:klachten_gelijkgesteldedag_add"),
        {"day": "2026-07-02", "valid_from": "2026-06-01", "source": "Besluit gelijkstelling (voorbeeld), Stb. 2026, 1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert deadlines.bezwaar_termijn(sent_on).end == D(2026, 7, 3)
    assert "valt op een erkende feestdag" in deadlines.bezwaar_termijn(sent_on).reason


def test_an_objection_on_the_last_legal_day_is_not_late(decree, coach, client_obj, regel):
    # Decision sent Thu 2 Apr 2026; the term ends Mon 18 May (Hemelvaartsdag, decree day, weekend).
    besluit = impose(coach, client_obj, regel)
    Zaak.objects.filter(pk=besluit.pk).update(decided_on=D(2026, 4, 2))
    zaak = fresh(register_bezwaar(coach, fresh(besluit), received_on=D(2026, 5, 18)))

    assert (zaak.bezwaar.on_time, zaak.bezwaar.term_end) == (True, D(2026, 5, 18))
    assert "Na het einde van de bezwaartermijn" not in timeline(zaak).get().text
