from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BriefKind


class InvitationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort brief"),
        choices=[
            (BriefKind.UITNODIGING_AFSPRAAK, BriefKind.UITNODIGING_AFSPRAAK.label),
            (BriefKind.UITNODIGING_BREDE_INTAKE, BriefKind.UITNODIGING_BREDE_INTAKE.label),
        ],
        widget=forms.RadioSelect,
    )
    personal_note = forms.CharField(
        label=_("Persoonlijke noot (mag leeg blijven)"),
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Schrijf kort en in gewone woorden. We controleren de tekst voordat de brief weggaat."),
    )
