"""Forms for trajecten, progress reports and outflow: they shape input; the services apply the rules."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from clients.forms import DateInput

from .models import Instrument
from .workflow import Contract, FollowUp, TrajectResult, TrajectStatus, UitstroomKind


class InstrumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.aanbieder})" if obj.aanbieder_id else obj.name


class DoelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_leefgebied_display()}: {obj.text}"


class TrajectForm(forms.Form):
    instrument = InstrumentChoiceField(label=_("Instrument"), queryset=Instrument.objects.none())
    doel = DoelChoiceField(
        label=_("Doel uit het plan van aanpak"),
        queryset=None,
        help_text=_("Aan welk doel van de cliënt werkt dit traject?"),
    )
    reason = forms.CharField(
        label=_("Waarom past dit traject bij deze cliënt?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Schrijf het in gewone woorden. De aanbieder leest dit ook."),
    )
    repeat_justification = forms.CharField(
        label=_("Waarom opnieuw?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_(
            "Alleen nodig als de cliënt al eerder een traject van deze soort volgde. "
            "Schrijf dan op waarom het nu opnieuw moet en wat er anders is."
        ),
    )
    started_on = forms.DateField(label=_("Startdatum"), required=False, widget=DateInput())
    planned_end = forms.DateField(label=_("Geplande einddatum"), required=False, widget=DateInput())

    def __init__(self, *args, instruments, doelen, **kwargs):
        """instruments: (suggested, others) querysets or lists; shown as two groups, suggested first."""
        super().__init__(*args, **kwargs)
        suggested, others = instruments
        field = self.fields["instrument"]
        field.queryset = Instrument.objects.filter(active=True)
        field.choices = [
            ("", "---------"),
            *(
                (label, [(i.pk, field.label_from_instance(i)) for i in group])
                for label, group in ((_("Voorgesteld na de intake"), suggested), (_("Andere instrumenten"), others))
                if group
            ),
        ]
        self.fields["doel"].queryset = doelen


class TrajectStartForm(forms.Form):
    """aangemeld → lopend. A traject starts on a day that has come: the planned day once reached, else today."""

    started_on = forms.DateField(
        label=_("Startdatum"), widget=DateInput(), help_text=_("Leeg laten is vandaag."), required=False
    )

    def __init__(self, *args, traject=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        if traject is None:
            return
        today = today or timezone.localdate()
        field = self.fields["started_on"]
        planned = traject.started_on
        if planned is None:
            field.initial = today
            field.help_text = _("Vandaag, of de dag waarop het traject begon. Leeg laten is vandaag.")
        elif planned > today:
            field.initial = today
            field.help_text = _(
                "Gepland vanaf %(planned)s. Start het traject pas als het echt begonnen is. "
                "Begon het eerder dan gepland? Kies dan vandaag of de dag waarop het begon."
            ) % {"planned": date_format(planned, "j F Y")}
        else:
            field.initial = planned
            field.help_text = _(
                "De geplande startdatum. Begon het traject op een andere dag? Pas de datum aan. Leeg laten is vandaag."
            )


class TrajectCloseForm(forms.Form):
    """lopend → afgerond, or aangemeld/lopend → voortijdig beëindigd."""

    end_report = forms.CharField(
        label=_("Eindrapportage"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        required=False,
        help_text=_(
            "Wat is er gedaan, wat heeft het opgeleverd, en wat is een goede volgende stap? "
            "De cliënt krijgt dit als brief."
        ),
    )
    result = forms.ChoiceField(
        label=_("Resultaat"), choices=TrajectResult.choices, widget=forms.RadioSelect, required=False
    )
    early_end_reason = forms.CharField(
        label=_("Waarom stopt het traject eerder?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    ended_on = forms.DateField(
        label=_("Einddatum"), widget=DateInput(), help_text=_("Leeg laten is vandaag."), required=False
    )

    def __init__(self, *args, early=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not early:
            del self.fields["early_end_reason"]


def status_form_class(to_status):
    return TrajectStartForm if to_status == TrajectStatus.LOPEND else TrajectCloseForm


class ReportForm(forms.Form):
    period_start = forms.DateField(label=_("Over de periode van"), widget=DateInput())
    period_end = forms.DateField(label=_("Tot en met"), widget=DateInput())
    text = forms.CharField(
        label=_("Hoe gaat het?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        required=False,
        help_text=_("Wat ging goed, wat was moeilijk, en wat zijn de volgende stappen?"),
    )


class UitstroomForm(forms.Form):
    on = forms.DateField(label=_("Datum van uitstroom"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Waarheen?"), choices=UitstroomKind.choices, widget=forms.RadioSelect)
    contract = forms.ChoiceField(label=_("Soort contract"), choices=Contract.choices)
    hours = forms.IntegerField(
        label=_("Uren per week"),
        required=False,
        min_value=1,
        max_value=80,
        help_text=_("Verplicht bij werk."),
    )
    traject = forms.ModelChoiceField(
        label=_("Dankzij welk traject?"),
        required=False,
        queryset=None,
        empty_label=_("Geen of weet niet"),
    )

    def __init__(self, *args, trajecten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["traject"].queryset = trajecten
        self.fields["traject"].label_from_instance = lambda t: f"{t.instrument.name} ({t.get_status_display().lower()})"
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())


class FollowUpForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Heeft de cliënt nu weer een uitkering?"), choices=FollowUp.choices, widget=forms.RadioSelect
    )
