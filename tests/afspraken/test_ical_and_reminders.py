"""The .ics file (what a calendar reads matches the appointment) and the reminder the day before (once)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from clients.tasks import afspraak_reminders_task
from reintegratie.outbox.models import Mail
from reintegratie.scheduling.models import PeriodicRun
from tests.auth import login
from tests.factories import AfspraakFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=AMS)
STARTS = datetime(2026, 12, 3, 14, 30, tzinfo=AMS)


@pytest.fixture
def afspraak(client_obj, client_user):
    with time_machine.travel(NOW, tick=False):
        return AfspraakFactory(client=client_obj, starts_at=STARTS, duration_minutes=45, purpose="Kennismaking")


def _event(response):
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == f'attachment; filename="afspraak-{response.afspraak_pk}.ics"'
    calendar = Calendar.from_ical(response.content)
    return calendar, calendar.events[0]


@pytest.mark.parametrize("who", ["client", "coach"])
def test_ics_has_the_appointment_time_in_amsterdam_with_its_timezone_and_no_bsn(
    client, afspraak, client_user, coach, who
):
    if who == "client":
        login(client, client_user)
        response = client.get(reverse("portal:afspraak-ics", args=[afspraak.pk]))
    else:
        login(client, coach)
        response = client.get(reverse("clients:afspraak-ics", args=[afspraak.client_id, afspraak.pk]))
    response.afspraak_pk = afspraak.pk
    calendar, event = _event(response)
    assert event.start == STARTS and str(event.start.tzinfo) == "Europe/Amsterdam"
    assert event.end == datetime(2026, 12, 3, 15, 15, tzinfo=AMS)
    assert b"DTSTART;TZID=Europe/Amsterdam:20261203T143000" in response.content
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Amsterdam"]
    assert event.uid == f"afspraak-{afspraak.pk}@werk.voorbeeldstad.nl"
    assert event["LOCATION"] == "Stadswinkel" and "Kennismaking" in event["SUMMARY"]
    body = response.content.decode()
    for personal in (afspraak.client.bsn, afspraak.client.last_name, afspraak.client.first_name):
        assert personal not in body


def test_ics_uid_stays_and_sequence_grows_when_the_time_changes(client, afspraak, client_user):
    login(client, client_user)
    first = Calendar.from_ical(client.get(reverse("portal:afspraak-ics", args=[afspraak.pk])).content).events[0]
    afspraak.starts_at, afspraak.sequence = datetime(2026, 12, 4, 9, 0, tzinfo=AMS), 1
    afspraak.save()
    second = Calendar.from_ical(client.get(reverse("portal:afspraak-ics", args=[afspraak.pk])).content).events[0]
    assert first.uid == second.uid and (first.sequence, second.sequence) == (0, 1)
    assert second.start == datetime(2026, 12, 4, 9, 0, tzinfo=AMS)


def test_video_appointment_puts_the_link_in_the_ics(client, client_obj, client_user):
    with time_machine.travel(NOW, tick=False):
        video = AfspraakFactory(
            client=client_obj,
            starts_at=STARTS,
            mode="video",
            place="Beeldbellen",
            video_link="https://video.example/abc",
        )
    login(client, client_user)
    event = Calendar.from_ical(client.get(reverse("portal:afspraak-ics", args=[video.pk])).content).events[0]
    assert event["URL"] == "https://video.example/abc" and event["LOCATION"] == "Beeldbellen"


def test_reminder_the_day_before_says_nothing_personal_and_is_sent_once(afspraak, client_obj, settings):
    later = AfspraakFactory(client=client_obj, starts_at=datetime(2026, 12, 5, 10, 0, tzinfo=AMS))
    with time_machine.travel(NOW, tick=False):
        assert afspraak_reminders_task() == {"sent": 1}
        # A second beat the same day, and a rerun after the PeriodicRun row is gone: nothing twice.
        assert afspraak_reminders_task() is None
        PeriodicRun.objects.all().delete()
        assert afspraak_reminders_task() == {"sent": 0}
    mail = Mail.objects.get()
    assert mail.key == f"afspraak-herinnering:{afspraak.pk}:2026-12-03"
    assert mail.subject == "Herinnering: u heeft morgen een afspraak"
    assert "U heeft morgen een afspraak. Kijk in Mijn re-integratie." in mail.body
    for personal in (
        client_obj.first_name,
        client_obj.last_name,
        client_obj.street,
        "14:30",
        "3 december",
        "Kennismaking",
    ):
        assert not personal or personal not in mail.body
    afspraak.refresh_from_db()
    later.refresh_from_db()
    assert afspraak.reminded_for.isoformat() == "2026-12-03" and later.reminded_for is None


def test_no_reminder_for_a_cancelled_appointment_or_a_client_without_portal_account(afspraak, coach, foreign_client):
    afspraak.outcome, afspraak.outcome_recorded_at = "afgezegd", NOW
    afspraak.save()
    AfspraakFactory(client=foreign_client, starts_at=STARTS)  # no portal account
    with time_machine.travel(NOW, tick=False):
        assert afspraak_reminders_task() == {"sent": 0}
    assert not Mail.objects.exists()
