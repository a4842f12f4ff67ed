"""The client list written by PostgreSQL's COPY is byte for byte the file the Python writer makes."""

import csv
import io
from datetime import date

import pytest
from django.utils import timezone

from clients.models import Client, Overdracht
from intake.models import Trede
from reintegratie.reports import exports, tables
from tests.factories import AanbiederFactory, ClientFactory, UserFactory
from trajecten.models import Instrument, Plan, Traject, Uitstroom

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_clients(require_postgres, team_noord):
    # A coach whose name starts like a spreadsheet formula, one with a ';' and a quote in it.
    risky = UserFactory(team=team_noord, first_name="=HYPERLINK(1)", last_name='van "Dijk"; Jr')
    plain = UserFactory(team=team_noord, first_name="Anna", last_name="Smit")
    first = ClientFactory(coach=risky, benefit_start=date(2025, 3, 9))
    second = ClientFactory(coach=plain, benefit_start=date(2024, 12, 31), service_route="")  # no route yet
    agreed = timezone.make_aware(timezone.datetime(2026, 7, 1, 23, 30))  # 1 July, local time
    Plan.objects.create(
        client=first, version=1, status="akkoord", agreed_at=agreed, agreed_how="portaal", created_by=risky
    )
    Uitstroom.objects.create(
        client=second, on=date(2026, 5, 4), kind="werk_voltijd", contract="vast", hours=36, created_by=plain
    )
    # Two steps on the ladder (the later one counts), a real handover, a running and an ended traject.
    Trede.objects.create(client=first, on=date(2026, 2, 1), step=2, created_by=risky)
    Trede.objects.create(client=first, on=date(2026, 4, 1), step=4, created_by=risky)
    Overdracht.objects.create(
        client=second, from_coach=risky, to_coach=plain, at=agreed, reason="herverdeling", note="x", created_by=plain
    )
    aanbieder = AanbiederFactory()
    instrument = Instrument.objects.create(name="Werkfit", category="werk_opleiding", aanbieder=aanbieder)
    for status in ("lopend", "aangemeld"):
        Traject.objects.create(
            client=second, instrument=instrument, aanbieder=aanbieder, reason="Past.", status=status, created_by=plain
        )
    return [first, second]


def test_copy_writes_the_same_bytes_as_the_python_writer(varied_clients):
    rows = tables.client_rows(Client.objects.all())
    by_python, by_copy = io.BytesIO(), io.BytesIO()
    python_count = exports.write_csv(by_python, tables.CLIENT_COLUMNS, rows.iterator())
    seen = []
    copy_count = exports.copy_csv(by_copy, tables.CLIENT_COLUMNS, rows, on_rows=seen.append)
    assert by_copy.getvalue() == by_python.getvalue()
    assert python_count == copy_count == 2 and sum(seen) == 2
    text = by_copy.getvalue().decode("utf-8-sig")
    assert "'=HYPERLINK(1) " in text  # neutralised, as safe_cell does
    assert "2026-07-01 23:30" in text and "2025-03-09" in text
    header, one, two = csv.reader(io.StringIO(text), delimiter=";")
    assert one[1] == '\'=HYPERLINK(1) van "Dijk"; Jr'
    assert (header[5], one[5]) == ("Trede nu", "4")
    assert (header[8], two[8]) == ("Lopende trajecten", "2")
    assert (header[11], two[11]) == ("Overdrachten", "1")
    # A code column (no formula check in COPY): the stored value as it is, an empty one bare.
    assert (header[2], one[2], header[3], two[3]) == ("Status", "actief", "Dienstverleningsroute", "")
    assert (header[10], two[10], one[10]) == ("Soort uitstroom", "werk_voltijd", "")


def test_the_code_columns_hold_choices_that_never_start_like_a_formula():
    """COPY writes the code columns without the formula check: that is safe only for these fields."""
    from django.apps import apps

    from reintegratie.reports.client_list import CODE_COLUMNS, CODE_FIELDS

    assert [str(tables.CLIENT_COLUMNS[i]) for i in CODE_COLUMNS] == [
        "Status",
        "Dienstverleningsroute",
        "Plan",
        "Soort uitstroom",
    ]
    for app, model, name in CODE_FIELDS.values():
        field = apps.get_model(app, model)._meta.get_field(name)
        assert field.choices, name
        for value, _label in field.flatchoices:
            assert not str(value).startswith(exports.FORMULA_START), (name, value)


def test_copy_is_the_same_whatever_the_sessions_date_style(varied_clients):
    """Dates are cast to text under DateStyle ISO, set by copy_csv itself for its own transaction."""
    from django.db import connection

    rows = tables.client_rows(Client.objects.all())
    by_python = io.BytesIO()
    exports.write_csv(by_python, tables.CLIENT_COLUMNS, rows.iterator())
    with connection.cursor() as cursor:
        cursor.execute("SET datestyle = 'SQL, DMY'")
    try:
        by_copy = io.BytesIO()
        exports.copy_csv(by_copy, tables.CLIENT_COLUMNS, rows)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET datestyle = 'ISO, MDY'")
    assert by_copy.getvalue() == by_python.getvalue()


@pytest.mark.parametrize("first", ["+31", "-x", "@x", "\tx", "\rx", "", "Ä", "x=1"])
def test_every_formula_start_is_neutralised_as_the_python_writer_does(require_postgres, team_noord, first):
    UserFactory(team=team_noord, first_name=first, last_name="")
    coach = UserFactory(team=team_noord, first_name=first, last_name="")
    ClientFactory(coach=coach)
    rows = tables.client_rows(Client.objects.all())
    by_python, by_copy = io.BytesIO(), io.BytesIO()
    exports.write_csv(by_python, tables.CLIENT_COLUMNS, rows.iterator())
    exports.copy_csv(by_copy, tables.CLIENT_COLUMNS, rows)
    assert by_copy.getvalue() == by_python.getvalue()
