"""The export form's selects (reports.forms.PlainSelect) write forms.Select's HTML byte for byte."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from reintegratie.reports.forms import ExportForm, PlainSelect


class Coach:
    def __init__(self, pk, first_name, last_name="", username="u"):
        self.pk, self.first_name, self.last_name, self.username = pk, first_name, last_name, username

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


COACHES = [Coach(7, "Anna", "de Vries"), Coach(12, "", username="x<y&\"z'"), Coach(3, "Émile <b>", "O'Neil")]


def _both(form, name):
    field = form[name]
    plain = str(field)
    field.field.widget = forms.Select(attrs=field.field.widget.attrs)
    field.field.widget.choices = field.field.choices
    return plain, str(form[name])


@pytest.mark.parametrize("data", [None, {"kind": "client_list", "coach": "12"}, {"coach": "3"}, {"coach": "nope"}])
def test_the_export_form_selects_are_djangos_html(data):
    for name in ("kind", "coach"):
        plain, django = _both(ExportForm(data, coaches=COACHES), name)
        assert plain == django


@pytest.mark.parametrize("value", [None, "", "a", "b", ["a", "b"]])
def test_a_plain_select_writes_what_forms_select_writes(value):
    choices = [("", "—"), ("a", gettext_lazy("Alle")), ("b", mark_safe("<i>veilig</i>")), (1, "één & twee")]
    attrs = {"class": "form-select", "data-x": 'a"b', "required": True, "disabled": False}
    plain = PlainSelect(attrs=attrs, choices=choices).render("veld", value, attrs={"id": "id_veld"})
    django = forms.Select(attrs=attrs, choices=choices).render("veld", value, attrs={"id": "id_veld"})
    assert plain == django
    grouped = [("Groep", [("a", "A")]), ("b", "B")]
    assert PlainSelect(choices=grouped).render("g", "a") == forms.Select(choices=grouped).render("g", "a")
    numbers = [(1, 1000), (2, 2)]
    assert PlainSelect(choices=numbers).render("n", 1) == forms.Select(choices=numbers).render("n", 1)
