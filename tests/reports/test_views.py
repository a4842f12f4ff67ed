"""The dashboard, its table exports and PDF: what the teamleider sees, and a fixed number of queries."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from intake.models import Intake, Trede
from klachten.models import Klacht, Zaak
from tests.auth import login
from tests.factories import ClientFactory, UserFactory
from trajecten.models import Instrument, Plan, Traject, Uitstroom

pytestmark = pytest.mark.django_db


def _client_with_history(coach, n):
    """A client with an intake, a plan, a traject, two steps, an outflow and a complaint: rows in every KPI."""
    client = ClientFactory(coach=coach)
    today = timezone.localdate()
    Intake.objects.create(
        client=client, kind="eerste", status="afgerond", completed_at=timezone.now(), created_by=coach
    )
    Plan.objects.create(
        client=client,
        version=1,
        status="akkoord",
        proposed_at=timezone.now() - timedelta(days=3),
        agreed_at=timezone.now(),
        agreed_how="papier",
        created_by=coach,
    )
    instrument, _ = Instrument.objects.get_or_create(name=f"Instrument {n % 3}", category="werk_opleiding")
    Traject.objects.create(
        client=client, instrument=instrument, reason="Past.", started_on=today, status="lopend", created_by=coach
    )
    Trede.objects.create(client=client, on=today - timedelta(days=400), step=2, created_by=coach)
    Trede.objects.create(client=client, on=today, step=3, created_by=coach)
    Uitstroom.objects.create(client=client, on=today, kind="werk_deeltijd", contract="vast", created_by=coach)
    zaak = Zaak.objects.create(
        client=client,
        soort="klacht",
        status="afgehandeld",
        received_on=today,
        decided_on=today,
        motivation="Opgelost.",
        created_by=coach,
    )
    Klacht.objects.create(zaak=zaak, category="bereikbaarheid", description="Niet gebeld.")
    return client


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_dashboard_shows_the_team_figures_with_charts_and_tables(client, teamleider, coach, other_coach):
    _client_with_history(coach, 1)
    _client_with_history(other_coach, 2)
    login(client, teamleider)
    response = client.get(reverse("reports:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<svg role="img"') == 4 and "<desc" in body
    # Coordinates carry a decimal point whatever the language: "12,5" would hide the bars.
    assert re.search(r'<(rect|text) [^>]*(x|y|width)="[0-9]*,', body) is None
    assert re.search(r'<rect [^>]*width="[1-9]', body)
    assert coach.get_full_name() in body
    assert other_coach.get_full_name() not in body
    # Caseload table: one client for this team's coach.
    assert response.context["tables"][0].rows == [[coach.get_full_name(), 1, 1]]


def test_dashboard_query_count_does_not_grow_with_the_number_of_clients(client, teamleider, coach, colleague):
    url = reverse("reports:dashboard") + "?start=2020-01-01&end=2030-12-31"
    _client_with_history(coach, 0)
    login(client, teamleider)
    one = _count_queries(client, url)
    for n in range(1, 16):
        _client_with_history(coach if n % 2 else colleague, n)
    many = _count_queries(client, url)
    assert one == many


def test_dashboard_stays_under_its_query_budget(client, teamleider, coach, django_assert_num_queries):
    for n in range(5):
        _client_with_history(coach, n)
    login(client, teamleider)
    # The KPIs take 8 queries (figures that read the same rows share one); the rest is the session,
    # the user, the second factor, the coach choices with the team's name, and the last exports.
    with django_assert_num_queries(16):
        response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert f"Rapportage {teamleider.team.name}</h1>" in response.content.decode()


def test_a_period_ending_before_it_starts_is_refused_and_the_default_shown(client, teamleider):
    login(client, teamleider)
    response = client.get(reverse("reports:dashboard") + "?start=2026-05-01&end=2026-01-01")
    assert response.status_code == 200
    assert "De einddatum ligt voor de begindatum" in response.content.decode()
    assert response.context["period"].start == date(timezone.localdate().year, 1, 1)


def test_a_table_downloads_as_csv_for_dutch_excel(client, teamleider, coach):
    _client_with_history(coach, 1)
    login(client, teamleider)
    response = client.get(reverse("reports:table-export") + "?tabel=caseload&formaat=csv")
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["Werkcoach", "Cliënten", "Actief"], [coach.get_full_name(), "1", "1"]]
    assert 'filename="caseload-' in response["Content-Disposition"]


def test_a_table_downloads_as_xlsx(client, teamleider, coach):
    _client_with_history(coach, 1)
    login(client, teamleider)
    response = client.get(reverse("reports:table-export") + "?tabel=uitstroom&formaat=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Soort", "Aantal")
    assert ("Werk, deeltijd", 1) in rows


def test_an_unknown_table_is_not_found(client, teamleider):
    login(client, teamleider)
    assert client.get(reverse("reports:table-export") + "?tabel=bsn&formaat=csv").status_code == 404


def test_the_dashboard_downloads_as_a_pdf_report(client, teamleider, coach):
    _client_with_history(coach, 1)
    login(client, teamleider)
    response = client.get(reverse("reports:dashboard-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_werkcoach_is_refused_the_dashboard(client, coach):
    login(client, coach)
    assert client.get(reverse("reports:dashboard")).status_code == 403


def test_a_teamleider_without_coaches_sees_an_empty_dashboard(client):
    lonely = UserFactory(teamleider=True)
    login(client, lonely)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert "Geen gegevens in deze periode." in response.content.decode()
    # No coach to bring the team's name along: the heading reads it itself.
    assert f"Rapportage {lonely.team}</h1>" in response.content.decode()


def test_the_dashboard_explains_its_figures_itself(client, teamleider):
    """The teamleider reads the definitions on the page, not a pointer to a developer file."""
    login(client, teamleider)
    body = client.get(reverse("reports:dashboard")).content.decode()
    assert "docs/kpi.md" not in body
    assert "Hoe tellen we de cijfers?" in body
    assert "De eerste keer dat een cliënt een werkcoach krijgt, is geen overdracht." in body
    assert "Een intake die achteraf is ingevoerd, telt hier niet mee." in body
