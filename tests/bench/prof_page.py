"""Time one page in-process against a bench database (``make bench-pages`` seeds them), with its SQL.

Usage (from the repository root, after ``make bench-pages`` made ``bench_pages_40k``, and static files
collected once into /tmp/benchstatic with the same settings):

    .venv/bin/python tests/bench/prof_page.py DBNAME WHO PATH [ROUNDS] [--cprofile]

WHO is coach, zoeker (the coach with a search in the session), leider or klant; PATH may hold
{client} (the benchmark's plan client), {full} (the client with a full file of a year), {zaak} and
{coach}, e.g. ``/clienten/{client}/``, ``/clienten/{full}/`` or ``"/bench/bare/?coach={coach}"`` for
the floor. Prints the p50 of ROUNDS requests through the whole middleware stack (Django's test client,
no HTTP), the SQL time, the query count and the CPU time of this process (less disturbed by a busy
machine than the wall time; without PostgreSQL's); SHOWSQL=200 lists the slowest statements of the last
request (cut to 200 characters), --cprofile a profile by cumulative time (TOP=60 lines). Used for the
in-process figures in docs/performance.md; asserts nothing.
Also printed: the garbage collector's time per request. SHOWSQL's times are each statement's median
over the rounds; SORT=tottime orders the profile by own time. EXPLAIN=text prints EXPLAIN (ANALYZE,
BUFFERS) of each SELECT whose SQL holds that text. TEMPLATES=1 prints each template's own time per
request (without the templates it includes and without the queries run while it renders).
"""

import cProfile
import gc
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(os.environ.get("ROOT") or Path(__file__).resolve().parents[2])
sys.path.insert(0, str(ROOT))
# Celery's Django fix-up puts the working directory first on sys.path: from another checkout the
# app's modules would come from there, not from ROOT.
os.chdir(ROOT)


def main():
    db, who, path = sys.argv[1], sys.argv[2], sys.argv[3]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4].isdigit() else 30
    os.environ.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{db}",
        CELERY_BROKER_URL="",
        DJANGO_SETTINGS_MODULE="tests.bench.pages_settings",
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver",
        DEMO_MODE="false",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=os.environ.get("STATIC_ROOT", "/tmp/benchstatic"),  # noqa: S108
    )
    os.environ.setdefault("DJANGO_SECRET_KEY", "x-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client as Browser

    from tests.bench.bench_pages import bench_people, bench_targets, signed_in_session

    coach, leider, klant = bench_people()
    user = {"coach": coach, "zoeker": coach, "leider": leider, "klant": klant}[who]
    session_key = signed_in_session(user, search=who == "zoeker")
    plan, zaak = bench_targets(coach)
    path = path.replace("{coach}", str(coach.pk)).replace("{client}", str(plan.client_id))
    path = path.replace("{zaak}", str(zaak.pk) if zaak else "0")
    if "{full}" in path:
        from tests.bench.bench_pages import bench_full_client

        full = bench_full_client(coach)
        path = path.replace("{full}", str(full.pk) if full else "0")

    browser = Browser(HTTP_HOST="127.0.0.1")
    browser.cookies["sessionid"] = session_key
    statements, last_params = [], {}

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - started, sql))
            last_params[sql] = params

    response = browser.get(path)
    if response.status_code != 200:
        sys.exit(f"GET {path}: {response.status_code}")
    for _ in range(5):
        browser.get(path)
    if os.environ.get("GCFREEZE"):
        gc.freeze()
    totals, sql_times, counts, cpu, per_statement = [], [], [], [], {}
    gc_spent, gc_runs, gc_started = [0.0, 0.0, 0.0], [0, 0, 0], {}

    def gc_timer(phase, info):
        generation = info["generation"]
        if phase == "start":
            gc_started[generation] = time.perf_counter()
        else:
            gc_spent[generation] += time.perf_counter() - gc_started[generation]
            gc_runs[generation] += 1

    gc.callbacks.append(gc_timer)
    with connection.execute_wrapper(timed):
        for _ in range(rounds):
            statements.clear()
            started, cpu_started = time.perf_counter(), time.process_time()
            browser.get(path)
            totals.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            sql_times.append(sum(t for t, _sql in statements))
            counts.append(len(statements))
            for index, (spent, sql) in enumerate(statements):
                per_statement.setdefault((index, sql), []).append(spent)
    gc.callbacks.remove(gc_timer)
    print(
        f"{path}: total p50 {statistics.median(totals) * 1000:.1f} ms, "
        f"p95 {sorted(totals)[round(0.95 * (len(totals) - 1))] * 1000:.1f} ms, "
        f"sql {statistics.median(sql_times) * 1000:.1f} ms in {counts[-1]} queries, "
        f"this process's CPU {statistics.median(cpu) * 1000:.1f} ms; "
        f"garbage collection per request {sum(gc_spent) / rounds * 1000:.2f} ms "
        f"(collections of generation 0/1/2: {gc_runs[0]}/{gc_runs[1]}/{gc_runs[2]} in {rounds} requests, "
        f"{gc_spent[0] * 1000:.1f}/{gc_spent[1] * 1000:.1f}/{gc_spent[2] * 1000:.1f} ms)"
    )
    if os.environ.get("SHOWSQL"):
        width = int(os.environ["SHOWSQL"])
        try:  # a prepared statement's SQL for its EXECUTE (clients.compiled_prepared)
            from clients.compiled_prepared import logged_statement
        except ImportError:  # a checkout from before prepared statements
            logged_statement = None
        medians = [(statistics.median(times), sql) for (_index, sql), times in per_statement.items()]
        for spent, sql in sorted(medians, reverse=True):
            shown = logged_statement(connection, sql)[0] if logged_statement else sql
            mark = "(prepared) " if shown != sql else ""
            print(f"  {spent * 1000:6.2f} {mark}{shown[:width]}")
    if os.environ.get("EXPLAIN"):  # EXPLAIN=word: plans of the statements whose SQL holds that word
        with connection.cursor() as cursor:
            for sql, params in last_params.items():
                if os.environ["EXPLAIN"] not in sql or not sql.lstrip().lstrip("(").startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                print("\n".join(row[0] for row in cursor.fetchall()), "\n")
    if os.environ.get("TEMPLATES"):
        _template_times(browser, path, rounds, connection)
    if "--cprofile" in sys.argv:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(rounds):
            browser.get(path)
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).sort_stats(os.environ.get("SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("TOP", 60)))
        print(out.getvalue())


def _template_times(browser, path, rounds, connection):
    """Each template's own render time per request: its time less its included templates' and the SQL."""
    from django.template.base import Template

    own, stack, original = {}, [], Template.render

    def render(self, context):
        started = time.perf_counter()
        stack.append(0.0)
        try:
            return original(self, context)
        finally:
            spent = time.perf_counter() - started
            inner = stack.pop()
            name = self.origin.template_name if self.origin else "(string)"
            own[name] = own.get(name, 0.0) + spent - inner
            if stack:
                stack[-1] += spent

    def sql_timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if stack:
                stack[-1] += time.perf_counter() - started

    Template.render = render
    try:
        with connection.execute_wrapper(sql_timer):
            for _ in range(rounds):
                browser.get(path)
    finally:
        Template.render = original
    for name, spent in sorted(own.items(), key=lambda item: -item[1]):
        print(f"  {spent / rounds * 1000:6.2f} ms  {name}")


if __name__ == "__main__":
    main()
