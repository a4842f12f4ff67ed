"""The form of Mijn re-integratie's intake page: "this is not right". Plain Dutch (B1)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class IntakeNotRightForm(forms.Form):
    text = forms.CharField(
        label=_("Wat klopt er niet?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Schrijf op wat er niet klopt en wat wel klopt. Uw werkcoach leest het."),
        error_messages={"required": _("Schrijf kort wat u wilt zeggen.")},
    )
