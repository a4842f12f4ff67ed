"""Client numbers come from the database: registrations at the same moment never share one."""

import pytest
from django.db import connection

from clients import services
from clients.models import Client
from clients.numbers import SEQUENCE, client_number_next
from tests.clients.test_concurrency import request_as, run_at_once
from tests.factories import ClientFactory, bsn_for

REGISTRATIONS = 12


def fields(i):
    return {"bsn": bsn_for(7000 + i), "first_name": "Piet", "last_name": "Jansen", "date_of_birth": "1980-05-01"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("trial", range(3))
def test_registrations_at_the_same_moment_each_get_their_own_number(require_postgres, coach, trial):
    results = run_at_once(
        lambda i: services.client_register(request=request_as(coach), coach=coach, **fields(100 * trial + i)),
        count=REGISTRATIONS,
    )

    failures = [r for r in results if not isinstance(r, Client)]
    assert not failures, failures
    numbers = sorted(r.client_number for r in results)
    assert len(set(numbers)) == REGISTRATIONS
    assert sorted(Client.objects.filter(pk__in=[r.pk for r in results]).values_list("client_number", flat=True)) == (
        numbers
    )


@pytest.mark.postgres
def test_the_number_is_the_databases_sequence(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value, is_called FROM clients_client_number_seq")
        last, called = cursor.fetchone()
    number = client_number_next()
    assert number == (last + 1 if called else last)
    assert number >= 100001
    assert SEQUENCE == "clients_client_number_seq"


@pytest.mark.postgres
def test_a_number_written_by_hand_is_skipped_not_doubled(require_postgres, coach):
    # A seed or import wrote the very number the sequence would give next.
    upcoming = client_number_next() + 1
    ClientFactory(coach=coach, client_number=upcoming)

    client = services.client_register(request=request_as(coach), coach=coach, **fields(1))

    assert client.client_number > upcoming
    assert Client.objects.filter(client_number=upcoming).count() == 1
