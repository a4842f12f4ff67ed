"""Benchmark the letter pipeline: PDFs per second for one worker, and its overhead.

Run: make bench   (or .venv/bin/python tests/bench/bench_letters.py --letters 60)

Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/reintegratie_bench;
the database is created and migrated when missing) and, for the real-worker figure, Redis
(BENCH_BROKER_URL, default redis://127.0.0.1:6379/14). Prints figures; asserts nothing.

Three figures for the same letter HTML:
  bare      WeasyPrint alone (bare_weasyprint_pdf), stylesheet inlined: the floor
  pipeline  brief_render in-process: claim, context, template, render, checker, file, database
  worker    one Celery worker (solo pool) fed through Redis, from publish until every letter is ready
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "DATABASE_URL", os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reintegratie_bench")
)
os.environ.setdefault("CELERY_BROKER_URL", os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14"))
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegratie.settings")
os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "reintegratie-bench-media"))


def ensure_database(url):
    from urllib.parse import urlparse

    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username or "postgres", dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def bench_client():
    """Return the bench's coach and client, made on the first run and reused on every later one.

    The database is kept between runs, so fixed names (not factory sequences,
    which restart at 0 in every process) keep a second run from colliding.
    """
    from clients.models import Client
    from reintegratie.accounts.models import User
    from reintegratie.reports.management.commands.seed_scale import bsn_series
    from tests.factories import ClientFactory, TeamFactory, UserFactory

    coach = User.objects.filter(username="bench_letters_coach").first()
    if coach is None:
        coach = UserFactory(username="bench_letters_coach", team=TeamFactory(name="Bench brieven"))
    client = Client.objects.filter(coach=coach).order_by("client_number").first()
    if client is None:
        taken = set(Client.objects.values_list("bsn", flat=True))
        bsn = next(b for b in bsn_series(80000000) if b not in taken)
        number = max(Client.objects.order_by("-client_number").values_list("client_number", flat=True)[:1], default=0)
        client = ClientFactory(coach=coach, bsn=bsn, client_number=max(number, 900000) + 1)
    return coach, client


def per_second(count, seconds):
    return count / seconds if seconds else float("inf")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=60)
    parser.add_argument("--no-worker", action="store_true", help="skip the real Celery worker figure")
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from reintegratie.celery import app as celery_app
    from reintegratie.documents import letters, services
    from reintegratie.documents.models import Brief, BriefStatus
    from reintegratie.documents.renderer import bare_weasyprint_pdf, render_html_to_pdf

    call_command("migrate", verbosity=0)
    coach, client = bench_client()
    request = RequestFactory().post("/")
    request.user = coach
    celery_app.conf.task_always_eager = False

    def request_letters(n):
        from unittest import mock

        with mock.patch.object(services, "brief_publish"):
            return [
                services.brief_request(request=request, client=client, kind="voortgangsrapportage", source=client)
                for _ in range(n)
            ]

    sample = request_letters(1)[0]
    template, context = letters.letter_context(sample)
    html = render_to_string(template, context)
    css = (ROOT / "static" / "css" / "brief.css").read_text()
    inlined = html.replace('<link rel="stylesheet" href="static:css/brief.css">', f"<style>{css}</style>")
    render_html_to_pdf(html)  # warm-up: fonts, imports
    bare_weasyprint_pdf(inlined)

    n = args.letters
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        bare_weasyprint_pdf(inlined)
        timings.append(time.perf_counter() - started)
    bare_total = sum(timings)
    bare_median = statistics.median(timings)

    briefs = request_letters(n)
    timings = []
    for brief in briefs:
        started = time.perf_counter()
        services.brief_render(brief_id=brief.pk)
        timings.append(time.perf_counter() - started)
    pipe_total = sum(timings)
    pipe_median = statistics.median(timings)
    assert Brief.objects.filter(pk__in=[b.pk for b in briefs], status=BriefStatus.KLAAR).count() == n

    print(f"letters per run: {n} (one voortgangsrapportage, {len(html) // 1024} kB HTML)")
    print(f"bare WeasyPrint : {per_second(n, bare_total):6.1f} PDF/s   median {bare_median * 1000:6.1f} ms")
    print(f"pipeline        : {per_second(n, pipe_total):6.1f} PDF/s   median {pipe_median * 1000:6.1f} ms")
    print(
        f"overhead        : {(pipe_median - bare_median) * 1000:6.1f} ms per letter "
        f"({(pipe_median / bare_median - 1) * 100:5.1f} % over bare)"
    )

    if not args.no_worker:
        from celery.contrib.testing.worker import start_worker

        celery_app.control.purge()
        briefs = request_letters(n)
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING"):
            started = time.perf_counter()
            for brief in briefs:
                services.brief_publish(brief.pk)
            ids = [b.pk for b in briefs]
            while Brief.objects.filter(pk__in=ids, status=BriefStatus.KLAAR).count() < n:
                if time.perf_counter() - started > 600:
                    print("worker: timed out after 600 s")
                    break
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
        rate = per_second(n, elapsed)
        print(f"one worker/Redis: {rate:6.1f} PDF/s   ({n} letters in {elapsed:.2f} s, publish to ready)")

    Brief.objects.filter(client=client).delete()


if __name__ == "__main__":
    main()
