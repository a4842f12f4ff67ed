"""Forms of Mijn re-integratie: they shape the client's input; clients.portal_services applies the rules.

Texts are plain Dutch (B1) and address the client with "u".
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klachten import deadlines
from klachten.workflow import KlachtCategorie, ZaakStatus


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


class IntakeNotRightForm(forms.Form):
    text = forms.CharField(
        label=_("Wat klopt er niet?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Schrijf op wat er niet klopt en wat wel klopt. Uw werkcoach leest het."),
        error_messages={"required": _("Schrijf kort wat u wilt zeggen.")},
    )


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
