"""The client file's reads joined into few round trips (``clients.compiled_batch``), the same as read alone.

The file of a year (``reintegratie/demo/full_file.py``) reads every list there is. With the batch its
HTML must be byte for byte what the separate reads gave, in fewer queries; each list's values (every
column of every row, with the names of the people it joins) must be the same; a list is filled on
first use; elsewhere than on PostgreSQL nothing changes.
"""

import contextlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients import compiled_batch, selectors
from clients import views as client_views
from reintegratie.accounts.models import Aanbieder
from reintegratie.demo.full_file import full_file_ensure
from tests.auth import login
from trajecten.models import Instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(coach, teamleider, django_capture_on_commit_callbacks):
    aanbieder = Aanbieder.objects.create(name="WerkPlus", kvk_number="40123456")
    for category in ("werk_opleiding", "financien"):
        Instrument.objects.create(name=f"Traject {category}", category=category, aanbieder=aanbieder)
    with django_capture_on_commit_callbacks(execute=True):
        return full_file_ensure(coach, teamleider)


def _page(browser, url):
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url)
    assert response.status_code == 200
    html = re.sub(r'(csrfmiddlewaretoken" value=")[^"]+', r"\1X", response.content.decode())
    return re.sub(r'nonce="[^"]+"', 'nonce="X"', html), [q["sql"] for q in queries.captured_queries]


def test_the_file_is_the_same_in_fewer_round_trips(client, coach, full, monkeypatch):
    login(client, coach)
    url = reverse("clients:client-detail", kwargs={"client_id": full.pk})
    _page(client, url)  # the reads run alone once on this connection: their column types are learnt
    _page(client, url)  # the types' names are asked once per connection
    joined_html, joined = _page(client, url)
    monkeypatch.setattr(client_views, "batched", contextlib.nullcontext)
    alone_html, alone = _page(client, url)
    assert joined_html == alone_html
    assert "Contactmomenten" in joined_html and "Brieven" in joined_html
    if connection.vendor == "postgresql":
        assert len(joined) <= len(alone) - 6, (len(joined), len(alone))
    else:
        assert len(joined) == len(alone)


def _values(rows):
    out = []
    for row in rows:
        own = [getattr(row, field.attname) for field in row._meta.concrete_fields if field.attname in row.__dict__]
        people = [
            getattr(row, name).get_full_name()
            for name in ("author", "from_coach", "to_coach", "with_user")
            if name in row._state.fields_cache and getattr(row, name) is not None
        ]
        out.append((type(row).__name__, own, people))
    return out


def test_every_list_holds_the_same_values_read_together(coach, full):
    client = selectors.client_file(coach, full.pk)
    alone = {name: _values(rows) for name, rows in selectors.client_file_history(client).items()}
    assert all(alone.values())  # a year's file: every list has rows
    with CaptureQueriesContext(connection) as queries, compiled_batch.batched():
        history = selectors.client_file_history(client)
        assert all(list.__len__(rows) == 0 for rows in history.values()) or connection.vendor != "postgresql"
    together = {name: _values(rows) for name, rows in history.items()}
    assert together == alone
    if connection.vendor == "postgresql":
        assert len(queries.captured_queries) == 1


def test_a_list_is_filled_on_first_use_with_the_others_waiting(coach, full):
    if connection.vendor != "postgresql":
        pytest.skip("the batch joins reads on PostgreSQL only")
    client = selectors.client_file(coach, full.pk)
    selectors.client_file_history(client)  # learnt
    expected = [a.pk for a in full.afspraken.order_by("starts_at", "pk")]
    with CaptureQueriesContext(connection) as queries, compiled_batch.batched():
        history = selectors.client_file_history(client)
        assert len(queries.captured_queries) == 0
        assert len(history["contactmomenten"]) == 6  # the first use reads all five lists
        assert len(queries.captured_queries) == 1
        assert [a.pk for a in history["afspraken"]] == expected
        assert bool(history["brieven"]) and history["taken"][0].client_id == full.pk
        assert len(queries.captured_queries) == 1
