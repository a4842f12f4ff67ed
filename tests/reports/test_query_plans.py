"""Team-scoped pages find their clients through an index, not by reading every client of the municipality.

A municipality of 10,000 clients (seed_scale, then ANALYZE) is large enough
for PostgreSQL's planner to choose between an index and a sequential scan on
its own. At 4,000 clients the teamleider's caseload (a team of 600, sorted by
name) was close: one CI run read all clients sequentially for it (estimated
259, in a test database that earlier tests had filled with dead rows), where a
vacuumed database of 4,000 clients uses the coach index (startup cost 161).
Every query of the caseload, the team overview and the team dashboard is
EXPLAINed; none may read clients_client sequentially, none may
hash a whole related table to answer a page's row flags (a hashed subplan).
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from clients import selectors
from clients.models import Client
from reintegratie.accounts.models import Role, User
from reintegratie.reports import client_list, kpi, scope
from reintegratie.reports.forms import default_period

pytestmark = pytest.mark.django_db

CLIENTS = 10000


@pytest.fixture
def municipality(require_postgres):
    with override_settings(DEBUG=True):
        call_command("seed_scale", clients=CLIENTS, stdout=open("/dev/null", "w"))  # noqa: SIM115
    coach = User.objects.filter(role=Role.WERKCOACH).order_by("pk").first()
    leider = User.objects.get(role=Role.TEAMLEIDER, team_id=coach.team_id)
    return coach, leider


def _plans(run, verbose=False):
    """Run the reads, then EXPLAIN every SELECT they made; return (sql, plan text) pairs."""
    with CaptureQueriesContext(connection) as captured:
        run()
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().lstrip("(").upper().startswith("SELECT"):  # a UNION starts with "("
                continue
            cursor.execute(("EXPLAIN (VERBOSE) " if verbose else "EXPLAIN ") + sql)
            plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    assert plans, "the reads ran no query at all"
    return plans


def _seq_scans_on_clients(plans):
    return [(sql[:300], plan) for sql, plan in plans if "Seq Scan on clients_client" in plan]


def _hashed_subplans(plans):
    return [(sql[:300], plan) for sql, plan in plans if "hashed SubPlan" in plan]


def test_team_scoped_pages_find_their_clients_through_an_index(municipality):
    # One test, one seed: every seed rolled back leaves thousands of dead rows behind
    # in the test database, and statistics that no real database would have.
    coach, leider = municipality
    assert Client.objects.count() == CLIENTS
    # About 600 clients in a team of 12 coaches: a small share of all clients.
    assert Client.objects.visible_to(leider).count() * 5 < CLIENTS

    caseload = _plans(lambda: (list(selectors.caseload(coach)[:25]), list(selectors.caseload(leider)[:25])))
    assert _seq_scans_on_clients(caseload) == []
    # The row flags (actions overdue, follow-up due, zaak open, ...) are probed for the 25 rows
    # shown, not answered by hashing every overdue action of the municipality.
    flags = _plans(lambda: list(selectors.caseload(leider)[:25]), verbose=True)
    assert _hashed_subplans(flags) == []

    overview = _plans(lambda: (list(selectors.team_overview(leider)), selectors.team_handover_stats(leider)))
    assert _seq_scans_on_clients(overview) == []

    dashboard = _plans(lambda: kpi.dashboard(Client.objects.visible_to(leider), default_period()), verbose=True)
    assert len(dashboard) == 8  # one query per group of figures that read the same rows
    assert _seq_scans_on_clients(dashboard) == []
    assert _hashed_subplans(dashboard) == []
    # The team's rows are read by coach (reports/scope.py): the seven row queries each through its
    # table's index by coach, none through clients_client, and none scans its table.
    by_coach = [(sql, plan) for sql, plan in dashboard if "kpi_coach_id" in sql]
    assert len(by_coach) == 7
    tables = {t for t in scope.KPI_COACH_TABLES for sql, _plan in by_coach if f'"{t}"."kpi_coach_id"' in sql}
    assert tables == scope.KPI_COACH_TABLES
    for sql, plan in by_coach:
        table = next(t for t in tables if f'"{t}"."kpi_coach_id"' in sql)
        assert f"{table}_kpi_coach" in plan, plan
        assert f"Seq Scan on public.{table}" not in plan, plan
        assert "clients_client" not in plan, plan

    # The team's client list export probes the team's clients through the indexes, every related
    # table narrowed to the policy's scope (its SQL is run by COPY, so it is EXPLAINed directly).
    sql, params = client_list.client_rows(Client.objects.visible_to(leider)).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        export = [(sql, "\n".join(row[0] for row in cursor.fetchall()))]
    assert _seq_scans_on_clients(export) == []
