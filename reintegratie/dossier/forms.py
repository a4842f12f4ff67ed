"""The upload form: a category and one file. The checks themselves are in ``checks.py``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .categories import CLIENT_CATEGORIES, Category


class DocumentForm(forms.Form):
    category = forms.ChoiceField(label=_("Wat voor document is het?"), choices=Category.choices)
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("Een PDF, JPG of PNG. Een cv mag hoogstens 5 MB zijn, andere documenten 10 MB."),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg. Kies een ander bestand."),
            "invalid": _("Kies een bestand."),
        },
        allow_empty_file=True,  # the check says why a 0-byte file is refused
    )

    def __init__(self, *args, for_client=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = CLIENT_CATEGORIES if for_client else list(Category)
        self.fields["category"].choices = [("", _("Kies…"))] + [(c.value, c.label) for c in choices]
        self.fields["category"].error_messages["required"] = _("Kies wat voor document het is.")
        self.fields["category"].error_messages["invalid_choice"] = _("Kies wat voor document het is.")
