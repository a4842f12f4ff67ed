"""The caseload's filter fields: crispy's HTML, kept per value, never for typed text or errors."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

from clients.forms import CaseloadFilterForm
from clients.templatetags import list_filter


@pytest.fixture(autouse=True)
def _empty():
    list_filter._KEPT.clear()


@pytest.mark.parametrize(
    "initial",
    [{}, {"status": "actief"}, {"service_route": "intensief"}, {"status": "uitgestroomd", "service_route": ""}],
)
def test_a_kept_field_is_the_html_crispy_gives(initial):
    for _round in range(2):  # rendered, then from the kept HTML
        form = CaseloadFilterForm(initial=initial)
        for name in ("q", "status", "service_route"):
            assert list_filter.as_kept_crispy_field(form[name]) == as_crispy_field(form[name])
    assert len(list_filter._KEPT) == 3


def test_each_value_is_kept_apart():
    shown = list_filter.as_kept_crispy_field(CaseloadFilterForm(initial={"status": "actief"})["status"])
    other = list_filter.as_kept_crispy_field(CaseloadFilterForm(initial={"status": "aangemeld"})["status"])
    assert 'value="actief" selected' in shown and 'value="actief" selected' not in other
    assert 'value="aangemeld" selected' in other


def test_a_typed_search_is_never_kept():
    form = CaseloadFilterForm(initial={"q": "123456782"})
    assert "123456782" in list_filter.as_kept_crispy_field(form["q"])
    assert list_filter._KEPT == {}


def test_a_field_with_an_error_is_rendered_every_time():
    form = CaseloadFilterForm(data={"q": "", "status": "bestaat-niet", "service_route": ""})
    assert not form.is_valid()
    html = list_filter.as_kept_crispy_field(form["status"])
    assert html == as_crispy_field(form["status"])
    assert "invalid-feedback" in html or "is-invalid" in html
    assert all(key[3] != "status" for key in list_filter._KEPT)
