"""The client list export's query against a COPY of the plain client columns, on databases already seeded.

Run: .venv/bin/python tests/bench/bench_export_query.py URL_40K URL_4K --rounds 15
(URL: postgres://postgres@127.0.0.1:5432/bench_pages_40k, DJANGO_SECRET_KEY set)

The same measurement as ``bench_pages.measure_export`` (its "export query / COPY of the plain
columns" figure) without gunicorn, the pages or the CSV writer, for quick before/after runs of the
query alone: per database, the query of ``tables.client_rows(Client.objects.all())`` (its SQL
through ``cursor.mogrify``) and the plain columns are COPYed to a temporary file in turns, round
after round. Printed: both medians, their ratio, and the median of the per-round ratios (the
figure least moved by a busy machine). Seeds nothing, asserts nothing.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

from bench_pages import ROOT, _django

PLAIN = (
    "SELECT client_number, coach_id, status, service_route, benefit_start FROM clients_client ORDER BY client_number"
)


def measure(url, rounds):
    _django(url)
    from django.db import connection

    from clients.models import Client
    from reintegratie.reports import tables

    with connection.cursor() as cursor:
        sql, params = tables.client_rows(Client.objects.all()).query.sql_with_params()
        export = cursor.mogrify(sql, params).decode()

    def copy(statement):
        with connection.cursor() as cursor, tempfile.TemporaryFile() as stream:
            started = time.perf_counter()
            cursor.connection.cursor().copy_expert(
                f"COPY ({statement}) TO STDOUT WITH (FORMAT csv, DELIMITER ';')", stream
            )
            return time.perf_counter() - started

    copy(export), copy(PLAIN)  # warm up
    times = {"export": [], "plain": []}
    for _ in range(rounds):
        times["export"].append(copy(export))
        times["plain"].append(copy(PLAIN))
    query, plain = statistics.median(times["export"]), statistics.median(times["plain"])
    per_round = statistics.median(e / p for e, p in zip(times["export"], times["plain"], strict=True))
    name = url.rsplit("/", 1)[-1]
    print(
        f"{name}: export query {query * 1000:.1f} ms, plain columns {plain * 1000:.1f} ms, "
        f"{query / plain:.2f}× (median of per-round ratios {per_round:.2f}×, {rounds} rounds)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    for url in args.urls:
        # One process per database: Django connects to one.
        subprocess.run([sys.executable, __file__, "--one", url, str(args.rounds)], check=True, cwd=ROOT)  # noqa: S603


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        measure(sys.argv[2], int(sys.argv[3]))
    else:
        main()
