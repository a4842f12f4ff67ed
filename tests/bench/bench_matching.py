"""Benchmark matching: one vacancy against 40,000 clients, time and query count.

Run: make bench   (or .venv/bin/python tests/bench/bench_matching.py --clients 40000)

Needs PostgreSQL (BENCH_MATCHING_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/reintegratie_bench_matching; created and migrated when missing).
The clients, intakes and occupations are made with bulk_create once and kept for the next run.
Prints figures; asserts nothing.

Scale: 40,000 clients over 400 coaches (100 each, Rotterdam-like); every fifth client's profile is
visible with double consent. The coach sees own clients plus the visible ones.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "DATABASE_URL",
    os.environ.get("BENCH_MATCHING_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reintegratie_bench_matching"),
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegratie.settings")

from tests.bench.bench_letters import ensure_database  # noqa: E402

COACHES = 400
BATCH = 2000


def populate(n_clients):
    """Make n_clients active clients with a completed intake each, in bulk (skipped when there)."""
    import uuid

    from django.utils import timezone

    from clients.models import Client
    from intake.models import Beroep, Intake
    from reintegratie.accounts.models import Team, User
    from reintegratie.vacatures.models import Zichtbaarheid

    have = Client.objects.count()
    if have >= n_clients:
        return have
    team = Team.objects.get_or_create(name="Bench team")[0]
    existing = User.objects.filter(username__startswith="bench_coach_").count()
    User.objects.bulk_create(
        User(username=f"bench_coach_{i}", role="werkcoach", team=team, first_name="Coach", last_name=str(i))
        for i in range(existing, COACHES)
    )
    coaches = list(User.objects.filter(username__startswith="bench_coach_").order_by("pk").values_list("pk", flat=True))
    beroepen = list(Beroep.objects.order_by("pk").values_list("pk", flat=True))
    levels = ["a0", "a1", "a2", "b1", "b2", "moedertaal"]
    now = timezone.now()
    through = Intake.target_occupations.through
    for start in range(have, n_clients, BATCH):
        numbers = range(start, min(start + BATCH, n_clients))
        clients = [
            Client(
                id=uuid.uuid4(),
                client_number=1_000_000 + i,
                bsn=f"{900_000_000 + i:09d}",  # not elfproef-valid on purpose: bench data only
                first_name=f"Voornaam{i}",
                last_name=f"Achternaam{i}",
                date_of_birth=date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                status="actief",
                coach_id=coaches[i % len(coaches)],
            )
            for i in numbers
        ]
        Client.objects.bulk_create(clients)
        intakes = Intake.objects.bulk_create(
            Intake(
                client_id=c.id,
                kind="eerste",
                status="afgerond",
                created_by_id=c.coach_id,
                completed_at=now,
                completed_by_id=c.coach_id,
                hours_available=[8, 16, 24, 32, 36][i % 5],
                target_hours=[None, 24, 32][i % 3],
                dutch_level=levels[i % len(levels)],
                driving_licence=i % 4 == 0,
                functional_limits="Niet lang staan." if i % 9 == 0 else "",
            )
            for i, c in zip(numbers, clients, strict=True)
        )
        through.objects.bulk_create(
            through(intake_id=intake.pk, beroep_id=beroepen[(i * 7 + k) % len(beroepen)])
            for i, intake in zip(numbers, intakes, strict=True)
            for k in range(2)
        )
        Zichtbaarheid.objects.bulk_create(
            Zichtbaarheid(client_id=c.id, client_consent_at=now, coach_consent_at=now, coach_consent_by_id=c.coach_id)
            for i, c in zip(numbers, clients, strict=True)
            if i % 5 == 0
        )
        print(f"  made {numbers.stop} clients", flush=True)
    return Client.objects.count()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intake.models import Beroep
    from reintegratie.accounts.models import User
    from reintegratie.vacatures import matching
    from reintegratie.vacatures.models import Vacature

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    total = populate(args.clients)
    print(f"clients in the database: {total} (setup {time.perf_counter() - started:.1f} s)")
    coach = User.objects.filter(username="bench_coach_0").get()
    vacature = Vacature.objects.filter(employer_name="Bench horeca").first() or Vacature.objects.create(
        employer_name="Bench horeca",
        beroep=Beroep.objects.order_by("pk").first(),
        hours_min=24,
        hours_max=32,
        location="Rotterdam",
        contract="tijdelijk",
        needs_driving_licence=False,
        min_dutch_level="a2",
        places=50,
        created_by=coach,
    )

    def timed(fn):
        times, queries, result = [], 0, None
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                result = fn()
                times.append(time.perf_counter() - t)
            queries = len(ctx.captured_queries)
        return statistics.median(times), queries, result

    seconds, queries, ranked = timed(lambda: matching.kandidaten(coach, vacature))
    print(
        f"kandidaten   : {len(ranked)} candidates scored and ranked in {seconds * 1000:7.1f} ms (median of "
        f"{args.runs}), {queries} queries"
    )
    seconds, queries, overview = timed(lambda: matching.bulk_overview(coach, vacature))
    print(
        f"bulk overview: {overview['wanting']} want the occupation, {overview['ready']} ready, "
        f"{overview['blocked']} blocked, in {seconds * 1000:7.1f} ms, {queries} queries"
    )
    seconds, queries, _ = timed(lambda: matching.proposals(coach, vacature))
    print(f"proposals    : top 25 in {seconds * 1000:7.1f} ms, {queries} queries")


if __name__ == "__main__":
    main()
