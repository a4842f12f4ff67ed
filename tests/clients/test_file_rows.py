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


# fmt: off
UPCOMING_LOOP = """{% load i18n client_file %}    {% for a in upcoming %}
      <li class="list-group-item d-flex flex-wrap justify-content-between gap-2">
        <span><time datetime="{{ a.starts_at|date:'c' }}">{{ a.starts_at|file_date:"l j F Y, H:i" }}</time> · {{ a.purpose }} · {{ a.place }} · {% translate "met" %} {{ a.with_user.get_full_name }}{% if a.confirmed_at %} <span class="badge text-bg-success">{% translate "Cliënt komt" %}</span>{% endif %}</span>
        <span class="d-flex flex-wrap gap-3">
          <a href="{% file_url 'clients:afspraak-ics' client_id=client.pk afspraak_id=a.pk %}">{% translate "In mijn agenda (.ics)" %}<span class="visually-hidden">: {{ a.purpose }}</span></a>
          <a href="{% file_url 'clients:afspraak-invite' client_id=client.pk afspraak_id=a.pk %}">{% translate "Uitnodiging sturen" %}<span class="visually-hidden">: {{ a.purpose }}</span></a>
          <a href="{% file_url 'clients:afspraak-outcome' client_id=client.pk afspraak_id=a.pk %}">{% translate "Afzeggen of uitkomst vastleggen" %}<span class="visually-hidden">: {{ a.purpose }}</span></a>
        </span>
      </li>
    {% endfor %}"""  # noqa: E501
PAST_LOOP = """{% load i18n client_file %}    {% for a in past %}
      <tr>
        <td>{{ a.starts_at|file_date:"j F Y, H:i" }}</td>
        <td>{{ a.purpose }}</td>
        <td>{% if a.outcome %}{{ a|choice_label:"outcome" }}{% if a.outcome_note %}: {{ a.outcome_note }}{% endif %}{% if a.outcome == "niet_verschenen" %} · <a href="{% file_url 'klachten:maatregel-create' client_id=client.pk %}?afspraak={{ a.pk }}">{% translate "Maatregel overwegen" %}<span class="visually-hidden">: {{ a.purpose }}</span></a>{% endif %}{% else %}<a href="{% file_url 'clients:afspraak-outcome' client_id=client.pk afspraak_id=a.pk %}">{% translate "Uitkomst vastleggen" %}<span class="visually-hidden">: {{ a.purpose }}</span></a>{% endif %}</td>
      </tr>
    {% endfor %}"""  # noqa: E501
HANDOVER_LOOP = """{% load i18n client_file %}      {% for o in overdrachten %}
        <tr>
          <td>{{ o.at|file_date:"j F Y" }}</td>
          <td>{{ o.from_coach.get_full_name|default:"–" }}</td>
          <td>{{ o.to_coach.get_full_name }}</td>
          <td>{{ o|choice_label:"reason" }}{% if o.note %}<details><summary>{% translate "Notitie" %}</summary>{{ o.note|linebreaks }}</details>{% endif %}</td>
        </tr>
      {% endfor %}"""  # noqa: E501
# fmt: on
UPCOMING_TAG = "{% load list_rows %}    {% file_upcoming_rows client upcoming %}"
PAST_TAG = "{% load list_rows %}    {% file_past_rows client past %}"
HANDOVER_TAG = "{% load list_rows %}      {% file_handover_rows overdrachten %}"
NASTY = "<b>&\"'"


def _people():
    from reintegratie.accounts.models import User

    return [User(first_name=f"Sanne {NASTY}", last_name="de Vries"), User(first_name="", last_name=""), User()]


def _appointments():
    from clients.models import Afspraak, Client

    client = Client(pk=uuid.UUID(int=7))
    at = datetime(2026, 3, 29, 0, 30, tzinfo=ZoneInfo("UTC"))  # the night the clocks go forward
    outcomes = ["", "verschenen", "niet_verschenen", "afgezegd", "onbekend"]
    notes = ["", f"Te laat {NASTY}\nbelde af"]
    return client, [
        Afspraak(
            pk=n + 1 + (n % 3) * 1500,  # 1000 and more: a number that would be localised
            client=client,
            with_user=_people()[n % 3],
            starts_at=at.replace(hour=n % 24).astimezone(AMS if n % 2 else ZoneInfo("UTC")),
            place=["Stadswinkel", "", f"Kamer {NASTY}"][n % 3],
            purpose=["Voortgangsgesprek", f"Plan {NASTY}", ""][n % 3],
            outcome=outcomes[n % len(outcomes)],
            outcome_note=notes[n % 2],
            confirmed_at=at if n % 2 else None,
        )
        for n in range(20)
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_appointment_rows_are_the_loops(language):
    engine = engines["django"]
    client, appointments = _appointments()
    pairs = [
        (engine.from_string(UPCOMING_TAG), engine.from_string(UPCOMING_LOOP), "upcoming"),
        (engine.from_string(PAST_TAG), engine.from_string(PAST_LOOP), "past"),
    ]
    with translation.override(language):
        for tag, loop, name in pairs:
            for shown in (appointments, appointments[:1], []):
                context = {"client": client, name: shown}
                assert tag.render(context) == loop.render(context)
    upcoming = pairs[0][0].render({"client": client, "upcoming": appointments})
    past = pairs[1][0].render({"client": client, "past": appointments})
    assert "text-bg-success" in upcoming and "<b>" not in upcoming and "&lt;b&gt;&amp;&quot;&#x27;" in upcoming
    assert "?afspraak=3003" in past and "Te laat" in past and "<b>" not in past  # every branch is there


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_handover_rows_are_the_loops(language):
    from clients.models import Overdracht

    people = _people()
    handovers = [
        Overdracht(
            pk=n + 1,
            from_coach=None if n % 4 == 0 else people[n % 3],
            to_coach=people[(n + 1) % 3],
            at=datetime(2026, 10, 25, n % 24, 5, tzinfo=ZoneInfo("UTC")),
            reason=["eerste_toewijzing", "herverdeling", "vertrek_werkcoach", "onbekend"][n % 4],
            note=["", f"Warme overdracht {NASTY}\n\nTweede alinea", "Kort."][n % 3],
        )
        for n in range(12)
    ]
    tag, loop = engines["django"].from_string(HANDOVER_TAG), engines["django"].from_string(HANDOVER_LOOP)
    with translation.override(language):
        for shown in (handovers, handovers[:1], []):
            assert tag.render({"overdrachten": shown}) == loop.render({"overdrachten": shown})
    rendered = tag.render({"overdrachten": handovers})
    assert "<td>–</td>" in rendered and "<details>" in rendered and "<b>" not in rendered
