"""The dashboard's period filter and the export request form."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kpi import Period
from .workflow import ExportKind

MAX_SPAN = timedelta(days=5 * 366)


def default_period(today=None):
    """From 1 January of this year up to today."""
    today = today or timezone.localdate()
    return Period(date(today.year, 1, 1), today)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Van"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        default = default_period()
        start, end = cleaned.get("start") or default.start, cleaned.get("end") or default.end
        if end < start:
            raise forms.ValidationError(_("De einddatum ligt voor de begindatum. Kies andere datums."))
        if end - start > MAX_SPAN:
            raise forms.ValidationError(_("Kies een periode van hoogstens 5 jaar."))
        cleaned["period"] = Period(start, end)
        return cleaned

    def period(self):
        """Return the chosen period, or the default one when the input is not valid."""
        return self.cleaned_data["period"] if self.is_valid() else default_period()


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Wat wilt u downloaden?"),
        choices=ExportKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    coach = forms.TypedChoiceField(
        label=_("Van welke werkcoach?"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, coaches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = [("", _("Alle werkcoaches van het team"))] + [
            (c.pk, c.get_full_name() or c.username) for c in coaches
        ]
