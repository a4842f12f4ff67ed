"""Benchmark the reports at the size of a large municipality: dashboard time, CSV export against COPY, memory.

Run: make bench-reports   (or .venv/bin/python tests/bench/bench_reports.py --clients 40000)

Needs PostgreSQL (BENCH_REPORTS_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/reintegratie_bench_reports; created, migrated and filled with
``seed_scale`` when empty; kept for the next run). Prints figures; asserts nothing.

Figures:
  dashboard (team)      GET /rapportage/ for one teamleider (about 600 of the clients), median of 5
  dashboard (all)       every KPI over all clients (kpi.dashboard with the whole population as scope)
  csv export            the client list of all clients through the export's own writer (exports.write_csv)
  copy                  PostgreSQL COPY (…) TO STDOUT WITH CSV of the same query, through copy_expert
  csv peak memory       tracemalloc peak while writing that CSV (a separate run; tracing slows it down)
  export task (team)    services.export_run for one teamleider: file, progress and access-log rows
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "DATABASE_URL",
    os.environ.get("BENCH_REPORTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reintegratie_bench_reports"),
)
os.environ["CELERY_BROKER_URL"] = ""  # the task is called in-process here
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegratie.settings")
os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "reintegratie-bench-media"))

from tests.bench.bench_letters import ensure_database  # noqa: E402


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=40000)
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from clients.models import Client
    from reintegratie.accounts.models import Role, User
    from reintegratie.reports import exports, kpi, services, tables
    from reintegratie.reports.forms import default_period
    from tests.auth import login

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    have = Client.objects.count()
    if have < args.clients:
        if have:
            sys.exit(f"the bench database holds {have} clients, fewer than {args.clients}: drop it and run again")
        print(f"seeding {args.clients} clients …", flush=True)
        seconds, _ = timed(call_command, "seed_scale", clients=args.clients, yes=True)
        print(f"  seed_scale: {seconds:.1f} s")
    total = Client.objects.count()
    leider = User.objects.filter(role=Role.TEAMLEIDER, username__startswith="schaal_").order_by("pk").first()
    team_clients = Client.objects.visible_to(leider).count()
    print(f"database: {total} clients; teamleider {leider.username} sees {team_clients}")

    http = HttpClient()
    login(http, leider)
    http.get("/rapportage/")  # warm up
    runs = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            seconds, response = timed(http.get, "/rapportage/")
        assert response.status_code == 200
        runs.append(seconds)
    print(f"dashboard (team, HTTP)     {statistics.median(runs) * 1000:8.0f} ms  ({len(queries)} queries)")

    period = default_period()
    everyone = Client.objects.all()
    with CaptureQueriesContext(connection) as queries:
        seconds, _ = timed(kpi.dashboard, everyone, period)
    print(f"dashboard (all {total}) {seconds * 1000:8.0f} ms  ({len(queries)} queries)")

    rows = tables.client_rows(everyone)
    with tempfile.TemporaryFile() as stream:
        seconds, count = timed(exports.write_csv, stream, tables.CLIENT_COLUMNS, rows.iterator(chunk_size=2000))
        size = stream.tell()
    print(f"csv export ({count} rows)  {seconds * 1000:8.0f} ms  ({size / 1e6:.1f} MB)")

    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor, tempfile.TemporaryFile() as stream:
        copy = cursor.mogrify(sql, params).decode()
        raw = cursor.connection.cursor()
        seconds, _ = timed(raw.copy_expert, f"COPY ({copy}) TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';')", stream)
        size = stream.tell()
    print(f"postgres COPY same rows    {seconds * 1000:8.0f} ms  ({size / 1e6:.1f} MB)")

    with tempfile.TemporaryFile() as stream:
        tracemalloc.start()
        exports.write_csv(stream, tables.CLIENT_COLUMNS, tables.client_rows(everyone).iterator(chunk_size=2000))
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"csv export peak memory     {peak / 1e6:8.1f} MB  (tracemalloc)")

    request = RequestFactory().post("/rapportage/exports/")
    request.user = leider
    with mock.patch("reintegratie.reports.services.export_publish"):
        export = services.export_request(request=request, kind="clienten_csv")
    seconds, done = timed(services.export_run, export_id=export.pk)
    print(f"export task (team, {done.done} rows) {seconds * 1000:6.0f} ms  (file, progress, access log)")


if __name__ == "__main__":
    main()
