"""Benchmark every main page against a bare view, at 40,000 and at 4,000 clients.

Run: make bench-pages   (or .venv/bin/python tests/bench/bench_pages.py --sizes 40000,4000 --rounds 30)

For each size a PostgreSQL database (BENCH_PAGES_DATABASE_PREFIX, default
postgres://postgres@127.0.0.1:5432/bench_pages_; the size is appended) is
created, migrated and filled with ``seed_scale`` when empty, and kept for the
next run. A gunicorn (one worker, one thread, production settings: DEBUG off,
manifest static files; plain HTTP on loopback) serves the app plus the
benchmark's own floor, ``/bench/bare/`` (tests/bench/pages_urls.py): one
indexed query for the coach's first 25 clients through the full middleware
stack. A coach, a teamleider and a client are signed in (staff with a verified
TOTP device in the session, as after a real login).

Each round requests the floor and then a page, page after page, so the floor
is measured interleaved with the page it is compared to: the machine's noise
hits both. Printed per page: p50 and p95 in ms, and p50/p95 as a ratio to the
floor's p50/p95. The CSV export is measured in-process against PostgreSQL
COPY (same rows; and the plain client columns), interleaved as well.
Asserts nothing.
"""

import argparse
import contextlib
import http.client
import io
import json
import os
import secrets
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PREFIX = os.environ.get("BENCH_PAGES_DATABASE_PREFIX", "postgres://postgres@127.0.0.1:5432/bench_pages_")
GOALS = {
    "caseload": 2.5,
    "search": 2.5,
    "client file": 2.5,
    "client file (full)": 2.5,
    "plan": 2.5,
    "zaak page": 2.5,
    "portal home": 2.5,
    "team overview": 4.0,
    "team dashboard": 5.0,
}


# ---------------------------------------------------------------------------
# Child process: Django set up against one bench database
# ---------------------------------------------------------------------------
def _django(url):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegratie.settings")
    os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "reintegratie-bench-media"))
    from tests.bench.bench_letters import ensure_database

    ensure_database(url)
    import django

    django.setup()


def bench_people():
    """The benchmark's coach (the first seeded one), a teamleider of the coach's team, and the portal client's user."""
    from reintegratie.accounts.models import Role, User

    coach = User.objects.filter(role=Role.WERKCOACH, username__startswith="schaal_").order_by("pk").first()
    leider = User.objects.filter(role=Role.TEAMLEIDER, team_id=coach.team_id).order_by("pk").first()
    return coach, leider, User.objects.filter(username="bench_klant").first()


def bench_targets(coach):
    """The plan (with its client) and the zaak whose pages are measured, for this coach."""
    from klachten.models import Zaak
    from reintegratie.demo.full_file import FULL_CLIENT_NUMBER
    from trajecten.models import Plan

    # The same shape of client at every size (seed_scale draws its data at random per size): an agreed
    # plan and no trajecten, so the 4,000 → 40,000 comparison compares one page with the same page.
    # The zaak is not the full file's (its client is made by ``prepare``, not by seed_scale).
    plans = Plan.objects.filter(client__coach=coach, is_current=True).order_by("client__client_number")
    plan = plans.filter(status="akkoord", client__trajecten__isnull=True).first() or plans.first()
    zaken = Zaak.objects.filter(client__coach=coach).exclude(client__client_number=FULL_CLIENT_NUMBER)
    return plan, zaken.order_by("pk").first()


def bench_full_client(coach):
    """The coach's client with a full file of a year (``prepare`` makes it), or None."""
    from reintegratie.demo.full_file import full_client

    return full_client(coach)


def signed_in_session(user, *, search=False):
    """The key of a stored session of this user as after a real login (staff: a verified TOTP device)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reintegratie.accounts.models import Role

    session = SessionStore()
    if search:
        # Search terms live in the session (never in a URL): the search page is the caseload with a filter.
        session["caseload_filters"] = {"q": "jansen", "status": "", "service_route": "", "coach": ""}
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session["login_at"] = int(time.time())
    if user.role != Role.CLIENT:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


def prepare(url, n_clients, out):
    """Migrate, seed when empty, make the three signed-in users; write ids and session keys as JSON."""
    _django(url)
    from django.core.management import call_command

    from clients.models import Client
    from reintegratie.accounts.models import Role, User

    call_command("migrate", verbosity=0)
    have = Client.objects.count()
    if have == 0:
        started = time.perf_counter()
        call_command("seed_scale", clients=n_clients, yes=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"  seeded {n_clients} clients in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    elif have < n_clients * 0.9:
        sys.exit(f"{url} holds {have} clients, far fewer than {n_clients}: drop it and run again")

    # seed_scale's files are thin (the client file reads no empty list): one client gets a full file,
    # made by seed_demo's helpers, the same at every size (once; a rerun finds it). Before the VACUUM.
    from reintegratie.demo.full_file import full_file_ensure

    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # the console mail backend's notices of its letters
        full = full_file_ensure(*bench_people()[:2])
    print(f"  full client file: {time.perf_counter() - started:.1f} s", file=sys.stderr)

    # The steady state of a running database, where autovacuum has visited the tables: without it
    # every index-only scan reads the heap too (60,419 heap fetches for the ladder in the export).
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    print(f"  VACUUM (ANALYZE): {time.perf_counter() - started:.1f} s", file=sys.stderr)

    # What the nightly beat entry does: the municipality-wide page reads this row.
    from reintegratie.reports import snapshots

    started = time.perf_counter()
    snapshots.kpi_snapshot_make()
    print(f"  nightly KPI snapshot over all clients: {time.perf_counter() - started:.1f} s", file=sys.stderr)

    coach, leider, _klant = bench_people()
    own = Client.objects.filter(coach=coach).order_by("client_number")
    portal_client = own.first()
    klant, _created = User.objects.get_or_create(
        username="bench_klant", defaults={"role": Role.CLIENT, "first_name": "Bench", "last_name": "Klant"}
    )
    if portal_client.user_id != klant.pk:
        Client.objects.filter(user=klant).update(user=None)
        Client.objects.filter(pk=portal_client.pk).update(user=klant)
    plan, zaak = bench_targets(coach)
    sessions = {
        key: signed_in_session(user, search=key == "zoeker")
        for key, user in (("coach", coach), ("zoeker", coach), ("leider", leider), ("klant", klant))
    }

    Path(out).write_text(
        json.dumps(
            {
                "clients": Client.objects.count(),
                "coach_clients": own.count(),
                "team_clients": Client.objects.visible_to(leider).count(),
                "coach_id": coach.pk,
                "client_id": str(plan.client_id),
                "full_client_id": str(full.pk),
                "zaak_id": zaak.pk if zaak else None,
                "sessions": sessions,
            }
        )
    )


def measure_export(url, rounds, out):
    """Time the CSV export of all clients against COPY of the same rows and of the plain client columns."""
    _django(url)
    from django.db import connection

    from clients.models import Client
    from reintegratie.reports import exports, tables

    everyone = Client.objects.all()

    def csv_export():
        with tempfile.TemporaryFile() as stream:
            exports.write_csv_rows(stream, tables.CLIENT_COLUMNS, tables.client_rows(everyone))

    def copy(sql):
        with connection.cursor() as cursor, tempfile.TemporaryFile() as stream:
            cursor.connection.cursor().copy_expert(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, DELIMITER ';')", stream)

    with connection.cursor() as cursor:
        sql, params = tables.client_rows(everyone).query.sql_with_params()
        same_rows = cursor.mogrify(sql, params).decode()
    plain = (
        "SELECT client_number, coach_id, status, service_route, benefit_start FROM clients_client "
        "ORDER BY client_number"
    )
    figures = {"csv export": [], "COPY same rows": [], "COPY plain columns": []}
    csv_export()  # warm up
    for _ in range(rounds):
        for name, run in (
            ("csv export", csv_export),
            ("COPY same rows", lambda: copy(same_rows)),
            ("COPY plain columns", lambda: copy(plain)),
        ):
            started = time.perf_counter()
            run()
            figures[name].append(time.perf_counter() - started)
    Path(out).write_text(json.dumps(figures))


# ---------------------------------------------------------------------------
# Parent: gunicorn and the interleaved requests
# ---------------------------------------------------------------------------
def _child(*args):
    subprocess.run([sys.executable, __file__, *map(str, args)], check=True, cwd=ROOT)  # noqa: S603


def _env(url, static_root):
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "tests.bench.pages_settings",
            "DATABASE_URL": url,
            "CELERY_BROKER_URL": "",
            "DJANGO_DEBUG": "false",
            "DJANGO_HTTPS": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DEMO_MODE": "false",
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "reintegratie-bench-media"),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Browser:
    """One keep-alive HTTP connection; a session cookie per signed-in user."""

    def __init__(self, port, sessions):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.sessions = sessions

    def get(self, who, path):
        started = time.perf_counter()
        self.connection.request("GET", path, headers={"Cookie": f"sessionid={self.sessions[who]}"})
        response = self.connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"GET {path} as {who}: {response.status} {body[:200]!r}")
        return elapsed


def pages_for(info):
    client, zaak, full = info["client_id"], info["zaak_id"], info.get("full_client_id")
    pages = [
        ("caseload", "coach", "/clienten/"),
        ("search", "zoeker", "/clienten/"),
        ("client file", "coach", f"/clienten/{client}/"),
        ("client file (full)", "coach", f"/clienten/{full}/"),
        ("plan", "coach", f"/clienten/{client}/plan/"),
        ("zaak page", "coach", f"/zaken/{zaak}/"),
        ("portal home", "klant", "/mijn/"),
        ("team overview", "leider", "/team/"),
        ("team dashboard", "leider", "/rapportage/"),
        ("dashboard all", "leider", "/rapportage/gemeente/"),
        ("all, live", "leider", "/bench/dashboard-all-live/"),
    ]
    return [p for p in pages if (zaak or p[0] != "zaak page") and (full or p[0] != "client file (full)")]


def run_size(n_clients, args, static_root):
    url = f"{PREFIX}{n_clients // 1000}k"
    print(f"\n== {n_clients} clients ({url.rsplit('/', 1)[-1]}) ==", flush=True)
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        _child("--prepare", url, n_clients, out.name)
        info = json.loads(Path(out.name).read_text())
    print(
        f"database: {info['clients']} clients; coach has {info['coach_clients']}, "
        f"the teamleider's team {info['team_clients']}"
    )
    env = _env(url, static_root)
    gunicorn = subprocess.Popen(  # noqa: S603
        [str(VENV_BIN / "gunicorn"), "reintegratie.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
         "--workers", "1", "--threads", "1", "--timeout", "300", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    results = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=2).request("GET", "/health/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        browser = Browser(args.port, info["sessions"])
        bare = f"/bench/bare/?coach={info['coach_id']}"
        pages = []
        for name, who, path in pages_for(info):
            try:
                browser.get(who, path)  # warm up, and skip a page that does not exist (yet)
            except RuntimeError as error:
                print(f"  (skipped {name}: {error})")
                continue
            pages.append((name, who, path))
        floor, times = [], {name: [] for name, _w, _p in pages}
        for _ in range(args.rounds):
            for name, who, path in pages:
                floor.append(browser.get("coach", bare))
                times[name].append(browser.get(who, path))
        f50, f95 = statistics.median(floor), percentile(floor, 0.95)
        print(f"{'page':<16}{'p50 ms':>9}{'p95 ms':>9}{'p50 ×':>8}{'p95 ×':>8}  goal (p95)")
        print(f"{'bare view':<16}{f50 * 1000:9.1f}{f95 * 1000:9.1f}{1:8.2f}{1:8.2f}")
        for name, values in times.items():
            p50, p95 = statistics.median(values), percentile(values, 0.95)
            goal = GOALS.get(name)
            verdict = "" if goal is None else f"≤ {goal}× {'met' if p95 / f95 <= goal else 'NOT met'}"
            if name == "dashboard all":
                verdict = f"< 300 ms {'met' if p95 < 0.3 else 'NOT met'}"
            print(f"{name:<16}{p50 * 1000:9.1f}{p95 * 1000:9.1f}{p50 / f50:8.2f}{p95 / f95:8.2f}  {verdict}")
            results[name] = {"p50": p50, "p95": p95, "r50": p50 / f50, "r95": p95 / f95}
        results["bare view"] = {"p50": f50, "p95": f95, "r50": 1, "r95": 1}
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    if not args.no_export:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            _child("--export", url, args.export_rounds, out.name)
            figures = json.loads(Path(out.name).read_text())
        med = {name: statistics.median(values) for name, values in figures.items()}
        rows, n = info["clients"], args.export_rounds
        print(f"csv export ({rows} rows)   {med['csv export'] * 1000:8.0f} ms (median of {n})")
        print(f"COPY same rows           {med['COPY same rows'] * 1000:8.0f} ms")
        print(f"COPY plain client columns{med['COPY plain columns'] * 1000:8.0f} ms")
        export_ratio = med["csv export"] / med["COPY same rows"]
        query_ratio = med["COPY same rows"] / med["COPY plain columns"]
        met = "met" if export_ratio <= 1.3 else "NOT met"
        print(f"export / COPY same rows   {export_ratio:6.2f}×  goal ≤ 1.3× {met}")
        print(f"export query / COPY plain {query_ratio:6.2f}×  goal ≤ 5× {'met' if query_ratio <= 5 else 'NOT met'}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="40000,4000", help="client counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=30, help="requests per page (and as many of the floor)")
    parser.add_argument("--export-rounds", type=int, default=3)
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PAGES_PORT", "18801")))
    args = parser.parse_args()
    # One secret for the children that make the sessions and for gunicorn that reads them.
    os.environ["DJANGO_SECRET_KEY"] = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(60))
    sizes = [int(s) for s in args.sizes.split(",")]

    with tempfile.TemporaryDirectory() as static_root:
        env = _env(f"{PREFIX}{sizes[0] // 1000}k", static_root)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        results = {n: run_size(n, args, static_root) for n in sizes}

    if len(sizes) > 1:
        big, small = max(sizes), min(sizes)
        print(f"\n== one team's page time, {small} → {big} clients (goal: at most 20 % change) ==")
        for name, fig in results[big].items():
            if name in ("bare view", "dashboard all") or name not in results[small]:
                continue
            change = fig["p50"] / results[small][name]["p50"] - 1
            # The sizes run one after the other; the ratio to the floor takes out a machine that got busier.
            ratio_change = fig["r50"] / results[small][name]["r50"] - 1
            print(
                f"{name:<16}{results[small][name]['p50'] * 1000:8.1f} → {fig['p50'] * 1000:8.1f} ms p50"
                f"  {change * 100:+6.1f} %  {'met' if abs(change) <= 0.2 else 'NOT met'}"
                f"   (p50 ratio {results[small][name]['r50']:.2f}× → {fig['r50']:.2f}×, {ratio_change * 100:+6.1f} %)"
            )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--prepare":
        prepare(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif len(sys.argv) > 1 and sys.argv[1] == "--export":
        measure_export(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        main()
