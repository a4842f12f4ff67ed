from django import forms
from django.utils.translation import gettext_lazy as _


class ExcludeForm(forms.Form):
    """Keep one file off the destruction list: why (a running bezwaar or court case, say)."""

    reason = forms.CharField(
        label=_("Waarom blijft dit dossier bewaard?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: er loopt nog een bezwaar of een rechtszaak. Schrijf geen namen op."),
    )
