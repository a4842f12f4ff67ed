"""clients/templatetags/client_file.py: the same output as ``{% url %}``, ``get_FOO_display`` and ``|date``."""

import datetime
import uuid

import pytest
from django.template import Context, Template
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from clients.models import Afspraak, Client, Overdracht
from clients.templatetags.client_file import choice_label, file_url
from intake.models import Intake
from trajecten.models import Uitstroom

CLIENT = uuid.UUID("3f2b8c1e-1111-4222-8333-944455556666")
OTHER = uuid.UUID("00000000-0000-4000-8000-000000000001")


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("clients:caseload", {}),
        ("clients:client-detail", {"client_id": CLIENT}),
        ("clients:afspraak-ics", {"client_id": CLIENT, "afspraak_id": 7}),
        ("clients:afspraak-ics", {"client_id": OTHER, "afspraak_id": 123456}),
        ("trajecten:uitstroom-followup", {"client_id": CLIENT, "uitstroom_id": 12, "months": 6}),
        ("trajecten:uitstroom-followup", {"client_id": CLIENT, "uitstroom_id": 6, "months": 12}),
        ("documents:brief-preview", {"kind": "uitnodiging"}),  # not an id: reversed as usual
    ],
)
def test_file_url_is_the_reverse(name, kwargs):
    assert file_url(name, **kwargs) == reverse(name, kwargs=kwargs)
    assert file_url(name, **kwargs) == reverse(name, kwargs=kwargs)  # the second time from the cache


def test_file_url_follows_the_script_prefix():
    try:
        set_script_prefix("/gemeente/")
        assert file_url("clients:client-update", client_id=CLIENT) == f"/gemeente/clienten/{CLIENT}/wijzigen/"
    finally:
        clear_script_prefix()
    assert file_url("clients:client-update", client_id=CLIENT) == f"/clienten/{CLIENT}/wijzigen/"


def test_the_tag_renders_like_the_url_tag():
    context = Context({"client": Client(pk=CLIENT), "a": Afspraak(pk=9)})
    url = Template("{% url 'clients:afspraak-outcome' client_id=client.pk afspraak_id=a.pk %}").render(context)
    mine = Template(
        "{% load client_file %}{% file_url 'clients:afspraak-outcome' client_id=client.pk afspraak_id=a.pk %}"
    ).render(context)
    assert mine == url


CHOICE_FIELDS = [
    (Overdracht, "reason"),
    (Afspraak, "outcome"),
    (Client, "status"),
    (Client, "service_route"),
    (Intake, "ladder_now"),
    (Intake, "childcare"),
    (Uitstroom, "contract"),
    (Uitstroom, "followup_6"),
]


@pytest.mark.parametrize(("model", "name"), CHOICE_FIELDS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_choice_label_is_get_display_for_every_choice_and_an_unknown_value(model, name, language):
    field = model._meta.get_field(name)
    values = [value for value, _label in field.flatchoices] + ["onbekend", None, ""]
    with translation.override(language):
        for value in values:
            obj = model(**{field.attname: value})
            expected = getattr(obj, f"get_{name}_display")()
            assert choice_label(obj, name) == expected and type(choice_label(obj, name)) is type(expected)


def test_choice_label_of_nothing_is_empty_like_a_missing_variable():
    assert choice_label(None, "status") == "" == Template("{{ x.get_status_display }}").render(Context({}))


DATE_FORMATS = ["j F Y", "j F Y, H:i", "l j F Y, H:i", "d-m-Y", "n/j/Y", r"\d\e j F", "Y-m-d H:i T", "W o", ""]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("date_format", DATE_FORMATS)
def test_file_date_renders_like_the_date_filter(settings, language, date_format):
    import zoneinfo

    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    values = [
        datetime.datetime(2026, 3, 29, 1, 59, tzinfo=datetime.UTC),  # the night the clocks go forward
        datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 31, 23, 5, tzinfo=amsterdam),
        datetime.datetime(999, 1, 2, 3, 4, tzinfo=datetime.UTC),  # a year of three digits
        datetime.date(2027, 5, 1),
        datetime.date(2026, 2, 9),
        None,
        "",
        "geen datum",
    ]
    with translation.override(language):
        for value in values:
            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime) and "H" in date_format:
                continue  # |date refuses a time of a date (an error in both)
            context = Context({"value": value, "format": date_format})
            expected = Template("{{ value|date:format }}").render(context)
            assert Template("{% load client_file %}{{ value|file_date:format }}").render(context) == expected
            assert Template("{% load client_file %}{{ value|file_date:format }}").render(context) == expected
