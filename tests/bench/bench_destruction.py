"""Benchmark destruction: 1,000 closed client files (with letters in storage) destroyed, against a floor.

Run: make bench-destruction   (or .venv/bin/python tests/bench/bench_destruction.py --clients 1000)

Needs PostgreSQL (BENCH_DESTRUCTION_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/reintegratie_bench_destruction; created and migrated when
missing, kept for the next run: every run adds its own fresh clients and an approved list, so
it reruns cleanly). Files go to a temporary MEDIA_ROOT. Prints figures; asserts only that
every file was destroyed.

Figures:
  destruction           services.lijst_destroy: per client one transaction that empties every
                        related row (generic walk over the models), anonymises the client row and
                        its account, and deletes its letter files from storage after the commit
  floor: one UPDATE     one UPDATE statement touching the same 1,000 client rows
  floor: 1,000 UPDATEs  one single-row UPDATE per client, each in its own transaction (the
                        shape destruction has, without any of its work)
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DESTRUCTION_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reintegratie_bench_destruction"
)
os.environ["CELERY_BROKER_URL"] = ""  # the task is called in-process here
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegratie.settings")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="reintegratie-bench-destruction-")
os.environ["STORAGE_URL"] = ""

from tests.bench.bench_letters import ensure_database  # noqa: E402

LETTERS = 2


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def new_bsns(count, taken):
    """``count`` valid BSNs (elfproef) not in ``taken``."""
    out = []
    while len(out) < count:
        head = f"{random.randrange(10_000_000, 99_999_999):08d}"
        check = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), head, strict=True)) % 11
        bsn = head + str(check)
        if check <= 9 and bsn not in taken:
            taken.add(bsn)
            out.append(bsn)
    return out


def make_files(count):
    """``count`` closed client files, each with a contact moment and LETTERS letters whose files are in storage."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db.models import Max
    from django.utils import timezone

    from clients.models import Client, Contactmoment
    from reintegratie.accounts.models import Role, Team, User
    from reintegratie.documents.models import Brief, BriefKind, BriefStatus
    from reintegratie.documents.services import kenmerk

    team, _ = Team.objects.get_or_create(name="Bench vernietiging")
    coach, _ = User.objects.get_or_create(
        username="bench_vernietiging_coach", defaults={"role": Role.WERKCOACH, "team": team, "first_name": "Bench"}
    )
    start = (Client.objects.aggregate(n=Max("client_number"))["n"] or 0) + 1
    bsns = new_bsns(count, set(Client.objects.values_list("bsn", flat=True)))
    clients = Client.objects.bulk_create(
        Client(
            client_number=start + i,
            bsn=bsns[i],
            first_name="Bench",
            last_name=f"Persoon{start + i}",
            date_of_birth="1980-04-01",
            email=f"persoon{start + i}@bench.example",
            street="Bankastraat",
            house_number=str(i),
            postcode="3011 AB",
            city="Voorbeeldstad",
            status="afgesloten",
            coach=coach,
        )
        for i in range(count)
    )
    now = timezone.now()
    Contactmoment.objects.bulk_create(
        Contactmoment(client=c, author=coach, at=now, channel="telefoon", summary=f"Gesprek met {c.full_name}")
        for c in clients
    )
    kind = BriefKind.UITNODIGING_AFSPRAAK
    source_type = ContentType.objects.get_for_model(Client)
    letters = []
    for c in clients:
        for number in range(1, LETTERS + 1):
            letters.append(
                Brief(
                    client=c,
                    kind=kind,
                    source_type=source_type,
                    source_id=str(c.pk),
                    version=number,
                    number=number,
                    reference=kenmerk(c, kind, number),
                    status=BriefStatus.KLAAR,
                    sha256="0" * 64,
                    personal_note=f"Voor {c.first_name}",
                    created_by=coach,
                )
            )
    for brief in letters:
        content = ContentFile(b"brief " + brief.reference.encode())
        brief.pdf.name = default_storage.save(f"brieven/{brief.pk}.pdf", content)
    Brief.objects.bulk_create(letters)
    return clients, [b.pdf.name for b in letters]


def approved_list(clients):
    from datetime import date

    from django.utils import timezone

    from reintegratie.accounts.models import Role, User
    from reintegratie.bewaren.models import VernietigingItem, Vernietigingslijst
    from reintegratie.bewaren.workflow import LijstStatus

    a, _ = User.objects.get_or_create(username="bench_beheerder_a", defaults={"role": Role.BEHEERDER})
    b, _ = User.objects.get_or_create(username="bench_beheerder_b", defaults={"role": Role.BEHEERDER})
    period = f"b{random.randrange(16**6):06x}"
    lijst = Vernietigingslijst.objects.create(
        period=period,
        status=LijstStatus.GOEDGEKEURD,
        checked_by=a,
        checked_at=timezone.now(),
        approved_by=b,
        approved_at=timezone.now(),
    )
    VernietigingItem.objects.bulk_create(
        VernietigingItem(
            lijst=lijst,
            client=c,
            client_number=c.client_number,
            ended_on=date(2020, 1, 1),
            term_ended_on=date(2025, 1, 1),
        )
        for c in clients
    )
    return lijst


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=1000)
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.db import connection, transaction

    from reintegratie.bewaren import services
    from reintegratie.bewaren.workflow import ItemStatus

    call_command("migrate", verbosity=0)
    seconds, (clients, files) = timed(make_files, args.clients)
    print(f"made {len(clients)} closed files with {len(files)} letters in storage in {seconds:.1f} s")
    ids = [c.pk for c in clients]

    # Floors, on the same rows, before destruction.
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute("UPDATE clients_client SET phone = phone WHERE id = ANY(%s::uuid[])", [[str(i) for i in ids]])
        one_update = time.perf_counter() - start
    start = time.perf_counter()
    for pk in ids:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE clients_client SET phone = phone WHERE id = %s", [str(pk)])
    many_updates = time.perf_counter() - start

    lijst = approved_list(clients)
    destroy, done = timed(services.lijst_destroy, lijst.pk)
    left = lijst.items.exclude(status=ItemStatus.VERNIETIGD).count()
    files_left = sum(default_storage.exists(name) for name in files)
    if done != args.clients or left or files_left:
        sys.exit(f"destroyed {done}, {left} items and {files_left} files left")

    n = args.clients
    per_file = destroy / n * 1000
    print(f"destruction of {n} files ({len(files)} letter files): {destroy:.2f} s ({per_file:.1f} ms per file)")
    print(f"floor: one UPDATE of {n} rows: {one_update * 1000:.1f} ms  (ratio {destroy / one_update:.0f}x)")
    print(
        f"floor: {n} single-row UPDATEs, a transaction each: {many_updates:.2f} s  "
        f"(ratio {destroy / many_updates:.1f}x)"
    )


if __name__ == "__main__":
    main()
