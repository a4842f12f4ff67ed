"""What berichten and the dossier register: timeline events for staff and client, in one query each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients import registry
from tests.dossier.helpers import stored_document

from .helpers import client_message

pytestmark = pytest.mark.django_db


def _events(key, client_obj, user, audience):
    with CaptureQueriesContext(connection) as queries:
        events = list(registry.TIMELINE_SOURCES[key].events(client_obj, user=user, audience=audience))
    return events, len(queries)


@pytest.mark.parametrize("rows", [1, 5])
def test_messages_and_documents_are_timeline_events_in_one_query(coach, client_user, client_obj, rows):
    for n in range(rows):
        client_message(client_obj, f"Vraag {n}")
        stored_document(client_obj, client_user, f"stuk {n}.pdf")
    staff, staff_queries = _events("berichten", client_obj, coach, "staff")
    mine, client_queries = _events("berichten", client_obj, client_user, "client")
    assert [e.title for e in staff] == ["Bericht van de cliënt"] * rows
    assert [e.title for e in mine] == ["U stuurde een bericht"] * rows
    assert mine[0].url == f"/berichten/mijn/#bericht-{mine[0].url.rsplit('-', 1)[1]}"
    documents, document_queries = _events("dossier", client_obj, client_user, "client")
    assert [e.detail for e in documents] == [f"Cv: stuk {n}.pdf" for n in reversed(range(rows))]
    assert (staff_queries, client_queries, document_queries) == (1, 1, 1)


def test_another_client_gets_no_events(client_obj, foreign_client, client_user):
    client_message(foreign_client, "Niet voor u.")
    events, _queries = _events("berichten", foreign_client, client_user, "client")
    assert events == []


def test_the_portal_menu_lists_the_registered_pages(client, client_user):
    from tests.auth import login

    login(client, client_user)
    page = client.get("/mijn/").content.decode()
    assert 'href="/berichten/mijn/">Berichten</a>' in page
    assert 'href="/dossier/mijn/">Mijn documenten</a>' in page
