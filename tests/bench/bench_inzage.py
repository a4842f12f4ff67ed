"""Benchmark the inzage export (AVG art. 15) for a client with a long history.

Run: make bench-inzage   (or .venv/bin/python tests/bench/bench_inzage.py --runs 3)

Needs PostgreSQL (BENCH_INZAGE_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/reintegratie_bench_inzage; created and migrated when missing).
The client and their history are made once and kept; every run removes the earlier runs' requests
and files first, so it reruns cleanly. Prints figures; asserts only that each zip is complete.

The client: 200 contact moments, 100 appointments, 50 letters (real PDFs: one rendered letter
stored 50 times), an agreed plan with 3 goals, 6 zaken, 300 field changes in the history and
1,000 access-log rows. Two figures:
  floor   bare WeasyPrint (bare_weasyprint_pdf) of a one-page letter, stylesheet inlined
  inzage  inzage_make in-process: every table, JSON, CSV, the 50 letters, the PDF overview, storage
and their ratio, measured in the same run on the same machine.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "DATABASE_URL",
    os.environ.get("BENCH_INZAGE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reintegratie_bench_inzage"),
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegratie.settings")
os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "reintegratie-bench-inzage-media"))
os.environ.pop("CELERY_BROKER_URL", None)

from tests.bench.bench_letters import ensure_database  # noqa: E402

CONTACTS, APPOINTMENTS, LETTERS, CHANGES, LOG_ROWS = 200, 100, 50, 300, 1000


def bench_client():
    """The bench's client with a long history, made on the first run (in one transaction) and reused after."""
    from django.db import transaction

    with transaction.atomic():
        return _bench_client()


def _bench_client():
    from unittest import mock

    import pghistory
    from django.core.files.base import ContentFile
    from django.test import RequestFactory
    from django.utils import timezone

    from clients.models import Afspraak, Client, Contactmoment
    from klachten.models import Klacht, Zaak
    from reintegratie.accounts.models import User
    from reintegratie.audit.models import AccessLog
    from reintegratie.documents import services as letters
    from reintegratie.documents.models import Brief
    from reintegratie.reports.management.commands.seed_scale import bsn_series
    from tests.factories import ClientFactory, TeamFactory, UserFactory
    from tests.trajecten.helpers import agreed_plan

    coach = User.objects.filter(username="bench_inzage_coach").first()
    if coach is None:
        coach = UserFactory(username="bench_inzage_coach", team=TeamFactory(name="Bench inzage"))
    client = Client.objects.filter(coach=coach).first()
    if client is not None and Brief.objects.filter(client=client).count() >= LETTERS:
        return coach, client
    if client is None:
        bsn = next(iter(bsn_series(70000000)))
        client = ClientFactory(coach=coach, bsn=bsn, client_number=800001, first_name="Bench", last_name="Inzage")
    now = timezone.now()
    Contactmoment.objects.bulk_create(
        Contactmoment(
            client=client,
            author=coach,
            at=now - timedelta(days=i),
            channel="telefoon",
            summary=f"Gesprek {i}: over werk, de taalles en de planning van de komende weken. " * 3,
            agreements="Cliënt belt de werkgever." if i % 3 == 0 else "",
        )
        for i in range(CONTACTS)
    )
    Afspraak.objects.bulk_create(
        Afspraak(
            client=client,
            with_user=coach,
            created_by=coach,
            starts_at=now - timedelta(days=2 * i),
            place="Stadswinkel",
            purpose="Voortgangsgesprek",
        )
        for i in range(APPOINTMENTS)
    )
    request = RequestFactory().post("/")
    request.user = coach
    with mock.patch("reintegratie.documents.services.brief_publish"):
        first = letters.brief_request(request=request, client=client, kind="voortgangsrapportage", source=client)
    letters.brief_render(brief_id=first.pk)
    first = Brief.objects.get(pk=first.pk)
    pdf = first.pdf.read()
    for _ in range(LETTERS - 1):
        with mock.patch("reintegratie.documents.services.brief_publish"):
            brief = letters.brief_request(request=request, client=client, kind="voortgangsrapportage", source=client)
        brief.pdf.save(f"{brief.pk}.pdf", ContentFile(pdf), save=False)
        brief.status, brief.sha256 = "klaar", first.sha256
        brief.save()
    with pghistory.context(user=coach.pk):
        agreed_plan(
            coach,
            client,
            goals=(
                ("werk_opleiding", "Werk vinden"),
                ("financien", "Schulden regelen"),
                ("lichamelijke_gezondheid", "Rug sterker maken"),
            ),
        )
        for i in range(CHANGES):
            client.phone = f"06 {10000000 + i}"
            client.save(update_fields=["phone"])
    for _ in range(6):
        zaak = Zaak.objects.create(
            soort="klacht", client=client, status="ontvangen", received_on=timezone.localdate(), created_by=coach
        )
        Klacht.objects.create(zaak=zaak, category="bereikbaarheid", description="Ik kon niemand bereiken.")
    AccessLog.objects.bulk_create(
        AccessLog(user=coach, role="werkcoach", client=client, action="view", path="/clienten/x/")
        for _ in range(LOG_ROWS)
    )
    return coach, client


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    import zipfile

    from django.core.management import call_command
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    from reintegratie.documents import letters
    from reintegratie.documents.models import Brief
    from reintegratie.documents.renderer import bare_weasyprint_pdf
    from reintegratie.privacy.models import InzageVerzoek
    from reintegratie.privacy.services import inzage_make

    call_command("migrate", verbosity=0)
    coach, client = bench_client()
    for old in InzageVerzoek.objects.filter(client=client):
        if old.file:
            old.file.storage.delete(old.file.name)
        old.delete()

    sample = Brief.objects.filter(client=client).order_by("pk").first()
    template, context = letters.letter_context(sample)
    css = (ROOT / "static" / "css" / "brief.css").read_text()
    one_page = render_to_string(template, context).replace(
        '<link rel="stylesheet" href="static:css/brief.css">', f"<style>{css}</style>"
    )
    bare_weasyprint_pdf(one_page)  # warm-up: fonts, imports

    floor = []
    for _ in range(max(args.runs, 5)):
        started = time.perf_counter()
        bare_weasyprint_pdf(one_page)
        floor.append(time.perf_counter() - started)

    timings, queries, size, names = [], 0, 0, 0
    for _ in range(args.runs):
        verzoek = InzageVerzoek.objects.create(client=client, requested_by=coach, via="papier")
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            made = inzage_make(verzoek_id=verzoek.pk)
            timings.append(time.perf_counter() - started)
        assert made is not None and made.status == "klaar", verzoek.last_error
        queries = len(captured)
        with made.file.open("rb") as f:
            archive = zipfile.ZipFile(f)
            names = len(archive.namelist())
            assert (
                sum(n.startswith("brieven/") for n in archive.namelist())
                == Brief.objects.filter(client=client, status="klaar").count()
            )
            size = made.file.size

    floor_median, inzage_median = statistics.median(floor), statistics.median(timings)
    print(
        f"client: {CONTACTS} contacts, {APPOINTMENTS} appointments, {LETTERS} letters, {CHANGES} changes, "
        f"{LOG_ROWS} access-log rows"
    )
    print(f"floor   bare WeasyPrint, one-page letter:      median {floor_median * 1000:7.1f} ms")
    print(f"inzage  inzage_make (zip of {names} files, {size // 1024} kB): median {inzage_median * 1000:7.1f} ms")
    print(f"ratio   inzage / floor: {inzage_median / floor_median:.1f}x   ({queries} queries per export)")


if __name__ == "__main__":
    main()
