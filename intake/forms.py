"""Forms of the brede intake: the intake itself and one small form per leefgebied."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Beroep, Intake, LeefgebiedScore
from .workflow import LEVELS, TREDES

NULL_BOOLEAN = [("", _("Onbekend")), ("true", _("Ja")), ("false", _("Nee"))]


NOT_FILLED = _("Nog niet ingevuld")


def _blank_first(choices):
    return [("", NOT_FILLED), *[(k, v) for k, v in choices if k != ""]]


class IntakeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    target_occupations = forms.ModelMultipleChoiceField(
        label=_("Beroepen waar het naartoe gaat"),
        queryset=Beroep.objects.filter(active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Houd Ctrl (of Cmd) ingedrukt om meer beroepen te kiezen."),
    )

    class Meta:
        model = Intake
        fields = [
            "wishes",
            "education",
            "has_startkwalificatie",
            "work_experience",
            "skills",
            "hours_available",
            "dutch_level",
            "digital_skills",
            "driving_licence",
            "childcare",
            "functional_limits",
            "ladder_now",
            "ladder_target",
            "ladder_target_reason",
            "target_occupations",
            "target_hours",
            "horizon",
            "service_route",
        ]
        widgets = {
            "wishes": forms.Textarea(attrs={"rows": 3}),
            "work_experience": forms.Textarea(attrs={"rows": 3}),
            "skills": forms.Textarea(attrs={"rows": 3}),
            "functional_limits": forms.Textarea(attrs={"rows": 2}),
            "ladder_target_reason": forms.Textarea(attrs={"rows": 2}),
            "has_startkwalificatie": forms.Select(choices=NULL_BOOLEAN),
            "driving_licence": forms.Select(choices=NULL_BOOLEAN),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name in ("ladder_now", "ladder_target"):
            self.fields[name].choices = _blank_first([(k, f"{k}. {v}") for k, v in TREDES.items()])
        for name in ("education", "dutch_level", "digital_skills", "childcare", "horizon", "service_route"):
            self.fields[name].choices = _blank_first(self.fields[name].choices)
        for name in ("has_startkwalificatie", "driving_licence"):
            self.fields[name] = forms.NullBooleanField(
                label=self.fields[name].label,
                help_text=self.fields[name].help_text,
                required=False,
                widget=forms.Select(choices=NULL_BOOLEAN),
            )

    def service_fields(self):
        data = dict(self.cleaned_data)
        data.pop("version")
        return data, list(data.pop("target_occupations"))


class ScoreForm(forms.ModelForm):
    leefgebied = forms.CharField(widget=forms.HiddenInput)
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=[("", _("Nog geen score")), *[(k, f"{k}. {v}") for k, v in LEVELS.items()]],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = LeefgebiedScore
        fields = ["leefgebied", "score", "client_view", "note", "support", "support_note", "work_on"]
        widgets = {
            "client_view": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def service_values(self):
        data = dict(self.cleaned_data)
        return data.pop("leefgebied"), data


ScoreFormSet = forms.formset_factory(ScoreForm, extra=0, max_num=13, validate_max=True)


class TredeForm(forms.Form):
    on = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    step = forms.TypedChoiceField(label=_("Trede"), coerce=int, choices=[(k, f"{k}. {v}") for k, v in TREDES.items()])
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)
