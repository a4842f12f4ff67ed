"""A worker killed half-way through a destruction list (SIGKILL): the rerun finishes and nothing is done twice."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from reintegratie.bewaren import services
from reintegratie.bewaren.models import OpruimBestand
from reintegratie.bewaren.workflow import ItemStatus, LijstStatus
from reintegratie.documents.models import Brief
from tests.bewaren.helpers import approved_list, closed_client_with_letters
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 12
KILL_AFTER = 4

# The worker's work, slowed down after each commit, before the file deletes that follow it: the
# kill lands in the worst window, a file destroyed in the database whose letters are still in storage.
CHILD = """
import sys, time
import django
django.setup()
from reintegratie.bewaren import services
original = services.files_delete
def slow(**kwargs):
    time.sleep(0.4)
    return original(**kwargs)
services.files_delete = slow
print("destroyed", services.lijst_destroy(int(sys.argv[1])), flush=True)
"""


def child_env(tmp_path, media):
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "PYTHONPATH")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "reintegratie.settings",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "CELERY_BROKER_URL": "memory://",
            "DJANGO_SECRET_KEY": "destroy-crash-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_HTTPS": "false",
            "MEDIA_ROOT": media,
            "STORAGE_URL": "",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run_child(lijst_id, env, log):
    return subprocess.Popen(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-c", CHILD, str(lijst_id)],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_destruction_killed_half_way_finishes_on_the_rerun_and_does_nothing_twice(
    require_postgres, settings, tmp_path
):
    media = str(tmp_path / "media")
    settings.MEDIA_ROOT = media
    coach = UserFactory(role="werkcoach")
    clients = [closed_client_with_letters(coach) for _ in range(CLIENTS)]
    files = list(Brief.objects.values_list("pdf", flat=True))
    lijst = approved_list(clients, checked_by=UserFactory(role="beheerder"), approved_by=UserFactory(role="beheerder"))
    env = child_env(tmp_path, media)

    process = run_child(lijst.pk, env, tmp_path / "first.log")
    deadline = time.monotonic() + 60
    while lijst.items.filter(status=ItemStatus.VERNIETIGD).count() < KILL_AFTER:
        assert process.poll() is None, (tmp_path / "first.log").read_text()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    done_first = dict(lijst.items.filter(status=ItemStatus.VERNIETIGD).values_list("pk", "destroyed_at"))
    assert KILL_AFTER <= len(done_first) < CLIENTS
    # Killed between a commit and its file deletes: the files wait in the retry list, still in storage.
    pending = list(OpruimBestand.objects.filter(deleted_at__isnull=True).values_list("name", flat=True))
    assert pending and all(default_storage.exists(name) for name in pending)
    lijst.refresh_from_db()
    assert lijst.status == LijstStatus.GOEDGEKEURD

    rerun = run_child(lijst.pk, env, tmp_path / "rerun.log")
    assert rerun.wait(timeout=120) == 0, (tmp_path / "rerun.log").read_text()
    # The rerun destroyed exactly the rest; the files destroyed before the kill kept their moment.
    assert f"destroyed {CLIENTS - len(done_first)}" in (tmp_path / "rerun.log").read_text()
    assert dict(lijst.items.filter(pk__in=done_first).values_list("pk", "destroyed_at")) == done_first
    assert set(lijst.items.values_list("status", flat=True)) == {ItemStatus.VERNIETIGD}
    lijst.refresh_from_db()
    assert lijst.status == LijstStatus.UITGEVOERD
    # Every file is gone, each deleted once (one row per file, each with its one moment).
    assert not any(default_storage.exists(name) for name in files)
    rows = OpruimBestand.objects.filter(item__lijst=lijst)
    assert sorted(rows.values_list("name", flat=True)) == sorted(files)
    assert not rows.filter(deleted_at__isnull=True).exists()
    # A third run finds nothing to do.
    assert services.lijst_destroy(lijst.pk) == 0
