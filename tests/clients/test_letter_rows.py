"""The client file's letter rows (``list_rows.file_letter_rows``): written in Python, the same as the loop."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, engines
from django.utils import translation

from reintegratie.documents.models import Brief

AMS = ZoneInfo("Europe/Amsterdam")

# The loop the template had before the rows were written in Python: the reference.
# fmt: off
LOOP = engines["django"].from_string(
    """{% load brieven i18n client_file %}    {% for b in brieven %}
      <tr>
        <td>{{ b.created_at|file_date:"j F Y, H:i" }}</td>
        <td>{{ b|choice_label:"kind" }} ({% translate "versie" %} {{ b.version }})</td>
        <td><span class="badge {% if b.status == 'klaar' %}text-bg-success{% elif b.status == 'mislukt' %}text-bg-danger{% else %}text-bg-secondary{% endif %}">{{ b|choice_label:"status" }}</span></td>
        <td>{{ b.readability.flesch_douma|leesbaarheid }}</td>
        <td>
          {% if b.status == "klaar" %}<a href="{% file_url 'documents:brief-download' brief_id=b.pk %}">{% translate "Downloaden (PDF)" %}<span class="visually-hidden">: {{ b|choice_label:"kind" }} {{ b.version }}</span></a>
          {% elif b.status == "mislukt" %}
            <form method="post" action="{% file_url 'documents:brief-retry' brief_id=b.pk %}">{% csrf_token %}<button type="submit" class="btn btn-link btn-sm p-0">{% translate "Opnieuw proberen" %}</button></form>
          {% endif %}
        </td>
      </tr>
    {% endfor %}"""  # noqa: E501
)
# fmt: on
TAG = engines["django"].from_string("{% load list_rows %}    {% file_letter_rows brieven %}")


def _letters():
    at = datetime(2026, 3, 29, 0, 30, tzinfo=ZoneInfo("UTC"))  # the night the clocks go forward
    kinds = ["plan_van_aanpak", "uitnodiging_afspraak", "samenvatting_intake", "onbekend"]
    statuses = ["klaar", "mislukt", "in_wachtrij", "bezig"]
    readabilities = [{"flesch_douma": 87.84}, {}, None, {"flesch_douma": None}, {"flesch_douma": "41.2"}]
    return [
        Brief(
            pk=uuid.UUID(int=n + 1),
            kind=kinds[n % len(kinds)],
            status=statuses[n % len(statuses)],
            version=1 + n * 499,  # 1000 and more: a localised number
            readability=readabilities[n % len(readabilities)],
            created_at=at.replace(hour=n % 24).astimezone(AMS if n % 2 else ZoneInfo("UTC")),
        )
        for n in range(12)
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("csrf_token", ["tok3n", None])
def test_the_rows_are_the_loops(language, csrf_token):
    letters = _letters()
    with translation.override(language):
        for shown in (letters, letters[:1], []):
            context = {"brieven": shown, "csrf_token": csrf_token}
            assert TAG.render(context) == LOOP.render(context)
    assert "text-bg-danger" in TAG.render({"brieven": letters, "csrf_token": "x"})  # every branch is there


def test_the_rows_escape():
    letter = _letters()[0]
    letter.kind = '<script>"x"</script>'
    rendered = TAG.render(Context({"brieven": [letter]}).flatten())
    assert "<script>" not in rendered and rendered == LOOP.render({"brieven": [letter]})
