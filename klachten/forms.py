"""Forms for zaken: they shape input; the services apply the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clients.forms import DateInput
from reintegratie.accounts.models import Role, User
from reintegratie.dates import datum

from .models import SanctieRegel
from .workflow import (
    BezwaarUitkomst,
    Channel,
    HorenOverslaan,
    KlachtCategorie,
    Oordeel,
    Verwijtbaarheid,
    ZaakStatus,
)

TEXT = {"rows": 4}


def text_field(label, *, required=True, help_text="", rows=4):
    return forms.CharField(
        label=label,
        required=required,
        max_length=8000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class VersionForm(forms.Form):
    """Every step names the version it started from: no silent overwrite (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


class KlachtForm(forms.Form):
    category = forms.ChoiceField(label=_("Waar gaat de klacht over?"), choices=KlachtCategorie.choices)
    description = text_field(_("Wat is er gebeurd?"), help_text=_("In de woorden van de cliënt."))
    wish = text_field(_("Wat wil de cliënt bereiken?"), required=False, rows=2)
    about_user = UserChoiceField(
        label=_("Over welke medewerker?"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Deze medewerker mag de klacht niet behandelen (Awb 9:7)."),
    )
    about_text = forms.CharField(
        label=_("Of over wie of wat anders"), max_length=200, required=False, help_text=_("Bijvoorbeeld een aanbieder.")
    )
    channel = forms.ChoiceField(label=_("Hoe kwam de klacht binnen?"), choices=Channel.choices)
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DateInput(), initial=timezone.localdate)
    committee = forms.BooleanField(
        label=_("Naar de klachtadviescommissie"),
        required=False,
        help_text=_("De termijn is dan 10 weken in plaats van 6."),
    )

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about_user"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.WERKCOACH, Role.TEAMLEIDER, Role.AANBIEDER]
        ).order_by("first_name", "last_name")
        self.fields["about_user"].initial = None


class KlachtEditForm(VersionForm):
    category = forms.ChoiceField(label=_("Waar gaat de klacht over?"), choices=KlachtCategorie.choices)
    description = text_field(_("Wat is er gebeurd?"))
    wish = text_field(_("Wat wil de cliënt bereiken?"), required=False, rows=2)
    about_text = forms.CharField(label=_("Over wie of wat"), max_length=200, required=False)


class MaatregelEditForm(VersionForm):
    breach_description = text_field(_("Wat is er gebeurd?"))


class BezwaarEditForm(VersionForm):
    grounds = text_field(_("Waarom is de cliënt het niet eens met het besluit?"))


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return ngettext(
            "%(name)s: %(p)s%% voor %(m)s maand", "%(name)s: %(p)s%% voor %(m)s maanden", obj.duration_months
        ) % {"name": obj.name, "p": obj.percentage, "m": obj.duration_months}


class MaatregelForm(forms.Form):
    breach_on = forms.DateField(label=_("Datum van de gedraging"), widget=DateInput())
    description = text_field(
        _("Wat is er gebeurd?"), help_text=_("Feitelijk en in gewone woorden; dit staat in de brief aan de cliënt.")
    )
    rule = RuleChoiceField(
        label=_("Categorie uit de afstemmingsverordening"),
        queryset=SanctieRegel.objects.none(),
        help_text=_("Het niet melden van inkomsten (inlichtingenplicht) is geen maatregel maar een boete."),
    )
    zienswijze_days = forms.IntegerField(
        label=_("Dagen om te reageren"),
        min_value=7,
        max_value=28,
        initial=14,
        help_text=_("De cliënt mag eerst zijn of haar kant vertellen (zienswijze)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = SanctieRegel.objects.valid_on(timezone.localdate()).order_by("percentage")


class SignaalForm(forms.Form):
    breach_on = forms.DateField(label=_("Datum"), widget=DateInput())
    description = text_field(
        _("Wat is er gebeurd?"),
        help_text=_("Alleen de feiten. De werkcoach beslist wat er gebeurt; u legt geen maatregel op."),
    )


class BezwaarForm(forms.Form):
    against = forms.ModelChoiceField(label=_("Tegen welk besluit?"), queryset=None)
    grounds = text_field(_("Waarom is de cliënt het niet eens met het besluit?"))
    channel = forms.ChoiceField(label=_("Hoe kwam het bezwaar binnen?"), choices=Channel.choices)
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DateInput(), initial=timezone.localdate)
    posted_on = forms.DateField(
        label=_("Datum poststempel"),
        widget=DateInput(),
        required=False,
        help_text=_("Alleen bij een brief: op tijd gepost telt ook, als hij binnen een week binnenkwam (Awb 6:9)."),
    )
    committee = forms.BooleanField(
        label=_("Naar de bezwaarcommissie"), required=False, help_text=_("De termijn is dan 12 weken in plaats van 6.")
    )
    late_excuse = text_field(_("Als het te laat is: waarom?"), required=False, rows=2)

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["against"].queryset = decisions
        self.fields["against"].label_from_instance = lambda z: (
            f"{z.reference}: {z.get_status_display()} ({datum(z.decided_on)})"
        )


class HandlerForm(VersionForm):
    handler = UserChoiceField(label=_("Behandelaar"), queryset=User.objects.none())

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class KlachtHearingForm(VersionForm):
    hearing_on = forms.DateField(label=_("Gehoord op"), widget=DateInput(), required=False)
    report = text_field(_("Verslag van het horen"), required=False)
    skip_reason = text_field(
        _("Of: waarom niet gehoord"),
        required=False,
        rows=2,
        help_text=_("Bijvoorbeeld: de cliënt wil niet gehoord worden (Awb 9:10 lid 2)."),
    )


class BezwaarHearingForm(VersionForm):
    hearing_on = forms.DateField(label=_("Gehoord op"), widget=DateInput(), required=False)
    report = text_field(_("Verslag van het horen (Awb 7:7)"), required=False)
    skip = forms.ChoiceField(
        label=_("Of: de wettelijke reden om niet te horen (Awb 7:3)"),
        choices=[("", "---------"), *HorenOverslaan.choices],
        required=False,
    )
    skip_note = text_field(_("Toelichting"), required=False, rows=2)


class ExtendForm(VersionForm):
    reason = text_field(_("Waarom is meer tijd nodig?"), help_text=_("Dit staat in de brief aan de cliënt."), rows=3)


class SettleForm(VersionForm):
    solution = text_field(_("Hoe is het opgelost?"))
    satisfaction_confirmed = text_field(_("Hoe liet de cliënt weten tevreden te zijn?"), rows=2)


class WithdrawForm(VersionForm):
    note = text_field(_("Hoe liet de cliënt weten de zaak in te trekken?"), rows=2)


class KlachtDecideForm(VersionForm):
    findings = text_field(_("Wat is onderzocht en wat is gevonden?"))
    judgement = forms.ChoiceField(label=_("Oordeel"), choices=Oordeel.choices, widget=forms.RadioSelect)
    conclusions = text_field(_("Wat gebeurt er nu?"), help_text=_("Bijvoorbeeld: excuses, een nieuwe afspraak."))


class ZienswijzeForm(VersionForm):
    zienswijze = text_field(_("Wat vertelde de cliënt?"), required=False)
    given_on = forms.DateField(label=_("Wanneer"), widget=DateInput(), required=False)
    skip_reason = text_field(
        _("Of: waarom geen zienswijze"),
        required=False,
        rows=2,
        help_text=_("Laat leeg als de termijn voorbij is zonder reactie; dat wordt dan vastgelegd."),
    )


NULL_BOOLEAN = [("", _("Nog niet beoordeeld")), ("ja", _("Ja")), ("nee", _("Nee"))]


class MaatregelDecideForm(VersionForm):
    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            (ZaakStatus.OPGELEGD, _("Maatregel opleggen")),
            (ZaakStatus.WAARSCHUWING, _("Schriftelijke waarschuwing")),
            (ZaakStatus.GEEN_MAATREGEL, _("Geen maatregel")),
        ],
        widget=forms.RadioSelect,
    )
    culpability = forms.ChoiceField(
        label=_("Verwijtbaarheid"), choices=Verwijtbaarheid.choices, widget=forms.RadioSelect
    )
    culpability_note = text_field(_("Toelichting verwijtbaarheid"), rows=2)
    urgent_reasons = forms.ChoiceField(
        label=_("Zijn er dringende redenen (bijvoorbeeld schulden of huisuitzetting)?"), choices=NULL_BOOLEAN
    )
    urgent_reasons_note = text_field(_("Welke dringende redenen, en wat betekent dat?"), required=False, rows=2)
    percentage = forms.IntegerField(label=_("Verlaging (procent)"), min_value=1, max_value=100, required=False)
    duration_months = forms.IntegerField(label=_("Duur (maanden)"), min_value=1, max_value=12, required=False)
    starts_on = forms.DateField(label=_("Gaat in op"), widget=DateInput(), required=False)
    heroverweging_on = forms.DateField(
        label=_("Heroverwegen uiterlijk"),
        widget=DateInput(),
        required=False,
        help_text=_("Binnen 3 maanden (Participatiewet art. 18 lid 3). Leeg: precies 3 maanden."),
    )
    motivation = text_field(_("Motivering"), help_text=_("Dit staat in de brief aan de cliënt."))

    def clean_urgent_reasons(self):
        return {"ja": True, "nee": False}.get(self.cleaned_data["urgent_reasons"])


class DropForm(VersionForm):
    motivation = text_field(_("Waarom komt er geen maatregel?"), rows=3)


class ReconsiderForm(VersionForm):
    note = text_field(_("Uitkomst van de heroverweging"), rows=3)


class IntentionFromSignalForm(VersionForm, MaatregelForm):
    pass


class BezwaarDecideForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=BezwaarUitkomst.choices, widget=forms.RadioSelect)
    late_excused = forms.BooleanField(label=_("Te laat, maar verschoonbaar (Awb 6:11)"), required=False)
    motivation = text_field(_("Motivering"), help_text=_("Dit staat in de brief aan de cliënt."))
