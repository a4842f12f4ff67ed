"""The municipality-wide KPI snapshot: the same numbers as the live computation, once per period, with its date."""

from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from reintegratie.reports import kpi, snapshots, tables
from reintegratie.reports.models import KpiSnapshot
from tests.auth import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality():
    with override_settings(DEBUG=True):
        call_command("seed_scale", clients=300, stdout=open("/dev/null", "w"))  # noqa: SIM115


def _rows(data):
    return [
        (str(t.title), [[str(c) if c is not None else None for c in row] for row in t.rows])
        for t in tables.dashboard_tables(data)
    ]


def test_snapshot_numbers_equal_the_live_computation(municipality):
    snapshot = snapshots.kpi_snapshot_make()
    period = snapshots.snapshot_period()
    live = kpi.dashboard(Client.objects.all(), period)
    stored = snapshots.snapshot_data(KpiSnapshot.objects.get(pk=snapshot.pk))
    assert stored["period"] == period
    assert _rows(stored) == _rows(live)
    assert snapshot.clients == 300
    # Not a trivially empty comparison: the seeded municipality has figures in every table.
    assert sum(row["total"] for row in stored["caseload"]) == 300
    assert stored["trajecten"]["total"]["started"] > 0


def test_a_second_run_for_the_same_period_replaces_the_figures_and_adds_no_row(municipality):
    first = snapshots.kpi_snapshot_make()
    Client.objects.filter(pk=Client.objects.order_by("pk").values("pk")[:1]).update(status="uitgestroomd")
    second = snapshots.kpi_snapshot_make()
    assert KpiSnapshot.objects.count() == 1
    assert second.pk == first.pk
    assert second.computed_at >= first.computed_at


def test_the_snapshot_covers_1_january_up_to_yesterday():
    assert snapshots.snapshot_period(date(2026, 12, 4)) == kpi.Period(date(2026, 1, 1), date(2026, 12, 3))
    assert snapshots.snapshot_period(date(2027, 1, 1)) == kpi.Period(date(2026, 1, 1), date(2026, 12, 31))


def test_the_nightly_task_is_on_the_beat_schedule():
    from django.conf import settings

    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "reintegratie.reports.tasks.kpi_snapshot_task" in tasks


def test_the_page_shows_the_stored_figures_and_their_date(client, teamleider, municipality):
    snapshot = snapshots.kpi_snapshot_make()
    made = timezone.make_aware(datetime(2026, 12, 4, 1, 30))
    KpiSnapshot.objects.filter(pk=snapshot.pk).update(computed_at=made)
    login(client, teamleider)
    response = client.get(reverse("reports:municipality"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Cijfers van 4 december 2026 om 01.30 uur, over 300 cliënten." in text
    started = snapshot.data["trajecten"]["total"]["started"]
    assert f'<th scope="row">Totaal</th><td class="text-end">{started}</td>' in text


def test_before_the_first_night_the_page_says_when_figures_come(client, teamleider):
    login(client, teamleider)
    text = client.get(reverse("reports:municipality")).content.decode()
    assert "Er zijn nog geen cijfers voor de hele gemeente." in text


def test_a_werkcoach_may_not_see_the_municipality_figures(client, coach):
    login(client, coach)
    assert client.get(reverse("reports:municipality")).status_code == 403
