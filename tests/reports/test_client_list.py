"""The client list export joined to pre-aggregated tables gives exactly the rows of one subquery per client."""

from datetime import date

import pytest
from django.utils import timezone

from clients.models import Client, Overdracht
from intake.models import Trede
from reintegratie.reports import client_list, exports
from tests.factories import AanbiederFactory, ClientFactory, UserFactory
from trajecten.models import Instrument, Plan, Traject, Uitstroom
from trajecten.workflow import TRAJECT_RUNNING

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients_with_history(require_postgres, team_noord, team_zuid):
    coach = UserFactory(team=team_noord, first_name="Anna", last_name="Smit")
    other = UserFactory(team=team_zuid, first_name="Bram", last_name="de Boer")
    ties, history, bare, elsewhere = (
        ClientFactory(coach=coach),
        ClientFactory(coach=coach),
        ClientFactory(coach=coach),
        ClientFactory(coach=other),
    )
    # Two steps and two outflows on one day: the later row counts, as in the per-client subquery.
    for step in (3, 2):
        Trede.objects.create(client=ties, on=date(2026, 3, 1), step=step, created_by=coach)
    for kind in ("werk_deeltijd", "opleiding"):
        Uitstroom.objects.create(client=ties, on=date(2026, 5, 4), kind=kind, created_by=coach)
    Trede.objects.create(client=history, on=date(2026, 1, 5), step=5, created_by=coach)
    Trede.objects.create(client=history, on=date(2025, 1, 5), step=1, created_by=coach)
    Trede.objects.create(client=elsewhere, on=date(2026, 1, 5), step=6, created_by=other)
    agreed = timezone.make_aware(timezone.datetime(2026, 7, 1, 23, 30))
    Plan.objects.create(
        client=history,
        version=1,
        status="akkoord",
        agreed_at=agreed,
        agreed_how="portaal",
        is_current=False,
        created_by=coach,
    )
    Plan.objects.create(client=history, version=2, status="concept", created_by=coach)
    Plan.objects.create(
        client=ties, version=1, status="akkoord", agreed_at=agreed, agreed_how="portaal", created_by=coach
    )
    aanbieder = AanbiederFactory()
    instrument = Instrument.objects.create(name="Werkfit", category="werk_opleiding", aanbieder=aanbieder)
    for client, status in ((history, "lopend"), (history, "aangemeld"), (history, "afgerond"), (elsewhere, "lopend")):
        Traject.objects.create(
            client=client,
            instrument=instrument,
            aanbieder=aanbieder,
            reason="Past.",
            status=status,
            **(
                {"end_report": "Klaar.", "result": "doel_bereikt", "ended_on": date(2026, 6, 1)}
                if status == "afgerond"
                else {}
            ),
            created_by=coach,
        )
    for client, source in ((history, other), (history, other), (elsewhere, coach)):
        Overdracht.objects.create(
            client=client,
            from_coach=source,
            to_coach=coach if source == other else other,
            at=agreed,
            reason="herverdeling",
            created_by=coach,
        )
    Overdracht.objects.create(
        client=bare, from_coach=None, to_coach=coach, at=agreed, reason="eerste_toewijzing", created_by=coach
    )
    return coach, [ties, history, bare, elsewhere]


@pytest.mark.parametrize("scope", ["all", "one team", "one coach", "nobody"])
def test_the_joined_client_list_has_the_rows_of_the_per_client_subqueries(clients_with_history, scope):
    coach, _clients = clients_with_history
    clients = {
        "all": Client.objects.all(),
        "one team": Client.objects.filter(coach__team_id=coach.team_id),
        "one coach": Client.objects.filter(coach=coach),
        "nobody": Client.objects.none(),
    }[scope]
    joined = list(client_list.client_rows(clients))
    assert joined == list(client_list.client_rows_per_client(clients))
    assert len(joined) == clients.count()


def test_the_joined_client_list_reads_what_the_person_sees(clients_with_history):
    _coach, (ties, history, bare, elsewhere) = clients_with_history
    rows = {row[0]: row for row in client_list.client_rows(Client.objects.all())}
    # step, plan status, running trajecten, last outflow (date, kind), handovers
    assert [rows[ties.client_number][i] for i in (5, 6, 8, 9, 10, 11)] == [
        2, "akkoord", 0, date(2026, 5, 4), "opleiding", 0
    ]  # fmt: skip
    assert [rows[history.client_number][i] for i in (5, 6, 7, 8, 11)] == [5, "concept", None, 2, 2]
    assert [rows[bare.client_number][i] for i in (5, 6, 8, 9, 11)] == [None, None, 0, None, 0]
    assert rows[elsewhere.client_number][1] == "Bram de Boer"


def test_the_csv_of_the_joined_list_is_the_csv_of_the_per_client_list(clients_with_history, tmp_path):
    columns = client_list.CLIENT_COLUMNS
    by_copy, by_python = tmp_path / "copy.csv", tmp_path / "python.csv"
    with by_copy.open("wb") as stream:
        exports.copy_csv(stream, columns, client_list.client_rows(Client.objects.all()))
    with by_python.open("wb") as stream:
        exports.write_csv(stream, columns, client_list.client_rows_per_client(Client.objects.all()).iterator())
    assert by_copy.read_bytes() == by_python.read_bytes()


def test_the_running_trajecten_index_counts_the_running_statuses():
    # The export counts running trajecten from the partial index traject_client_running; PostgreSQL
    # uses it only when the query's statuses are the index's, so both must be TRAJECT_RUNNING.
    (index,) = [index for index in Traject._meta.indexes if index.name == "traject_client_running"]
    ((lookup, statuses),) = index.condition.children
    assert lookup == "status__in"
    assert set(statuses) == set(TRAJECT_RUNNING)


def test_the_joined_client_list_keeps_one_name_per_coach_and_no_plan_without_a_current_one(
    clients_with_history, team_noord
):
    # The coach's name comes from its own subquery (one per coach): every client of a coach gets it,
    # also a coach without a first name; a client whose only plan is not current shows no plan.
    coach, _clients = clients_with_history
    nameless = UserFactory(team=team_noord, first_name="", last_name="Visser")
    client = ClientFactory(coach=nameless)
    Plan.objects.create(client=client, version=1, status="concept", is_current=False, created_by=coach)
    clients = Client.objects.filter(coach__team_id=coach.team_id)
    joined = list(client_list.client_rows(clients))
    assert joined == list(client_list.client_rows_per_client(clients))
    row = next(row for row in joined if row[0] == client.client_number)
    assert row[1] == " Visser"
    assert row[6:8] == (None, None)
    assert [row[1] for row in joined].count("Anna Smit") == 3
