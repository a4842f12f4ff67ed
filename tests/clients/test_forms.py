"""The long coach list renders the same select as Django's own widget, only faster."""

import re

from django import forms

from clients.forms import LongSelect

CHOICES = [("", "---------"), ("1", "Anna <de Vries>"), ("2", "Bé & Co")]


class _Form(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, widget=forms.Select)
    long = forms.ChoiceField(choices=CHOICES, widget=LongSelect)


def _parts(html):
    attrs = sorted(re.search(r"<select ([^>]*)>", html).group(1).split())
    return attrs, re.findall(r"<option[^>]*>[^<]*</option>", html)


def test_the_long_select_renders_the_same_options_attributes_and_selection():
    form = _Form(initial={"plain": "2", "long": "2"})
    plain = str(form["plain"].as_widget(attrs={"class": "form-select"}))
    long = str(form["long"].as_widget(attrs={"class": "form-select"}))
    assert _parts(long) == _parts(plain.replace('"plain"', '"long"').replace("id_plain", "id_long"))
    assert '<option value="2" selected>Bé &amp; Co</option>' in long
    assert "Anna &lt;de Vries&gt;" in long
