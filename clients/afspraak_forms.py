"""Forms about appointments after they are planned: the client's cancel and move requests, the coach's answer.

They shape input only; ``clients.afspraak_services`` applies the rules.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegratie.dates import datum_tijd

from .forms import DateTimeInput

_WHEN_INVALID = _("Vul een datum en tijd in, bijvoorbeeld 4 december 2026 om 10:00.")


class AfspraakCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom kunt u niet komen?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Uw werkcoach leest dit."),
        error_messages={"required": _("Schrijf waarom u niet kunt komen.")},
    )


def _moment(number, required=False):
    return forms.DateTimeField(
        label=_("Moment %(n)s dat u wel kunt") % {"n": number},
        required=required,
        widget=DateTimeInput(),
        error_messages={"invalid": _WHEN_INVALID, "required": _("Kies minstens één moment dat u wel kunt.")},
    )


class AfspraakMoveRequestForm(forms.Form):
    """Ask for another time: one to three moments that suit the client, and why (optional)."""

    moment_1 = _moment(1, required=True)
    moment_2 = _moment(2)
    moment_3 = _moment(3)
    reason = forms.CharField(
        label=_("Waarom wilt u een andere tijd? (mag leeg blijven)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def preferred(self):
        return [self.cleaned_data.get(f"moment_{n}") for n in (1, 2, 3)]


class AfspraakMoveForm(forms.Form):
    """The coach's answer: one of the client's moments, or another time."""

    choice = forms.ChoiceField(
        label=_("Nieuwe tijd"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een moment van de cliënt of een andere tijd.")},
    )
    other = forms.DateTimeField(
        label=_("Andere tijd voorstellen"),
        required=False,
        widget=DateTimeInput(),
        error_messages={"invalid": _WHEN_INVALID},
        help_text=_("Alleen als geen van de momenten van de cliënt past. De cliënt bevestigt dan of vraagt opnieuw."),
    )

    def __init__(self, *args, preferred=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [
            *((iso, datum_tijd(timezone.datetime.fromisoformat(iso))) for iso in preferred),
            ("anders", _("Een andere tijd (hieronder)")),
        ]

    def clean(self):
        data = super().clean()
        choice = data.get("choice")
        if choice == "anders":
            if data.get("other") is None and "other" not in self.errors:
                self.add_error("other", _("Vul de andere tijd in."))
            data["starts_at"] = data.get("other")
        elif choice:
            data["starts_at"] = timezone.datetime.fromisoformat(choice)
        return data
