"""Forms of Werk zoeken: they shape input; the services apply the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.forms import DateInput
from intake.models import Beroep

from .models import Vacature
from .workflow import VoordrachtStatus


class VacatureForm(forms.ModelForm):
    class Meta:
        model = Vacature
        fields = [
            "employer_name",
            "employer_contact",
            "employer_phone",
            "employer_email",
            "beroep",
            "title",
            "hours_min",
            "hours_max",
            "location",
            "region",
            "contract",
            "needs_driving_licence",
            "min_dutch_level",
            "certificates",
            "physical_demands",
            "places",
            "closes_on",
            "offers_jobcoach",
            "loonkostensubsidie_possible",
            "garantiebaan",
            "description",
            "status",
        ]
        widgets = {
            "closes_on": DateInput(),
            "certificates": forms.Textarea(attrs={"rows": 2}),
            "physical_demands": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "beroep": _("Dezelfde lijst als bij het uitstroomperspectief in de intake."),
            "physical_demands": _("Bijvoorbeeld: de hele dag staan, tillen tot 20 kilo."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beroep"].queryset = Beroep.objects.filter(active=True)
        if self.instance.pk is None:
            self.fields.pop("status")


class VoordrachtForm(forms.Form):
    note = forms.CharField(
        label=_("Waarom past deze cliënt? (voor de werkgeversdienstverlener)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class VoordrachtStatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("Wat is er gebeurd?"),
        choices=[(s.value, s.label) for s in VoordrachtStatus if s != VoordrachtStatus.VOORGEDRAGEN],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij afgewezen. De werkcoach bespreekt dit met de cliënt."),
    )

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [c for c in self.fields["to_status"].choices if c[0] in allowed]


class StartWorkForm(forms.Form):
    on = forms.DateField(label=_("Eerste werkdag"), widget=DateInput())
    hours = forms.IntegerField(label=_("Uren per week"), min_value=1, max_value=60)

    def __init__(self, *args, vacature, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())
            self.initial.setdefault("hours", vacature.hours_max)


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        label=_("Toestemming"),
        choices=[("1", _("Ja")), ("0", _("Nee"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
