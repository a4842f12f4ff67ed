"""Forms of Mijn re-integratie for complaints and objections: they shape the client's input;
klachten.services applies the rules. Plain Dutch (B1), addressing the client with "u".
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import deadlines
from .workflow import KlachtCategorie, ZaakStatus


class KlachtForm(forms.Form):
    """A complaint in the client's own words; klachten.services.klacht_file checks and files it."""

    category = forms.ChoiceField(
        label=_("Waar gaat uw klacht over?"),
        choices=KlachtCategorie.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies waar uw klacht over gaat."),
            "invalid_choice": _("Kies waar uw klacht over gaat."),
        },
    )
    description = forms.CharField(
        label=_("Wat is er gebeurd?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Schrijf op wat er gebeurde, wanneer en wie erbij was. U kunt hoogstens 4000 tekens schrijven."),
        error_messages={"required": _("Schrijf op wat er is gebeurd.")},
    )
    wish = forms.CharField(
        label=_("Wat wilt u dat er gebeurt? (Dit mag leeg blijven.)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: een gesprek, excuses, of een andere werkcoach."),
    )
    about_coach = forms.BooleanField(
        label=_("De klacht gaat over mijn werkcoach"),
        required=False,
        help_text=_("Dan behandelt iemand anders uw klacht, niet uw werkcoach."),
    )
    about_text = forms.CharField(
        label=_("Gaat de klacht over iemand anders? Schrijf dan hier over wie. (Dit mag leeg blijven.)"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld de naam van een medewerker of van een re-integratiebedrijf."),
    )


def _decision_label(zaak):
    """A decision in plain words: its date, what it was, and the last day to object."""
    if zaak.status == ZaakStatus.OPGELEGD:
        what = gettext("verlaging van uw uitkering")
    else:
        what = gettext("schriftelijke waarschuwing")
    rule = getattr(zaak.maatregel, "rule", None)
    about = f" ({rule.name.lower()})" if rule is not None else ""
    end = deadlines.bezwaar_termijn(zaak.decided_on).end
    label = gettext("Besluit van %(date)s: %(what)s%(about)s. Bezwaar maken kan tot en met %(end)s.") % {
        "what": what,
        "date": date_format(zaak.decided_on, "j F Y"),
        "about": about,
        "end": date_format(end, "j F Y"),
    }
    if end < timezone.localdate():
        label += " " + gettext("Die datum is voorbij.")
    return label


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _decision_label(obj)


class BezwaarForm(forms.Form):
    """An objection against one of the client's own decisions; klachten.services.bezwaar_file applies the rules.

    ``decisions`` is the queryset of decisions the client may object to; anything else is not a valid choice.
    """

    against = DecisionChoiceField(
        label=_("Tegen welk besluit maakt u bezwaar?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Kies het besluit waar u het niet mee eens bent."),
            "invalid_choice": _("Kies een besluit uit de lijst."),
        },
    )
    grounds = forms.CharField(
        label=_("Waarom bent u het niet eens met het besluit?"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Schrijf het in uw eigen woorden. Wat klopt er niet? Wat is er in uw situatie anders?"),
        error_messages={"required": _("Schrijf op waarom u het niet eens bent met het besluit.")},
    )
    late_excuse = forms.CharField(
        label=_("Bent u te laat? Schrijf dan op waarom."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: u was ziek of in het ziekenhuis, of u kreeg de brief pas later."),
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["against"].queryset = decisions
        self.decisions = list(decisions)
        today = timezone.localdate()
        self.late_ids = {z.pk for z in self.decisions if deadlines.bezwaar_termijn(z.decided_on).end < today}
        if not self.late_ids:
            # Nobody is late: the question is not asked.
            del self.fields["late_excuse"]

    def clean(self):
        cleaned = super().clean()
        against = cleaned.get("against")
        if against is not None and against.pk in self.late_ids and not cleaned.get("late_excuse", "").strip():
            self.add_error(
                "late_excuse",
                _("U bent te laat met uw bezwaar. Schrijf op waarom. Dan kijken wij of we uw bezwaar toch behandelen."),
            )
        return cleaned
