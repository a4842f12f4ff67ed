"""The client file's letter and contact rows (``list_rows``): written in Python, the same as the loops."""

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


# fmt: off
CONTACT_LOOP = engines["django"].from_string(
    """{% load i18n client_file %}    {% for c in contactmomenten %}
      <article class="card mb-2">
        <div class="card-body">
          <h3 class="h6 card-title">{{ c.at|file_date:"j F Y, H:i" }} · {{ c|choice_label:"channel" }} · {{ c.author.get_full_name }}
            {% if c.shared_with_client %}<span class="badge text-bg-info ms-1">{% translate "Gedeeld met cliënt" %}</span>{% endif %}</h3>
          {{ c.summary|linebreaks }}
          {% if c.agreements %}<p class="mb-0"><strong>{% translate "Afspraken" %}:</strong></p>{{ c.agreements|linebreaks }}{% endif %}
        </div>
      </article>
    {% endfor %}"""  # noqa: E501
)
# fmt: on
CONTACT_TAG = engines["django"].from_string("{% load list_rows %}    {% file_contact_rows contactmomenten %}")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_contact_rows_are_the_loops(language):
    from clients.models import Contactmoment
    from reintegratie.accounts.models import User

    author = User(first_name="Sanne <b>", last_name="de Vries & co")
    moments = [
        Contactmoment(
            pk=n + 1,
            author=author,
            at=datetime(2026, 10, 25, n % 24, 5, tzinfo=ZoneInfo("UTC")),
            channel=["kantoor", "telefoon", "video", "onbekend"][n % 4],
            summary=["Kort.", "Regel één\nRegel twee\n\nAlinea <twee>", ""][n % 3],
            agreements=["", "U belt & mailt.\nVolgende week."][n % 2],
            shared_with_client=n % 3 == 0,
        )
        for n in range(8)
    ]
    with translation.override(language):
        for shown in (moments, moments[:1], []):
            assert CONTACT_TAG.render({"contactmomenten": shown}) == CONTACT_LOOP.render({"contactmomenten": shown})
