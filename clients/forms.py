"""Forms of the clients app: they shape input; the services apply the rules."""

import re
from datetime import timedelta
from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper per call

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Afspraak, Client, Contactmoment
from .selectors import werkcoaches
from .validators import normalize_bsn, validate_bsn
from .workflow import AfspraakOutcome, ClientStatus, OverdrachtReason, ServiceRoute

POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def add_service_error(form, error):
    """Put a service's ValidationError on the form: on a field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def conflict_rows(form, current, fields=None):
    """After an edit conflict: (label, saved now, typed by this user) for each field that differs."""
    rows = []
    for name in fields or form.fields:
        if name in ("version", "lock") or name not in form.cleaned_data:
            continue
        saved, typed = getattr(current, name, None), form.cleaned_data[name]
        if (saved or "") != (typed or ""):
            rows.append((form.fields[name].label, saved, typed))
    return rows


class ClientForm(forms.ModelForm):
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=20,
        help_text=_("9 cijfers. Spaties en punten mogen."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    coach = forms.ModelChoiceField(label=_("Werkcoach"), queryset=werkcoaches(), required=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Client
        fields = [
            "first_name",
            "name_prefix",
            "last_name",
            "bsn",
            "date_of_birth",
            "email",
            "phone",
            "street",
            "house_number",
            "postcode",
            "city",
            "preferred_language",
            "needs_interpreter",
            "benefit_start",
            "service_route",
            "status",
        ]
        widgets = {"date_of_birth": DateInput(), "benefit_start": DateInput()}

    def __init__(self, *args, choose_coach=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = werkcoaches()
        if not choose_coach:
            del self.fields["coach"]
        if self.instance._state.adding:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        self.fields["service_route"].choices = [("", _("Nog niet bepaald")), *ServiceRoute.choices]
        self.fields["status"].choices = ClientStatus.choices
        for name, autocomplete in {
            "first_name": "off",
            "last_name": "off",
            "email": "off",
            "phone": "off",
        }.items():
            self.fields[name].widget.attrs["autocomplete"] = autocomplete

    def clean_bsn(self):
        bsn = normalize_bsn(self.cleaned_data["bsn"])
        validate_bsn(bsn)
        return bsn

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise ValidationError(_("De geboortedatum ligt in de toekomst. Controleer de datum."))
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if age < 15 or age > 110:
            raise ValidationError(
                _("Met deze geboortedatum is de cliënt %(age)s jaar. Controleer de datum."), params={"age": age}
            )
        return born

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if not postcode:
            return ""
        if not POSTCODE.match(postcode):
            raise ValidationError(_("Een postcode heeft 4 cijfers en 2 letters, bijvoorbeeld 3011 AB."))
        return f"{postcode[:4]} {postcode[-2:].upper()}"

    def clean(self):
        cleaned = super().clean()
        born, start = cleaned.get("date_of_birth"), cleaned.get("benefit_start")
        if born and start and start < born:
            self.add_error("benefit_start", _("De uitkering kan niet beginnen voor de geboortedatum."))
        if start and start > timezone.localdate() + timedelta(days=366):
            self.add_error("benefit_start", _("Deze datum ligt meer dan een jaar in de toekomst. Controleer de datum."))
        return cleaned


class ContactmomentForm(forms.ModelForm):
    class Meta:
        model = Contactmoment
        fields = ["at", "channel", "summary", "agreements", "shared_with_client"]
        widgets = {
            "at": DateTimeInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "agreements": forms.Textarea(attrs={"rows": 3}),
        }


INVITATION_CHOICES = [
    ("uitnodiging_afspraak", _("Ja, stuur een uitnodiging voor een gesprek")),
    ("uitnodiging_brede_intake", _("Ja, stuur een uitnodiging voor de brede intake (eerste gesprek)")),
    ("geen", _("Nee, geen uitnodiging sturen (bijvoorbeeld omdat u de afspraak al samen maakte)")),
]


class AfspraakForm(forms.ModelForm):
    """Plan an appointment and, in the same step, send the invitation (or choose not to)."""

    invitation = forms.ChoiceField(
        label=_("Uitnodiging sturen?"),
        choices=INVITATION_CHOICES,
        initial="uitnodiging_afspraak",
        widget=forms.RadioSelect,
        help_text=_("De cliënt krijgt de brief in het portaal en per post."),
    )

    # Declared here, without the model field's own lower and upper bounds, so every
    # duration out of range (negative, 0, or far too long) gets the same clear message.
    duration_minutes = forms.IntegerField(
        label=_("Duur in minuten"),
        error_messages={"invalid": _("Vul de duur in als een heel aantal minuten, bijvoorbeeld 45.")},
    )

    class Meta:
        model = Afspraak
        fields = ["starts_at", "duration_minutes", "mode", "place", "video_link", "purpose"]
        widgets = {"starts_at": DateTimeInput(), "mode": forms.RadioSelect}
        help_texts = {
            "place": _("Het adres of de zaal. Bij telefonisch of beeldbellen mag dit leeg blijven."),
            "video_link": _("Alleen bij beeldbellen: de link die de cliënt opent. Begint met https://."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].required = False

    def clean_invitation(self):
        value = self.cleaned_data["invitation"]
        return "" if value == "geen" else value

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 5 <= minutes <= 480:
            raise ValidationError(_("Een afspraak duurt tussen 5 minuten en 8 uur."))
        return minutes


class AfspraakOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=AfspraakOutcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij 'Niet verschenen'."),
    )


class LongSelect(forms.Select):
    """A select for hundreds of options (every werkcoach of a large municipality), rendered in Python.

    The same HTML as forms.Select, but without one template render (or one option dict and one
    format_html) per option: 800 coaches took most of a team page's time. Every value and label
    is escaped.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        wanted = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # an optgroup: Django's own widget renders those
                return super().render(name, value, attrs, renderer)
            text = "" if option_value is None else str(option_value)
            chosen = text in wanted
            if chosen and not self.allow_multiple_selected:
                wanted = set()  # like forms.Select: only the first match of a single select is selected
            selected = " selected" if chosen else ""
            options.append(f'<option value="{escape(text)}"{selected}>{escape(str(label))}</option>')
        # Every value, label and the name are escaped above; flatatt escapes the attributes.
        html = f'<select name="{escape(str(name))}"{flatatt(final_attrs)}>{"".join(options)}</select>'
        return mark_safe(html)  # noqa: S308  # nosec B308 B703


class _CoachChoices(forms.models.ModelChoiceIterator):
    """The coach choices from one narrow query: no User objects built for hundreds of options."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", "first_name", "last_name", "team__name")
        for pk, first_name, last_name, team in rows:
            yield (pk, f"{f'{first_name} {last_name}'.strip()} ({team})")


class CoachChoiceField(forms.ModelChoiceField):
    """Choose a werkcoach out of every one of the municipality: "Name (Team)"; cleans to a User."""

    iterator = _CoachChoices
    widget = LongSelect


class ReassignForm(forms.Form):
    to_coach = CoachChoiceField(label=_("Nieuwe werkcoach"), queryset=werkcoaches())
    reason = forms.ChoiceField(
        label=_("Reden"),
        choices=[c for c in OverdrachtReason.choices if c[0] != OverdrachtReason.EERSTE_TOEWIJZING],
    )
    note = forms.CharField(
        label=_("Overdrachtsnotitie voor de nieuwe werkcoach"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat moet de nieuwe werkcoach eerst weten? Denk aan lopende afspraken en wat goed werkt."),
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_coach"].queryset = werkcoaches()


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek op naam, BSN of cliëntnummer"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Alle")), *ClientStatus.choices])
    service_route = forms.ChoiceField(
        label=_("Route"), required=False, choices=[("", _("Alle")), *ServiceRoute.choices]
    )
    coach = forms.ModelChoiceField(label=_("Werkcoach"), required=False, queryset=None, empty_label=_("Alle"))

    def __init__(self, *args, coaches=None, **kwargs):
        super().__init__(*args, **kwargs)
        if coaches is None:
            del self.fields["coach"]
        else:
            self.fields["coach"].queryset = coaches
