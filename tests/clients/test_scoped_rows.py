"""clients.compiled.scoped_rows: reads scoped by the access policy, from SQL compiled once per shape of user.

The rows must be the policy's for every user (the same as building the queryset for that user), the
SQL the same for users of one shape, and a user of another shape never gets SQL compiled for another.
"""

from datetime import date

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from clients.compiled import scoped_rows
from clients.compiled_prepared import logged_statement
from clients.models import Client
from clients.selectors import client_file
from klachten.models import Zaak
from klachten.selectors import zaken_for
from klachten.workflow import Soort, ZaakStatus
from reintegratie.accounts import policy
from reintegratie.berichten.models import Bericht
from reintegratie.berichten.selectors import thread
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


def _messages(client_id, user):
    return thread(user, Client(pk=client_id)).select_related(None)


def _zaken(client_id, user):
    return zaken_for(user, client=Client(pk=client_id)).select_related(None)


def _with_rows(person):
    Bericht.objects.create(client=person, sender=person.coach, from_client=False, text="Hallo")
    Bericht.objects.create(client=person, sender=person.coach, from_client=True, text="Dag")
    Zaak.objects.create(
        soort=Soort.KLACHT,
        client=person,
        status=ZaakStatus.ONTVANGEN,
        received_on=date(2026, 1, 5),
        created_by=person.coach,
    )
    return person


@pytest.fixture
def people(coach, colleague, other_coach, teamleider, other_teamleider, client_obj, client_user, foreign_client):
    """Who looks, at whose file: own clients, a colleague's, another team's, the client's own."""
    users = [coach, colleague, other_coach, teamleider, other_teamleider, client_user]
    return users, [_with_rows(client_obj), _with_rows(ClientFactory(coach=colleague)), _with_rows(foreign_client)]


def test_the_rows_are_the_policys_for_every_user_and_client(people):
    users, clients = people
    for user in users:
        for person in clients:
            for key, build in (("test.messages", _messages), ("test.zaken", _zaken)):
                got = scoped_rows(key, build, user, person)
                assert [o.pk for o in got] == list(build(person.pk, user).values_list("pk", flat=True))
            found = client_file(user, person.pk)
            visible = Client.objects.visible_to(user).filter(pk=person.pk).exists()
            assert (found.pk if found else None) == (person.pk if visible else None)


def test_visible_rows_and_hidden_ones(people, coach, teamleider, other_teamleider, client_user):
    mine, theirs, foreign = people[1]
    assert len(scoped_rows("test.messages", _messages, coach, mine)) == 2
    assert scoped_rows("test.messages", _messages, coach, theirs) == []
    assert len(scoped_rows("test.zaken", _zaken, teamleider, theirs)) == 1
    assert scoped_rows("test.zaken", _zaken, other_teamleider, theirs) == []
    assert scoped_rows("test.zaken", _zaken, client_user, foreign) == []
    assert len(scoped_rows("test.messages", _messages, client_user, mine.pk)) == 2  # by id, without the object


def test_one_sql_per_shape_with_the_users_own_ids(people, coach, colleague):
    mine = people[1][0]
    with CaptureQueriesContext(connection) as queries:
        scoped_rows("test.messages", _messages, coach, mine)
        scoped_rows("test.messages", _messages, colleague, mine)
    # What ran: the SQL (on PostgreSQL a prepared statement's, the same one) and its arguments.
    (first, first_args), (second, second_args) = (logged_statement(connection, q["sql"]) for q in queries)
    if first_args is None:
        assert first.replace(str(coach.pk), "?", 1) == second.replace(str(colleague.pk), "?", 1)
    else:
        assert first == second
        mine, theirs = first_args.split(", "), second_args.split(", ")
        assert str(coach.pk) in mine and str(colleague.pk) in theirs
        assert [a for a in mine if a != str(coach.pk)] == [a for a in theirs if a != str(colleague.pk)]
        first, second = first_args, second_args
    assert str(policy.USER_PLACEHOLDER) not in first + second


def test_coaches_teamleiders_and_clients_run_compiled_sql(people, coach, teamleider, client_user):
    mine = people[1][0]
    for user, shape in (
        (coach, ("werkcoach", False)),
        (teamleider, ("teamleider", False)),
        (client_user, ("client", True)),
    ):
        assert policy.stand_in(user)[0] == shape
        scoped_rows("test.shape", _messages, user, mine)
        assert ("test.shape", shape) in connections["default"].__dict__["_client_rows_compiled"]


def test_users_the_policy_gives_no_shape_build_their_query(people, aanbieder_user, beheerder, fg_user):
    mine = people[1][0]
    inactive = UserFactory(is_active=False, team=mine.coach.team)
    for user in (aanbieder_user, beheerder, fg_user, inactive):
        assert policy.stand_in(user) is None
        assert scoped_rows("test.messages", _messages, user, mine) == []
        assert client_file(user, mine.pk) is None


def test_a_teamleider_without_a_team_gets_nothing_and_a_coach_a_stand_in(people, coach):
    mine = people[1][0]
    loose = UserFactory.build(teamleider=True, team=None)  # the database refuses one; the policy too
    assert policy.stand_in(loose) is None  # the policy shows such a teamleider no client at all
    assert client_file(loose, mine.pk) is None
    _shape, standin, ids = policy.stand_in(coach)
    assert policy.clients_visible_to(standin).query.where is not None and ids[policy.USER_PLACEHOLDER] == coach.pk
