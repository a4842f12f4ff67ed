"""Forms of berichten: a message (with an optional attachment) and a group message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from reintegratie.dossier.categories import CLIENT_CATEGORIES, Category

from .models import MAX_TEXT


class BerichtForm(forms.Form):
    text = forms.CharField(
        label=_("Uw bericht"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_TEXT,
        error_messages={
            "required": _("Schrijf een bericht."),
            "max_length": _("Uw bericht is te lang. Het mag hoogstens %(limit_value)d tekens zijn."),
        },
    )
    attachment = forms.FileField(
        label=_("Bijlage (mag leeg blijven)"),
        required=False,
        allow_empty_file=True,
        help_text=_("Een PDF, JPG of PNG. Een cv mag hoogstens 5 MB zijn, andere documenten 10 MB."),
    )
    # The attachment goes into the dossier under this category, with that category's checks.
    category = forms.ChoiceField(
        label=_("Wat voor document is de bijlage?"),
        required=False,
        initial=Category.OVERIG,
        error_messages={"invalid_choice": _("Kies wat voor document de bijlage is.")},
    )

    def __init__(self, *args, for_client=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = CLIENT_CATEGORIES if for_client else list(Category)
        self.fields["category"].choices = [(c.value, c.label) for c in choices]

    def clean_category(self):
        return self.cleaned_data.get("category") or Category.OVERIG


class ClientChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.client_number})"


class GroupForm(forms.Form):
    clients = ClientChoice(
        label=_("Aan wie?"),
        queryset=Client.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies een of meer cliënten."),
            "invalid_choice": _("Kies alleen cliënten uit uw eigen caseload."),
            "invalid_pk_value": _("Kies alleen cliënten uit uw eigen caseload."),
        },
    )
    text = forms.CharField(
        label=_("Bericht"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
        help_text=_("Iedere cliënt krijgt dit bericht apart. Niemand ziet aan wie u het nog meer stuurde."),
        error_messages={
            "required": _("Schrijf een bericht."),
            "max_length": _("Het bericht is te lang. Het mag hoogstens %(limit_value)d tekens zijn."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clients"].queryset = (
            Client.objects.visible_to(user).filter(coach=user).order_by("last_name", "first_name", "client_number")
        )
