"""Forms of Mijn re-integratie for the plan: they shape the client's input; trajecten.services.portal
applies the rules. Plain Dutch (B1), addressing the client with "u".
"""

from django import forms
from django.utils.translation import gettext_lazy as _


class PlanVersionForm(forms.Form):
    """A choice about one plan version: the version number and lock the client saw on the page."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    lock = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["version"].initial = plan.version
            self.fields["lock"].initial = plan.lock_version


class AgreeForm(PlanVersionForm):
    """'Ik ga akkoord met versie N': a button with the version in hidden fields."""


class DisagreeForm(PlanVersionForm):
    reason = forms.CharField(
        label=_("Wat wilt u anders in het plan?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Schrijf het in uw eigen woorden. Uw werkcoach leest het en past het plan aan."),
        error_messages={"required": _("Schrijf op wat u anders wilt. Dan kan uw werkcoach het aanpassen.")},
    )


class InputForm(forms.Form):
    text = forms.CharField(
        label=_("Wat wilt u zelf in uw plan zetten?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bijvoorbeeld wat u wilt, wat u goed kunt of wat u nodig heeft."),
        error_messages={"required": _("Schrijf uw inbreng op.")},
    )


class ActieDoneForm(forms.Form):
    note = forms.CharField(
        label=_("Wilt u er iets over vertellen? (Dit mag leeg blijven.)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: wat is gelukt? U kunt hoogstens 500 tekens schrijven."),
    )
