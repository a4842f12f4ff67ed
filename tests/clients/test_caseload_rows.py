"""The caseload's rows and flags: written in Python and compiled once per day, the same as before.

``caseload_rows`` must write what the template loop wrote, and the caseload's annotations, compiled
once per process and day (``compiled_annotations``), must give every row the values a fresh build
gives, also the day after.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from clients import registry, selectors
from clients.models import Client, Overdracht
from reintegratie.expressions import compiled_annotations
from tests.factories import AfspraakFactory, ClientFactory, ContactmomentFactory, UserFactory
from tests.trajecten.helpers import agreed_plan
from trajecten.models import Actie, Plan

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=AMS)

# The loop the template had before the rows were written in Python: the reference.
# fmt: off
LOOP = engines["django"].from_string(
    """{% load i18n client_registry %}    {% for client in page.object_list %}
    <tr>
      <th scope="row">
        <a href="{{ client.pk|client_file_url }}">{{ client.sort_name }}</a>
        {% if client.unread_handover %}<span class="badge text-bg-warning ms-1">{% translate "Nieuw: lees de overdracht" %}</span>{% endif %}
        {% for flag in client.caseload_flags %}<span class="badge text-bg-{{ flag.tone }} ms-1">{{ flag.label }}</span>{% endfor %}
      </th>
      <td>{{ client.client_number }}</td>
      <td>{{ client.get_status_display }}</td>
      <td>{{ client.get_service_route_display|default:_("Nog niet bepaald") }}</td>
      {% if is_team_view %}<td>{{ client.coach.get_full_name }}</td>{% endif %}
      <td>{% if client.next_afspraak_at %}<time datetime="{{ client.next_afspraak_at|date:'c' }}">{{ client.next_afspraak_at|date:"j F Y, H:i" }}</time>{% else %}<span class="text-body-secondary">{% translate "Geen" %}</span>{% endif %}</td>
      <td>{% if client.last_contact_at %}<time datetime="{{ client.last_contact_at|date:'c' }}">{{ client.last_contact_at|date:"j F Y" }}</time>{% else %}<span class="text-body-secondary">{% translate "Nog geen" %}</span>{% endif %}</td>
    </tr>
    {% endfor %}"""  # noqa: E501
)
# fmt: on
TAG = engines["django"].from_string("{% load list_rows %}    {% caseload_rows page.object_list is_team_view %}")


@pytest.fixture
def people(coach, colleague):
    """Every kind of row: escaped name, no route, unread handover, appointment, contact, late plan."""
    odd = ClientFactory(coach=coach, first_name='<b>Mo & "Jo"</b>', last_name="d'Artagnan", service_route="")
    ContactmomentFactory(client=odd, at=NOW - timedelta(days=80))
    handed = ClientFactory(coach=coach, last_name="Aalders", service_route="intensief", status="aangemeld")
    Overdracht.objects.create(
        client=handed, from_coach=colleague, to_coach=coach, reason="herverdeling", note="x", created_by=colleague
    )
    AfspraakFactory(client=handed, starts_at=NOW + timedelta(days=3, hours=5, minutes=15))
    planned = ClientFactory(coach=coach, last_name="Bakker", service_route="direct_naar_werk")
    plan = agreed_plan(coach, planned)
    Plan.objects.filter(pk=plan.pk).update(evaluate_on=NOW.date() - timedelta(days=2))
    Actie.objects.filter(doel__plan=plan).update(due=NOW.date())  # due today: late from tomorrow
    return [odd, handed, planned]


def _page(user):
    rows = list(selectors.caseload(user))
    for row in rows:
        row.caseload_flags = registry.caseload_flags(row)
    return {"page": {"object_list": rows}}


@pytest.mark.parametrize("team_view", [False, True])
def test_the_rows_are_what_the_template_loop_wrote(coach, teamleider, people, team_view):
    request = RequestFactory().get("/clienten/")
    with time_machine.travel(NOW, tick=False):
        context = {**_page(teamleider if team_view else coach), "is_team_view": team_view}
    request.user = teamleider if team_view else coach
    with time_machine.travel(NOW, tick=False):
        expected, written = LOOP.render(context, request), TAG.render(context, request)
    assert written == expected
    assert "&lt;b&gt;Mo &amp; &quot;Jo&quot;&lt;/b&gt;" in written  # escaped, once
    assert "Nog niet bepaald" in written and "Nieuw: lees de overdracht" in written
    assert "Evaluatie plan te laat" in written
    assert written.count("<tr>") == len(people)


def _values(queryset):
    names = list(selectors._caseload_annotations(timezone.localdate()).query.annotations)
    return {row["pk"]: row for row in queryset.values("pk", *names)}


def test_compiled_annotations_give_what_a_fresh_build_gives_also_the_next_day(coach, people):
    for moment in (NOW, NOW + timedelta(days=1)):
        with time_machine.travel(moment, tick=False):
            compiled = _values(selectors.caseload(coach))
            fresh = _values(selectors._caseload_annotations(timezone.localdate()).filter(coach=coach))
            assert compiled == fresh
            overdue = compiled[people[2].pk]["actions_overdue"]
            assert overdue is (moment > NOW)  # the action due 7 December is late on the 8th, not on the 7th
    assert compiled[people[2].pk]["evaluation_overdue"] is True
    assert compiled[people[1].pk]["unread_handover"] is True
    assert compiled[people[1].pk]["handover_count"] == 1


def test_compiled_annotations_refuse_a_join(coach):
    with pytest.raises(ValueError, match="may not join"):
        compiled_annotations(("test-join",), "default", lambda: Client.objects.annotate(c=registry_coach_name()))


def registry_coach_name():
    from django.db.models import F

    return F("coach__last_name")


def test_a_setting_change_compiles_again(coach, settings):
    first = compiled_annotations(("test-setting",), "default", lambda: Client.objects.annotate(n=_weeks()))
    settings.CONTACT_SOON_DAYS = settings.CONTACT_SOON_DAYS + 1
    second = compiled_annotations(("test-setting",), "default", lambda: Client.objects.annotate(n=_weeks()))
    assert first["n"].params != second["n"].params


def _weeks():
    from django.conf import settings
    from django.db.models import IntegerField, Value

    return Value(settings.CONTACT_SOON_DAYS, output_field=IntegerField())


def test_the_caseload_is_one_query_for_its_rows_with_every_flag(coach, people, django_assert_num_queries):
    user = UserFactory(username="x")  # noqa: F841  # another user changes nothing
    with django_assert_num_queries(1):
        rows = list(selectors.caseload(coach))
    assert {row.pk for row in rows} == {person.pk for person in people}


# fmt: off
TEAM_LOOP = engines["django"].from_string(
    """{% load i18n client_registry %}        {% translate "dossier" as dossier_label %}{% for client in page.object_list %}
          <tr>
            <td><input class="form-check-input" type="checkbox" name="clients" value="{{ client.pk }}" id="kies-{{ client.pk }}" {% if client.pk|stringformat:"s" in selected %}checked{% endif %}></td>
            <td><label for="kies-{{ client.pk }}">{{ client.sort_name }}</label> · <a href="{{ client.pk|client_file_url }}">{{ dossier_label }}<span class="visually-hidden"> {{ client.full_name }}</span></a></td>
            <td>{{ client.coach.get_full_name }}</td>
            <td class="text-end">{{ client.handover_count|default:0 }}</td>
          </tr>
        {% endfor %}"""  # noqa: E501
)
# fmt: on
TEAM_TAG = engines["django"].from_string("{% load list_rows %}        {% team_client_rows page.object_list selected %}")


def test_the_team_rows_are_what_the_template_loop_wrote(teamleider, people):
    request = RequestFactory().post("/team/")
    request.user = teamleider
    rows = list(selectors.team_clients(teamleider))
    context = {"page": {"object_list": rows}, "selected": {str(people[1].pk)}}
    expected, written = TEAM_LOOP.render(context, request), TEAM_TAG.render(context, request)
    assert written == expected
    assert written.count(" checked>") == 1 and written.count("<tr>") == len(people)
    assert "&lt;b&gt;Mo &amp; &quot;Jo&quot;&lt;/b&gt;" in written
