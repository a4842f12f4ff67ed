"""The management report on paper and the export's file name (issue 15.8).

The PDF kept the web page's links ("Naar de tabel met deze cijfers") and lost
its chart titles; the export file name used UTC instead of Dutch time.
"""

import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reintegratie.reports.models import Export
from tests.auth import login
from tests.reports.test_views import _client_with_history

pytestmark = pytest.mark.django_db

CHART_TITLES = (
    "Cliënten per werkcoach",
    "Trajecten gestart per instrument",
    "Uitstroom per soort",
    "Beweging op de participatieladder",
)


def test_the_pdf_report_shows_its_chart_titles_and_no_web_links(client, teamleider, coach):
    _client_with_history(coach, 1)
    login(client, teamleider)
    reader = PdfReader(io.BytesIO(client.get(reverse("reports:dashboard-pdf")).content))
    text = " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())
    for title in CHART_TITLES:
        assert title in text
    assert "Naar de tabel" not in text
    assert all("/Annots" not in page for page in reader.pages), "the PDF holds links"


def test_the_pdf_report_explains_its_figures_itself(client, teamleider, coach):
    """The reader of the paper report has no docs/ folder: the definitions are in the PDF (issue 15.10)."""
    from reintegratie.reports.definitions import KPI_DEFINITIONS

    _client_with_history(coach, 1)
    login(client, teamleider)
    reader = PdfReader(io.BytesIO(client.get(reverse("reports:dashboard-pdf")).content))
    text = " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())
    assert "Hoe tellen we de cijfers?" in text
    for name, definition in KPI_DEFINITIONS:
        assert str(name) in text
        assert " ".join(str(definition).split()) in text, name
    assert "docs/" not in text and "kpi.md" not in text


def test_an_exports_file_name_uses_dutch_time(teamleider):
    export = Export(kind="clienten_csv", requested_by=teamleider)
    # 23:30 UTC on 31 December is 00:30 on 1 January in Amsterdam.
    export.created_at = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert export.download_name.startswith("clienten_csv-20270101-0030.")
