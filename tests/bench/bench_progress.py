"""Benchmark the daily progress reports at municipal scale: 40,000 due clients, 1 and 2 workers.

Run: make bench-progress   (or .venv/bin/python tests/bench/bench_progress.py --clients 40000 --sample 30)

Needs PostgreSQL (BENCH_PROGRESS_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/reintegratie_bench_progress; created, migrated and filled with
--clients active clients, all due, when it has fewer) and Redis (BENCH_PROGRESS_BROKER_URL, default
redis://127.0.0.1:6379/11, emptied by the run). Starts its own Celery worker processes. Prints
figures; asserts nothing.

Figures:
  fan-out publish   progress_reports_due: select the due clients, publish one batch task per 200
  queue (k workers) from that call until every due client has its letter row, made by k worker
                    processes running the batch tasks (each letter's render task is published too)
  render (k workers) a sample of those letters rendered by k worker processes, publish to ready;
                    40,000 letters at that rate is an extrapolation, not a measurement
  bare WeasyPrint   the same letter's HTML through WeasyPrint alone, in this process: the floor
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_PROGRESS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reintegratie_bench_progress"
)
BROKER_URL = os.environ.get("BENCH_PROGRESS_BROKER_URL", "redis://127.0.0.1:6379/11")
MEDIA = Path(tempfile.gettempdir()) / "reintegratie-bench-progress-media"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["CELERY_BROKER_URL"] = BROKER_URL
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegratie.settings")
os.environ["MEDIA_ROOT"] = str(MEDIA)
FANOUT_QUEUE = "bench-voortgang"

from tests.bench.bench_letters import ensure_database  # noqa: E402


def start_workers(count, queue, log_dir):
    """Start `count` Celery worker processes (one task at a time each) on `queue`."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION",)}
    celery = str(Path(sys.executable).with_name("celery"))
    workers = []
    for i in range(count):
        log = (log_dir / f"worker-{queue}-{count}-{i}.log").open("w")
        workers.append(
            subprocess.Popen(  # noqa: S603  (our own celery, fixed arguments)
                [celery, "-A", "reintegratie", "worker", "-Q", queue, "-c", "1", "-n", f"bench{i}@%h", "-l", "WARNING"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    return workers


def stop_workers(workers):
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


def wait_for(count_now, target, limit):
    started = time.perf_counter()
    while count_now() < target:
        if time.perf_counter() - started > limit:
            return None
        time.sleep(0.2)
    return time.perf_counter() - started


def seed(n_clients):
    from django.db import transaction
    from django.utils import timezone

    from clients.models import Client
    from clients.numbers import CLIENT_NUMBER_START, client_number_sync
    from reintegratie.accounts.models import Role, Team, User
    from reintegratie.reports.management.commands.seed_scale import bsn_series

    have = Client.objects.filter(status="actief").count()
    if have >= n_clients:
        return
    with transaction.atomic():
        team = Team.objects.create(name=f"Bench voortgang {have}")
        coaches = User.objects.bulk_create(
            [
                User(username=f"bench-voortgang-{have}-{i}", role=Role.WERKCOACH, team=team, first_name="Coach")
                for i in range(40)
            ]
        )
        first = max(
            Client.objects.order_by("-client_number").values_list("client_number", flat=True).first() or 0,
            CLIENT_NUMBER_START,
        )
        bsns = bsn_series(92000000 + have)
        Client.objects.bulk_create(
            [
                Client(
                    client_number=first + i + 1,
                    bsn=next(bsns),
                    first_name="Bench",
                    last_name=f"Cliënt {i}",
                    date_of_birth="1980-01-01",
                    status="actief",
                    coach=coaches[i % len(coaches)],
                )
                for i in range(n_clients - have)
            ],
            batch_size=2000,
        )
        Client.objects.update(created_at=timezone.now() - timedelta(days=200))
        client_number_sync()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=40000)
    parser.add_argument("--sample", type=int, default=30, help="letters rendered per worker count")
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    worker_counts = [int(k) for k in args.workers.split(",")]

    ensure_database(DATABASE_URL)
    import django

    django.setup()
    import redis
    from django.core.management import call_command
    from django.template.loader import render_to_string
    from django.utils import timezone

    from clients.models import Client
    from reintegratie.documents import letters, services
    from reintegratie.documents.models import Brief, BriefKind, BriefStatus
    from reintegratie.documents.renderer import bare_weasyprint_pdf

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(args.clients)
    active = Client.objects.filter(status="actief").count()
    print(f"clients: {active} active, all due (seeding {time.perf_counter() - started:.1f} s)")
    broker = redis.Redis.from_url(BROKER_URL)
    reports = Brief.objects.filter(kind=BriefKind.VOORTGANGSRAPPORTAGE)
    log_dir = Path(tempfile.mkdtemp(prefix="bench-progress-"))
    today = timezone.localdate()

    for k in worker_counts:
        reports.delete()
        broker.flushdb()
        workers = start_workers(k, FANOUT_QUEUE, log_dir)
        time.sleep(4)  # let the workers connect before the clock starts
        try:
            t0 = time.perf_counter()
            due = services.progress_reports_due(period=today, queue=FANOUT_QUEUE)
            published = time.perf_counter() - t0
            waited = wait_for(reports.count, due, limit=1800)
        finally:
            stop_workers(workers)
        total = published + waited if waited is not None else None
        print(f"fan-out publish   : {due} clients in {(due + 199) // 200} batch tasks, published in {published:.2f} s")
        if total is None:
            print(f"queue ({k} worker{'s' if k > 1 else ''})  : not finished within 1800 s ({reports.count()} letters)")
        else:
            print(
                f"queue ({k} worker{'s' if k > 1 else ''})  : {due} letters requested in {total:.1f} s "
                f"({due / total:.0f} per s; each batch task {total / ((due + 199) // 200):.2f} s of wall time)"
            )

    # Rendering: a sample of the letters just requested, by 1 and 2 workers.
    sample_brief = reports.filter(status=BriefStatus.IN_WACHTRIJ).select_related("client", "client__coach").first()
    template, context = letters.letter_context(sample_brief)
    html = render_to_string(template, context)
    css = (ROOT / "static" / "css" / "brief.css").read_text()
    inlined = html.replace('<link rel="stylesheet" href="static:css/brief.css">', f"<style>{css}</style>")
    bare_weasyprint_pdf(inlined)  # warm-up
    t0 = time.perf_counter()
    for _ in range(args.sample):
        bare_weasyprint_pdf(inlined)
    bare = (time.perf_counter() - t0) / args.sample
    print(f"bare WeasyPrint    : {bare * 1000:.0f} ms per letter in this process ({1 / bare:.1f} per s): the floor")

    waiting = list(
        reports.filter(status=BriefStatus.IN_WACHTRIJ).values_list("pk", flat=True)[: args.sample * len(worker_counts)]
    )
    for index, k in enumerate(worker_counts):
        ids = waiting[index * args.sample : (index + 1) * args.sample]
        broker.flushdb()  # the 40,000 render messages from the queue phase: only the sample is rendered
        workers = start_workers(k, "celery", log_dir)
        time.sleep(4)
        try:
            t0 = time.perf_counter()
            for brief_id in ids:
                services.brief_publish(brief_id)
            ready = Brief.objects.filter(pk__in=ids, status=BriefStatus.KLAAR)
            waited = wait_for(ready.count, len(ids), 900)
        finally:
            stop_workers(workers)
        if waited is None:
            print(f"render ({k} worker{'s' if k > 1 else ''}) : not finished within 900 s")
            continue
        rate = len(ids) / waited
        print(
            f"render ({k} worker{'s' if k > 1 else ''}) : {len(ids)} letters in {waited:.1f} s = {rate:.2f} per s, "
            f"{waited / len(ids) * 1000:.0f} ms per letter = {waited / len(ids) / bare:.1f}x bare WeasyPrint; "
            f"{args.clients} letters at this rate: {args.clients / rate / 3600:.1f} h (extrapolated)"
        )
    broker.flushdb()
    print(f"worker logs: {log_dir}")


if __name__ == "__main__":
    main()
