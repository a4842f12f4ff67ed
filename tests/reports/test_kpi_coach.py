"""The KPI tables' ``kpi_coach_id`` (migration reports/0004) and the KPIs that read rows by it (``reports/scope.py``).

PostgreSQL keeps the column; these tests check it against the clients' coaches after every kind of
write (the ORM, a bulk insert, the handover service, a bulk update, raw SQL), that the dashboard
reads by coach exactly where the policy says the scope is "every client of these coaches", and that
the figures read by coach equal those read by client, before and after a client changes team.
"""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, override_settings
from django.utils import timezone

from clients.models import Client, Overdracht
from clients.services import clients_reassign
from intake.models import Intake, Trede
from klachten.models import Zaak
from reintegratie.accounts.models import Role, User
from reintegratie.accounts.policy import coaches_of_scope
from reintegratie.reports import kpi, scope, statements
from reintegratie.reports.kpi import Period
from trajecten.models import Actie, Doel, Plan, Traject, Uitstroom

pytestmark = pytest.mark.django_db

MODELS = {
    "intake_intake": Intake,
    "intake_trede": Trede,
    "trajecten_plan": Plan,
    "trajecten_traject": Traject,
    "trajecten_uitstroom": Uitstroom,
    "klachten_zaak": Zaak,
    "clients_overdracht": Overdracht,
}


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("kpi_coach_id is kept by PostgreSQL triggers")


@pytest.fixture
def municipality():
    with override_settings(DEBUG=True):
        call_command("seed_scale", clients=700, stdout=open("/dev/null", "w"))  # noqa: SIM115


def _mismatches():
    """Per table: rows whose kpi_coach_id is not their client's coach now."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(scope.KPI_COACH_TABLES):
            cursor.execute(
                f"SELECT count(*), count(*) FILTER (WHERE t.kpi_coach_id IS DISTINCT FROM c.coach_id) "  # noqa: S608
                f"FROM {table} t JOIN clients_client c ON c.id = t.client_id"
            )
            rows, wrong = cursor.fetchone()
            out[table] = (rows, wrong)
    return out


def test_the_tables_are_the_models_tables():
    assert {model._meta.db_table for model in MODELS.values()} == scope.KPI_COACH_TABLES


def test_every_row_carries_its_clients_coach_after_seeding(municipality):
    counts = _mismatches()
    assert all(rows > 0 for rows, _wrong in counts.values()), counts  # bulk inserts filled it too
    assert all(wrong == 0 for _rows, wrong in counts.values()), counts


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    return request


def test_the_column_follows_a_handover_a_bulk_update_and_raw_sql(municipality):
    leider = User.objects.filter(role=Role.TEAMLEIDER).order_by("pk").first()
    team = Client.objects.visible_to(leider)
    coaches = list(User.objects.filter(role=Role.WERKCOACH, team=leider.team, is_active=True).order_by("pk")[:2])
    moved = list(team.filter(coach=coaches[0]).order_by("pk").values_list("pk", flat=True)[:3])
    # The handover service: an Overdracht per client (bulk insert) and a bulk update of the coach.
    clients_reassign(
        request=_request(leider),
        client_ids=moved,
        to_coach=coaches[1],
        reason="herverdeling",
        note="Warm overgedragen.",
    )
    assert all(wrong == 0 for _rows, wrong in _mismatches().values())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT kpi_coach_id FROM trajecten_plan WHERE client_id::text = ANY(%s)",
            [[str(pk) for pk in moved]],
        )
        assert {row[0] for row in cursor.fetchall()} <= {coaches[1].pk}
    # A client to another team's coach, by raw SQL; and a row moved to another client.
    stranger = User.objects.filter(role=Role.WERKCOACH).exclude(team=leider.team).order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE clients_client SET coach_id = %s WHERE id = %s", [stranger.pk, moved[0]])
    trede = Trede.objects.exclude(client_id=moved[0]).order_by("pk").first()
    Trede.objects.filter(pk=trede.pk).update(client_id=moved[0])
    assert all(wrong == 0 for _rows, wrong in _mismatches().values())


def _open_due_mismatches():
    """Plans whose kpi_open_due is not the earliest date of their open actions (or NULL without one)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE p.kpi_open_due IS NOT NULL), "
            "count(*) FILTER (WHERE p.kpi_open_due IS DISTINCT FROM ("
            "  SELECT min(a.due) FROM trajecten_actie a JOIN trajecten_doel d ON d.id = a.doel_id"
            "  WHERE d.plan_id = p.id AND a.status = 'open')) FROM trajecten_plan p"
        )
        return cursor.fetchone()


def test_a_plans_earliest_open_action_date_follows_every_change_of_its_actions(municipality):
    plans, with_open, wrong = _open_due_mismatches()
    assert plans > 0 and with_open > 0 and wrong == 0
    action = Actie.objects.filter(status="open").select_related("doel").order_by("due", "pk").first()
    plan_id = action.doel.plan_id
    # Done, then open again with an earlier date, moved to a goal of another plan, deleted.
    Actie.objects.filter(pk=action.pk).update(status="gedaan")
    assert _open_due_mismatches()[2] == 0
    Actie.objects.filter(pk=action.pk).update(status="open", due=action.due - timedelta(days=400))
    assert _open_due_mismatches()[2] == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT kpi_open_due FROM trajecten_plan WHERE id = %s", [plan_id])
        assert cursor.fetchone()[0] == action.due - timedelta(days=400)
    other_goal = Doel.objects.exclude(plan_id=plan_id).order_by("pk").first()
    Actie.objects.filter(pk=action.pk).update(doel=other_goal)
    assert _open_due_mismatches()[2] == 0
    # A goal moved to another plan takes its actions' dates along; a new action; a goal deleted.
    Doel.objects.filter(pk=other_goal.pk).update(plan_id=plan_id)
    assert _open_due_mismatches()[2] == 0
    Actie.objects.create(doel=other_goal, text="Nieuw.", owner="client", due=action.due - timedelta(days=500))
    assert _open_due_mismatches()[2] == 0
    other_goal.delete()
    Actie.objects.filter(pk=action.pk).delete()
    assert _open_due_mismatches()[2] == 0


def _plan_versions():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, xmin::text FROM trajecten_plan")
        return dict(cursor.fetchall())


def test_one_statement_over_many_plans_keeps_every_plans_date_and_writes_no_plan_it_does_not_change(municipality):
    """Migration 0006: the triggers run once per statement over the rows it changed (transition tables)."""
    open_actions = Actie.objects.filter(status="open")
    plans = set(open_actions.values_list("doel__plan_id", flat=True))
    assert len(plans) > 50
    before = _plan_versions()
    # Only the text: no plan is written.
    assert Actie.objects.filter(status="open").update(text="Anders gezegd.") > 50
    assert _plan_versions() == before
    # Half of all open actions done in one statement, then open again a year earlier, then deleted.
    half = list(open_actions.order_by("pk").values_list("pk", flat=True)[::2])
    Actie.objects.filter(pk__in=half).update(status="gedaan")
    assert _open_due_mismatches()[2] == 0
    assert _plan_versions() != before
    with connection.cursor() as cursor:
        cursor.execute("UPDATE trajecten_actie SET status = 'open', due = due - 365 WHERE id = ANY(%s)", [half])
    assert _open_due_mismatches()[2] == 0
    Actie.objects.filter(pk__in=half).delete()
    _plans, with_open, wrong = _open_due_mismatches()
    assert wrong == 0 and with_open > 0


def _statement_sql(clients, period):
    captured = []

    def keep(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        kpi.dashboard(clients, period)
    return captured


@pytest.mark.parametrize("role", [Role.TEAMLEIDER, Role.WERKCOACH])
def test_the_policys_scope_reads_rows_by_coach_and_any_other_scope_by_client(municipality, role):
    user = User.objects.filter(role=role).order_by("pk").first()
    period = Period(date(timezone.localdate().year, 1, 1), timezone.localdate())
    scoped = Client.objects.visible_to(user)
    coaches = coaches_of_scope(scoped)
    assert coaches is not None
    # The coaches' clients are exactly the policy's clients.
    assert set(Client.objects.filter(coach__in=coaches).values_list("pk", flat=True)) == set(
        scoped.values_list("pk", flat=True)
    )
    by_coach = [sql for sql in _statement_sql(scoped, period) if "kpi_coach_id" in sql]
    assert len(by_coach) == 7  # intakes, ladder, plans, trajecten, outflow, zaken, handovers
    # A queryset filtered any further, or built otherwise, carries no coaches: read by client.
    for other in (scoped.filter(status="actief"), scoped.all(), Client.objects.all(), Client.objects.none()):
        assert coaches_of_scope(other) is None
        assert not [sql for sql in _statement_sql(other, period) if "kpi_coach_id" in sql]
    assert coaches_of_scope(Client.objects.filter(status="actief").visible_to(user)) is None


def test_no_coaches_for_a_client_a_beheerder_or_an_inactive_user(municipality):
    for user in User.objects.filter(role__in=[Role.CLIENT, Role.BEHEERDER]).order_by("pk")[:3]:
        assert coaches_of_scope(Client.objects.visible_to(user)) is None
    coach = User.objects.filter(role=Role.WERKCOACH).order_by("pk").first()
    coach.is_active = False
    assert coaches_of_scope(Client.objects.visible_to(coach)) is None


PERIODS = [
    lambda today: Period(date(today.year, 1, 1), today),
    lambda today: Period(date(today.year - 2, 3, 1), today),
    lambda today: Period(today - timedelta(days=40), today - timedelta(days=5)),
]


@pytest.mark.parametrize("make_period", PERIODS)
def test_figures_by_coach_equal_figures_by_client_before_and_after_a_client_changes_team(municipality, make_period):
    period = make_period(timezone.localdate())
    leaders = list(User.objects.filter(role=Role.TEAMLEIDER).order_by("pk")[:2])
    assert leaders[0].team_id != leaders[1].team_id

    def both():
        # .all() drops the policy's coaches: the same clients, read by client.
        return [
            (kpi.dashboard(team, period), kpi.dashboard(team.all(), period))
            for team in (Client.objects.visible_to(leader) for leader in leaders)
        ]

    before = both()
    for by_coach, by_client in before:
        assert by_coach == by_client
    # The first team's client with the most rows goes to a coach of the second team.
    team_a = Client.objects.visible_to(leaders[0])
    busiest = max(team_a, key=lambda c: Trede.objects.filter(client=c).count() + Plan.objects.filter(client=c).count())
    to_coach = User.objects.filter(role=Role.WERKCOACH, team=leaders[1].team).order_by("pk").first()
    Client.objects.filter(pk=busiest.pk).update(coach=to_coach)
    statements._forget()
    after = both()
    for by_coach, by_client in after:
        assert by_coach == by_client
    assert after[0][0]["caseload"] != before[0][0]["caseload"]
