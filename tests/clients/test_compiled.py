"""clients.compiled.client_rows: the client file's lists from SQL compiled once, the same objects as the ORM's."""

import pytest
from django.db import connection, connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from clients.compiled import client_rows
from clients.compiled_prepared import logged_statement
from clients.models import Afspraak, Contactmoment, Overdracht
from clients.selectors import client_file_history, with_names
from tests.factories import AfspraakFactory, ClientFactory, ContactmomentFactory

pytestmark = pytest.mark.django_db


def _contacts(pk):
    return with_names(Contactmoment.objects.filter(client_id=pk), "author")


def _values(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname in obj.__dict__}


def test_the_rows_are_the_orms_for_every_client_with_the_same_sql(coach, colleague):
    first, second = ClientFactory(coach=coach), ClientFactory(coach=colleague)
    for person in (first, second, first):
        ContactmomentFactory(client=person, author=colleague)
        ContactmomentFactory(client=person, author=coach)
    with CaptureQueriesContext(connection) as queries:
        rows = [client_rows("test.contacts", _contacts, person) for person in (first, second)]
    # What ran: the compiled SQL (on PostgreSQL a prepared statement's) and its arguments.
    logged = [" ".join(filter(None, logged_statement(connection, q["sql"]))) for q in queries]
    for pk in (first.pk, second.pk):  # PostgreSQL logs the UUID, SQLite its hex
        logged = [sql.replace(str(pk), "?").replace(pk.hex, "?") for sql in logged]
    assert len(logged) == 2 and logged[0] == logged[1]
    for person, got in zip((first, second), rows, strict=True):
        expected = list(_contacts(person.pk))
        assert [_values(o) for o in got] == [_values(o) for o in expected] and len(got) in (2, 4)
        assert [o.author.get_full_name() for o in got] == [o.author.get_full_name() for o in expected]
        # The same deferred fields, the client itself attached (no query to read it or the names).
        assert got[0].get_deferred_fields() == expected[0].get_deferred_fields()
        with CaptureQueriesContext(connection) as more:
            assert all(o.client is person and o.author.last_name for o in got)
        assert len(more) == 0


def test_the_file_history_is_the_related_managers(coach):
    person = ClientFactory(coach=coach)
    AfspraakFactory(client=person)
    AfspraakFactory(client=person, geweest=True)
    ContactmomentFactory(client=person)
    history = client_file_history(person)
    assert [o.pk for o in history["overdrachten"]] == list(
        Overdracht.objects.filter(client=person).values_list("pk", flat=True)
    )
    assert [a.pk for a in history["afspraken"]] == list(person.afspraken.values_list("pk", flat=True))
    assert [_values(a) for a in history["afspraken"]] == [_values(a) for a in Afspraak.objects.filter(client=person)]
    assert len(history["contactmomenten"]) == 1 and history["brieven"] == [] and history["taken"] == []


def test_a_query_that_ignores_the_client_id_is_refused(coach):
    with pytest.raises(ValueError, match="client id"):
        client_rows("test.all-contacts", lambda pk: Contactmoment.objects.all(), ClientFactory(coach=coach))


def test_a_setting_change_compiles_again(coach):
    person = ClientFactory(coach=coach)
    ContactmomentFactory(client=person)
    client_rows("test.contacts", _contacts, person)
    assert "test.contacts" in connections["default"].__dict__["_client_rows_compiled"]
    with override_settings(TIME_ZONE="UTC"):
        assert "_client_rows_compiled" not in connections["default"].__dict__
        assert len(client_rows("test.contacts", _contacts, person)) == 1


def test_plain_rows_are_the_orms_and_the_day_is_in_the_key(coach):
    from datetime import timedelta

    from django.utils import timezone

    from clients.compiled import plain_rows
    from reintegratie.vacatures.matching import open_vacatures
    from tests.vacatures.helpers import vacature

    today = timezone.localdate()
    vacature(coach, title="Kok")
    vacature(coach, title="Schoonmaker", closes_on=today)
    vacature(coach, title="Gesloten", closes_on=today - timedelta(days=1))
    for day in (today, today + timedelta(days=1)):
        got = plain_rows(("test.open", day), lambda day=day: open_vacatures(day))
        expected = list(open_vacatures(day))
        assert [_values(v) for v in got] == [_values(v) for v in expected] and len(got) == (2 if day == today else 1)
        assert [v.beroep.name for v in got] == [v.beroep.name for v in expected]
