"""The FG's form: which client (BSN or client number, in the POST body only) and why."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FgReden


class FgSearchForm(forms.Form):
    query = forms.CharField(
        label=_("BSN of cliëntnummer"),
        max_length=20,
        help_text=_("Het BSN (9 cijfers) of het cliëntnummer van de cliënt."),
    )
    reason = forms.ChoiceField(label=_("Reden"), choices=FgReden.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Toelichting"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld het nummer van de klacht of het datalek. Deze tekst wordt bewaard."),
    )

    def clean_query(self):
        value = "".join(self.cleaned_data["query"].split())
        if not value.isdigit():
            raise forms.ValidationError(_("Vul alleen cijfers in: een BSN of een cliëntnummer."))
        return value

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Schrijf erbij waarom u dit dossier opent."))
        return note
