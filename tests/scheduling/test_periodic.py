"""Periodic work runs once per period and fans out into small idempotent batches."""

from datetime import timedelta

import psycopg2
import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from clients.models import Client
from reintegratie.documents import services as letter_services
from reintegratie.documents.models import Brief, BriefKind
from reintegratie.scheduling.models import PeriodicRun
from reintegratie.scheduling.services import _lock_key, run_once
from tests.documents.test_pipeline import eager  # noqa: F401  (fixture)
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def due_clients(coach, count):
    clients = [ClientFactory(coach=coach) for _ in range(count)]
    Client.objects.filter(pk__in=[c.pk for c in clients]).update(created_at=timezone.now() - timedelta(days=200))
    return clients


def test_the_progress_run_fans_out_in_batches_each_idempotent(coach, eager, settings, monkeypatch):  # noqa: F811
    monkeypatch.setattr(letter_services, "PROGRESS_BATCH", 4)
    clients = due_clients(coach, 10)
    ClientFactory(coach=coach)  # registered today: not due
    batches = []
    real_make = letter_services.progress_reports_make

    def make(**kwargs):
        batches.append(len(kwargs["client_ids"]))
        return real_make(**kwargs)

    monkeypatch.setattr(letter_services, "progress_reports_make", make)
    today = timezone.localdate()

    assert letter_services.progress_reports_due(period=today) == 10
    assert batches == [4, 4, 2]
    reports = Brief.objects.filter(kind=BriefKind.VOORTGANGSRAPPORTAGE)
    assert sorted(r.client_id for r in reports) == sorted(c.pk for c in clients)
    # A batch delivered twice (a redelivered message, a second run) makes nothing more.
    assert real_make(client_ids=[str(c.pk) for c in clients], period=today) == 0
    assert reports.count() == 10


def test_the_database_allows_one_periodic_report_per_client_and_period(coach, client_obj):
    today = timezone.localdate()
    with transaction.atomic():
        letter_services._brief_create(
            client=client_obj, kind=BriefKind.VOORTGANGSRAPPORTAGE, source=client_obj, created_by=coach, period=today
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        letter_services._brief_create(
            client=client_obj, kind=BriefKind.VOORTGANGSRAPPORTAGE, source=client_obj, created_by=coach, period=today
        )
    # Letters a coach asks for (no period) are not limited.
    with transaction.atomic():
        letter_services._brief_create(
            client=client_obj, kind=BriefKind.VOORTGANGSRAPPORTAGE, source=client_obj, created_by=coach
        )
    assert Brief.objects.filter(client=client_obj).count() == 2


def test_a_second_run_in_the_same_period_does_nothing():
    calls = []
    assert run_once("proef", "2026-12-04", lambda: calls.append(1) or {"done": 1}) == {"done": 1}
    assert run_once("proef", "2026-12-04", lambda: calls.append(2)) is None
    assert run_once("proef", "2026-12-05", lambda: calls.append(3) or {}) == {}
    assert calls == [1, 3]
    run = PeriodicRun.objects.get(job="proef", period="2026-12-04")
    assert run.finished_at is not None and run.result == {"done": 1}


def test_a_run_that_died_half_way_is_taken_over_after_the_time_limit():
    PeriodicRun.objects.create(job="proef", period="p", started_at=timezone.now() - timedelta(minutes=10))
    assert run_once("proef", "p", lambda: {"x": 1}) is None  # may still be running
    PeriodicRun.objects.filter(job="proef").update(started_at=timezone.now() - timedelta(hours=2))
    assert run_once("proef", "p", lambda: {"x": 1}) == {"x": 1}


@pytest.mark.postgres
def test_a_run_that_starts_while_another_holds_the_lock_stops(require_postgres):
    params = connection.get_connection_params()
    dsn = {k: v for k, v in params.items() if k in ("dbname", "database", "user", "host", "port", "password")}
    other = psycopg2.connect(**dsn)
    other.autocommit = True
    try:
        other.cursor().execute("SELECT pg_advisory_lock(%s)", [_lock_key("proef")])
        assert run_once("proef", "vandaag", lambda: {"x": 1}) is None
        other.cursor().execute("SELECT pg_advisory_unlock(%s)", [_lock_key("proef")])
    finally:
        other.close()
    assert run_once("proef", "vandaag", lambda: {"x": 1}) == {"x": 1}
