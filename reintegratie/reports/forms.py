"""The dashboard's period filter and the export request form."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
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


def _attrs(attrs):
    """What ``django/forms/widgets/attrs.html`` writes: `` name="value"``, `` name`` for True, nothing for False."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    """``forms.Select``'s HTML, byte for byte, written in Python: no template render per option.

    The options, their order and which one is selected come from Django's own ``get_context``;
    only the templates (``select.html``, ``select_option.html``, ``attrs.html``) are replaced by
    the strings they write. Option groups go to Django's templates.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = widget["optgroups"]
        # Option groups, and labels a template would localise (numbers, dates), go to Django's templates.
        if any(group_name for group_name, _group, _index in groups) or not all(
            isinstance(option["label"], str | Promise) for _name, group, _index in groups for option in group
        ):
            return super().render(name, value, attrs, renderer)
        options = "".join(
            f'\n  <option value="{escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
            f"{conditional_escape(option['label'])}</option>\n"
            for _name, group, _index in groups
            for option in group
        )
        # Every name, value and label above is escaped.
        html = f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>{options}\n</select>'
        return mark_safe(html)  # noqa: S308  # nosec B308 B703


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Wat wilt u downloaden?"),
        choices=ExportKind.choices,
        widget=PlainSelect(attrs={"class": "form-select"}),
    )
    coach = forms.TypedChoiceField(
        label=_("Van welke werkcoach?"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=(),
        widget=PlainSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, coaches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = [("", _("Alle werkcoaches van het team"))] + [
            (c.pk, c.get_full_name() or c.username) for c in coaches
        ]
