"""Two beat processes started by mistake, one worker, real Redis and PostgreSQL: the daily work is done once."""

import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.utils import timezone

from clients.models import Client
from klachten.models import ZaakGebeurtenis
from klachten.workflow import GebeurtenisKind
from reintegratie.documents.models import Brief, BriefKind, BriefStatus
from reintegratie.outbox.models import Mail
from reintegratie.scheduling.models import PeriodicRun
from tests.factories import ClientFactory
from tests.klachten.helpers import register_klacht, today

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
BROKER = os.environ.get("BEAT_TEST_BROKER_URL", "redis://127.0.0.1:6379/10")
DUE_CLIENTS = 5
FIRINGS = 3  # each beat sends each job at least this often before the test looks


def child_env(tmp_path):
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "PYTHONPATH")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "reintegratie.settings",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "CELERY_BROKER_URL": BROKER,
            "DJANGO_SECRET_KEY": "two-beats-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_DEBUG": "false",
            "DJANGO_HTTPS": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DEMO_MODE": "false",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "EMAIL_URL": "consolemail://",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def start(argv, log, env):
    return subprocess.Popen(  # noqa: S603  (our own celery, fixed arguments)
        [CELERY, "-A", "tests.scheduling.beat_app", *argv],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def sent(log, job):
    return len(re.findall(rf"Sending due task {re.escape(job)}", log.read_text()))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_beats_and_a_worker_make_each_periodic_result_once(
    require_postgres, require_redis, coach, teamleider, tmp_path
):
    due = [ClientFactory(coach=coach) for _ in range(DUE_CLIENTS)]
    Client.objects.filter(pk__in=[c.pk for c in due]).update(created_at=timezone.now() - timedelta(days=200))
    late = register_klacht(coach, ClientFactory(coach=coach), received_on=today() - timedelta(days=60))
    redis.Redis.from_url(BROKER).flushdb()
    env = child_env(tmp_path)
    processes = []
    logs = {name: tmp_path / f"{name}.log" for name in ("worker", "beat-a", "beat-b")}
    try:
        processes.append(
            start(
                ["worker", "-l", "INFO", "-c", "2", "--without-mingle", "--without-gossip", "-n", "w1@%h"],
                logs["worker"],
                env,
            )
        )
        for name in ("beat-a", "beat-b"):
            processes.append(
                start(["beat", "-l", "INFO", "-s", str(tmp_path / f"{name}-schedule"), "--pidfile="], logs[name], env)
            )

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            fired = min(sent(logs[b], job) for b in ("beat-a", "beat-b") for job in ("brieven:", "zaken:"))
            rendered = Brief.objects.filter(kind=BriefKind.VOORTGANGSRAPPORTAGE, status=BriefStatus.KLAAR).count()
            if fired >= FIRINGS and rendered >= DUE_CLIENTS:
                break
            assert all(p.poll() is None for p in processes), {n: logs[n].read_text()[-2000:] for n in logs}
            time.sleep(1)
        time.sleep(3)  # let the last runs the beats sent finish
    finally:
        for process in processes:
            stop(process)

    # Both beats really fired, several times each.
    for name in ("beat-a", "beat-b"):
        assert sent(logs[name], "brieven: periodieke voortgangsrapportages") >= FIRINGS, logs[name].read_text()
        assert sent(logs[name], "zaken: herinneringen") >= FIRINGS, logs[name].read_text()
    # One progress report per due client, all rendered; one run per job and day.
    reports = Brief.objects.filter(kind=BriefKind.VOORTGANGSRAPPORTAGE)
    assert sorted(str(r.client_id) for r in reports) == sorted(str(c.pk) for c in due)
    assert {r.status for r in reports} == {BriefStatus.KLAAR}
    day = timezone.localdate().isoformat()
    assert list(PeriodicRun.objects.order_by("job").values_list("job", "period")) == [
        ("voortgangsrapportages", day),
        ("zaken-herinneringen", day),
    ]
    # One overdue notice: one timeline event, one mail.
    assert ZaakGebeurtenis.objects.filter(zaak=late, kind=GebeurtenisKind.TE_LAAT).count() == 1
    assert Mail.objects.filter(key__startswith=f"zaak-verlopen:{late.pk}:").count() == 1
