"""``{% document_rows documents for_client %}``: the same ``<tr>``s as the loop of ``dossier/_document_list.html``
it replaced, for staff and for the client, for the client's own uploads and an employee's."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.utils import translation

from reintegratie.accounts.models import Role, User
from reintegratie.dossier.models import Document

# The loop the template had before the rows were written in Python: the reference.
# fmt: off
LOOP = """{% load i18n file_sizes client_file %}  {% for document in documents %}
    <tr>
      <td><a href="{% url 'dossier:document-download' document_id=document.pk %}">{{ document.original_name }}</a> <span class="text-body-secondary">({{ document.size|file_size }}, {% translate "downloaden" %})</span></td>
      <td>{{ document|choice_label:"category" }}</td>
      <td>{{ document.created_at|file_date:"j F Y" }}</td>
      <td>{% if document.uploaded_by_client %}{% if for_client %}{% translate "U" %}{% else %}{% translate "Cliënt" %}{% endif %}{% else %}{{ document.uploaded_by.get_full_name }}{% endif %}</td>
      <td>{{ document.retain_until|file_date:"j F Y" }}</td>
    </tr>
  {% endfor %}"""  # noqa: E501
# fmt: on
TAG = "{% load document_rows %}  {% document_rows documents for_client %}"
NASTY = "<b>&\"'"


def _documents():
    uploaders = [
        User(first_name="Eva", last_name="Jansen", role=Role.CLIENT),
        User(first_name=f"Sanne {NASTY}", last_name="de Vries", role=Role.WERKCOACH),
        User(role=Role.WERKCOACH),  # no name
    ]
    sizes = [0, 1, 1023, 1024, 12_345, 5 * 1024 * 1024, 1_234_567_890]
    categories = ["cv", "diploma", "medisch", "onbekend"]
    at = datetime(2026, 3, 29, 0, 30, tzinfo=ZoneInfo("UTC"))  # the night the clocks go forward
    return [
        Document(
            pk=n + 1 + (n % 2) * 1500,  # 1000 and more
            uploaded_by=uploaders[n % 3],
            original_name=["cv.pdf", f"brief {NASTY}.pdf", ""][n % 3],
            size=sizes[n % len(sizes)],
            category=categories[n % len(categories)],
            created_at=at.replace(hour=n % 24, day=1 + n).astimezone(
                ZoneInfo("Europe/Amsterdam") if n % 2 else ZoneInfo("UTC")
            ),
            retain_until=None if n == 5 else date(2031, 1 + n % 12, 28),
        )
        for n in range(14)
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_rows_are_the_loop(language):
    tag, loop = engines["django"].from_string(TAG), engines["django"].from_string(LOOP)
    documents = _documents()
    with translation.override(language):
        for shown in (documents, documents[:1], documents[1:2], []):
            for for_client in (True, False, None):
                context = {"documents": shown, "for_client": for_client}
                assert tag.render(context) == loop.render(context)
            assert tag.render({"documents": shown}) == loop.render({"documents": shown})  # no for_client at all
    for_staff, for_client = (tag.render({"documents": documents, "for_client": shown}) for shown in (False, True))
    assert (
        "<td>Cliënt</td>" in for_staff
        and "<td>U</td>" in for_client
        and "Sanne &lt;b&gt;&amp;&quot;&#x27;" in for_staff
    )
    assert "<b>" not in for_staff and "/dossier/" in for_staff and "1502" in for_staff
