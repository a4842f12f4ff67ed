"""The client file's probes (``registry.file_probe``): a list the client has nothing in costs no query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.compiled_prepared import logged_statement
from tests.auth import login
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_the_client_file_reads_no_list_the_probe_found_empty(client, coach):
    person = ClientFactory(coach=coach)
    login(client, coach)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("clients:client-detail", kwargs={"client_id": person.pk}))
    assert response.status_code == 200
    ran = [logged_statement(connection, q["sql"])[0] for q in queries]  # a prepared statement's SQL
    tables = ["clients_afspraak", "documents_brief", "clients_taak", "berichten_bericht", "dossier_document"]
    tables += ["klachten_zaak", "trajecten_uitstroom", "vacatures_zichtbaarheid"]
    for table in tables:
        read = [sql for sql in ran if sql.startswith(f'SELECT "{table}".')]
        assert read == [], table  # only inside the client's own query, as an EXISTS
    client_query = next(sql for sql in ran if sql.startswith('SELECT "clients_client".'))
    assert all(f'FROM "{table}"' in client_query for table in tables)
