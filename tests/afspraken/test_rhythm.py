"""Contact rhythm by route on the caseload (before it is late), and the coach's weekly overview (counts only, once)."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from clients.models import Client, Taak
from clients.tasks import weekly_overview_task
from reintegratie.outbox.models import Mail
from reintegratie.scheduling.models import PeriodicRun
from tests.auth import login
from tests.factories import ClientFactory, ContactmomentFactory
from tests.trajecten.helpers import agreed_plan
from trajecten.models import Plan

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=AMS)  # a Monday
CASELOAD = reverse("clients:caseload")


def _client(coach, route, last_contact_days_ago, **extra):
    person = ClientFactory(coach=coach, service_route=route, status="actief", **extra)
    Client.objects.filter(pk=person.pk).update(created_at=NOW - timedelta(days=200))
    ContactmomentFactory(client=person, at=NOW - timedelta(days=last_contact_days_ago))
    return person


def _row(page, person):
    start = page.index(person.sort_name)
    return page[start : page.index("</th>", start)]


def test_caseload_warns_before_contact_is_late_and_says_how_long_when_it_is(client, coach):
    soon = _client(coach, "intensief", 10, last_name="Aalders")  # every 2 weeks: due 11 December
    late = _client(coach, "intensief", 50, last_name="Bakker")  # 7 weeks ago
    calm = _client(coach, "maatschappelijke_participatie", 40, last_name="Claassen")  # every 8 weeks: 16 days left
    gone = _client(coach, "intensief", 90, last_name="Dekker")
    Client.objects.filter(pk=gone.pk).update(status="uitgestroomd")
    with time_machine.travel(NOW, tick=False):
        login(client, coach)
        page = client.get(CASELOAD).content.decode()
    assert "Contact nodig vóór 11 december 2026" in _row(page, soon)
    assert "Geen contact sinds 7 weken" in _row(page, late)
    assert "contact" not in _row(page, calm).lower()
    assert "Geen contact" not in _row(page, gone)


def test_a_municipality_sets_its_own_rhythm(client, coach, settings):
    settings.CONTACT_RHYTHM = {
        **settings.CONTACT_RHYTHM,
        "maatschappelijke_participatie": {"contact_weeks": 4, "evaluation_weeks": 26},
    }
    person = _client(coach, "maatschappelijke_participatie", 50)
    with time_machine.travel(NOW, tick=False):
        login(client, coach)
        page = client.get(CASELOAD).content.decode()
    assert "Geen contact sinds 7 weken" in _row(page, person)


def test_evaluation_due_soon_shows_its_date_from_the_plan_or_from_the_route(client, coach):
    own_date = _client(coach, "intensief", 1, last_name="Evers")
    by_route = _client(coach, "intensief", 1, last_name="Fransen")
    with (
        time_machine.travel(NOW - timedelta(weeks=12), tick=False),
        mock.patch("reintegratie.documents.services.brief_publish"),
    ):
        agreed_plan(coach, own_date)
        agreed_plan(coach, by_route)  # intensief: evaluated 13 weeks after agreement
    Plan.objects.filter(client=own_date).update(evaluate_on=NOW.date() + timedelta(days=10))
    with time_machine.travel(NOW, tick=False):
        login(client, coach)
        page = client.get(CASELOAD).content.decode()
    assert "Evaluatie plan op 17 december 2026" in _row(page, own_date)
    assert "Evaluatie plan op 7 december 2026" not in _row(page, by_route)
    assert "Evaluatie plan op 14 december 2026" in _row(page, by_route)


def test_caseload_with_rhythm_flags_stays_one_query_per_page(client, coach, django_assert_num_queries):
    # Names fix which 25 clients the first page (by name) shows: the factory's random names made the
    # number of late rows on it vary from run to run.
    for i in range(3):
        _client(coach, "intensief", 20 + i, last_name=f"Aa{i}")  # every 2 weeks: all three late
    with time_machine.travel(NOW, tick=False):
        login(client, coach)
        client.get(CASELOAD)
        for i in range(40):
            # Every 3 weeks: late from 21 days on. The longest ago sort first: "Naam 00" is 39 days ago.
            _client(coach, "direct_naar_werk", i, last_name=f"Naam {39 - i:02d}")
        with django_assert_num_queries(7):  # the page's count comes with its rows (selectors.caseload_page)
            page = client.get(CASELOAD).content.decode()
    # Page 1: Aa0–Aa2 (late) and Naam 00–21, that is 39 down to 18 days ago, of which 39–21 are late.
    assert page.count("Geen contact sinds") == 3 + 19


def test_weekly_overview_has_counts_and_a_link_only_and_goes_once_a_week(coach, colleague, settings):
    settings.SITE_URL = "https://werk.voorbeeldstad.nl"
    late = _client(coach, "intensief", 50, last_name="Gerritsen")
    _client(coach, "intensief", 10)
    _client(coach, "maatschappelijke_participatie", 3)
    Taak.objects.create(client=late, kind="intake_klopt_niet", text="Mijn adres klopt niet.")
    with time_machine.travel(NOW, tick=False):
        assert weekly_overview_task() == {"queued": 2}
        assert weekly_overview_task() is None
        PeriodicRun.objects.all().delete()
        assert weekly_overview_task() == {"queued": 0}
    mail = Mail.objects.get(key=f"weekoverzicht:{coach.pk}:2026-W50")
    assert mail.to == [coach.email] and mail.subject == "Weekoverzicht van uw caseload"
    assert "- 2 cliënten hebben binnenkort contact nodig of hadden te lang geen contact." in mail.body
    assert "- 1 vraag van een cliënt wacht op u." in mail.body
    assert "Mijn caseload: https://werk.voorbeeldstad.nl/clienten/" in mail.body
    for person in Client.objects.all():
        assert person.last_name not in mail.body and str(person.client_number) not in mail.body.replace("2026", "")
    assert "Mijn adres" not in mail.body
    quiet = Mail.objects.get(key=f"weekoverzicht:{colleague.pk}:2026-W50")
    assert "Deze week hoeft u niets extra te doen" in quiet.body
    with time_machine.travel(NOW + timedelta(days=7), tick=False):
        assert weekly_overview_task() == {"queued": 2}
