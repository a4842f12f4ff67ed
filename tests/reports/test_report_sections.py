"""The team dashboard's tables (report_sections) are byte for byte what its template loop wrote.

The loop included components/_report_table.html per table and wrote two download links; the tag
writes the same in Python. Both are rendered here from the same tables: numbers (localised, also
above a thousand), floats, no value, text that needs escaping, lazy translations, an empty table.
"""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy

from clients.models import Client
from reintegratie.reports import kpi
from reintegratie.reports.kpi import Period
from reintegratie.reports.tables import Table, dashboard_tables

LOOP = Template(
    """{% load i18n %}{% for table in tables %}
  <section class="mb-4" aria-label="{{ table.title }}">
    {% include "components/_report_table.html" with table=table %}
    <p class="small">{% translate "Download deze tabel:" %}
      <a href="{{ table_export_url }}?tabel={{ table.key }}&amp;formaat=csv{% if query %}&amp;{{ query }}{% endif %}">CSV<span class="visually-hidden"> {{ table.title }}</span></a> ·
      <a href="{{ table_export_url }}?tabel={{ table.key }}&amp;formaat=xlsx{% if query %}&amp;{{ query }}{% endif %}">Excel<span class="visually-hidden"> {{ table.title }}</span></a></p>
  </section>
{% endfor %}"""  # noqa: E501
)
TAG = Template("{% load report_tables %}{% report_sections tables table_export_url query %}")

TABLES = [
    Table(
        "a&b",
        gettext_lazy("Trajecten per instrument"),
        [gettext_lazy("Instrument"), "Aantal <n>", "Aandeel (%)"],
        [["Werk & <zo>", 1234567, 12.5], [gettext_lazy("Totaal"), 0, None], ["x", 2, 0.1], ["y", 1234567, 1e-7]],
    ),
    Table("leeg", 'Niets "hier"', ["Cijfer", "Waarde"], []),
    Table("b", "Bezwaren", ["Cijfer", "Aantal"], [["Dagen", 12.3], ["Ontvangen", 7]]),
]


@pytest.mark.parametrize("query", ["start=2026-01-01&end=2026-12-07", ""])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_report_sections_write_what_the_loop_wrote(query, language):
    context = {"tables": TABLES, "table_export_url": "/rapportage/tabel/", "query": query}
    with translation.override(language):
        assert TAG.render(Context(context)) == LOOP.render(Context(context))


@pytest.mark.django_db
def test_report_sections_write_the_dashboards_own_tables_also_empty():
    """Every table of the dashboard, here for a scope without clients: their empty forms."""
    data = kpi.dashboard(Client.objects.none(), Period(date(2026, 1, 1), date(2026, 12, 7)))
    context = {"tables": dashboard_tables(data), "table_export_url": "/t/", "query": "start=a&end=b"}
    with translation.override("nl"):
        html = TAG.render(Context(context))
        assert html == LOOP.render(Context(context))
    assert "Geen gegevens in deze periode." in html
