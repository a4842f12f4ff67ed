"""clients.compiled_prepared: the compiled reads as PostgreSQL prepared statements, the same rows."""

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from clients import compiled_prepared
from clients.compiled import client_rows
from clients.compiled_prepared import logged_statement, preparable
from clients.models import Contactmoment
from clients.selectors import with_names
from tests.factories import ClientFactory, ContactmomentFactory


def _contacts(pk):
    return with_names(Contactmoment.objects.filter(client_id=pk), "author")


def _prepared_names():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_prepared_once_then_executed_with_the_same_rows(require_postgres, coach, colleague):
    first, second = ClientFactory(coach=coach), ClientFactory(coach=colleague)
    ContactmomentFactory(client=first, author=colleague)
    ContactmomentFactory(client=second, author=coach)
    ContactmomentFactory(client=second, author=coach)
    with CaptureQueriesContext(connection) as queries:
        got = [client_rows("test.prepared", _contacts, person) for person in (first, second, first)]
    assert [[c.pk for c in rows] for rows in got] == [
        list(_contacts(person.pk).values_list("pk", flat=True)) for person in (first, second, first)
    ]
    assert got[1][0].author.last_name == coach.last_name
    logged = [q["sql"] for q in queries]
    assert len(logged) == 3  # one query each, the first one prepares too
    assert logged[0].startswith("PREPARE ") and all(sql.startswith("EXECUTE ") for sql in logged[1:])
    body, args = logged_statement(connection, logged[1])
    assert body.startswith('SELECT "clients_contactmoment".') and '"client_id" = $1' in body
    assert str(second.pk) in args


@pytest.mark.django_db
def test_past_the_limit_the_sessions_statements_go(require_postgres, coach, monkeypatch):
    person = ClientFactory(coach=coach)
    ContactmomentFactory(client=person)
    monkeypatch.setattr(compiled_prepared, "_LIMIT", 2)
    for n in range(5):
        assert len(client_rows(f"test.limit.{n}", _contacts, person)) == 1
        held = connections["default"].__dict__[compiled_prepared._HELD][1]
        assert len(held) <= 2 and len(_prepared_names()) <= 2


@pytest.mark.django_db(transaction=True)
def test_a_new_database_session_prepares_again(require_postgres, coach):
    person = ClientFactory(coach=coach)
    ContactmomentFactory(client=person)
    assert len(client_rows("test.reconnect", _contacts, person)) == 1
    connection.close()  # as CONN_MAX_AGE or a failed health check does
    with CaptureQueriesContext(connection) as queries:
        assert len(client_rows("test.reconnect", _contacts, person)) == 1
    assert queries[0]["sql"].startswith("PREPARE ")


def test_what_can_be_prepared():
    import uuid

    from clients.workflow import ClientStatus

    assert preparable("SELECT 1 WHERE a = %s AND b = %s", [uuid.uuid4(), ClientStatus.ACTIEF]) == (
        "SELECT 1 WHERE a = $1 AND b = $2",
        ["uuid", "text"],
    )
    assert preparable("SELECT 1 WHERE a = %s", [True])[1] == ["boolean"]
    assert preparable("SELECT 1 WHERE a = ANY(%s)", [[1, 2]]) is None  # a list: runs unprepared
    assert preparable("SELECT 1 WHERE a = %s", [None]) is None
