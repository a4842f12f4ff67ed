"""The caseload's filter fields, rendered by crispy-forms once per value (issue #17).

``{{ form.q|as_crispy_field }}`` renders crispy's ``field.html`` and Django's widget templates (one
template per ``<option>``): about 1.5 ms for the caseload's three fields on every request, for HTML
that only changes with the field's value. crispy renders a field from the bound field alone (no
request context), so ``as_kept_crispy_field`` renders it the same way and keeps the HTML per
everything it depends on: the form class and prefix, the field's name, id, value, label, help text,
required and disabled flags, widget attributes, choices and the language. Not kept, and rendered
as before every time: a field holding typed text (a search for a name or a BSN stays out of the
process's memory), a field with errors, a field of a form with a crispy ``helper``, and a field
whose choices come from a queryset (the teamleider's coach list: its choices would need a query of
their own to make the key).
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.core.signals import setting_changed
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_KEPT: dict[tuple, str] = {}
_KEPT_MAX = 256


def _key(bound):
    field, form = bound.field, bound.form
    if bound.errors or getattr(form, "helper", None) is not None or isinstance(field, forms.ModelChoiceField):
        return None
    choices = getattr(field, "choices", None)
    value = bound.value()
    if value not in (None, "") and (choices is None or str(value) not in {str(v) for v, _label in choices}):
        return None  # a typed search (a name, a BSN) is never kept
    return (
        type(form).__module__,
        type(form).__qualname__,
        form.prefix,
        bound.name,
        bound.auto_id,
        repr(value),
        str(field.label),
        str(field.help_text),
        field.required,
        field.disabled,
        type(field.widget).__qualname__,
        repr(sorted(field.widget.attrs.items())),
        None if choices is None else tuple((str(value), str(label)) for value, label in choices),
        get_language(),
    )


@register.filter
def as_kept_crispy_field(bound):
    """``bound|as_crispy_field``, from the HTML kept for the same field and value when there is one."""
    key = _key(bound)
    if key is None:
        return as_crispy_field(bound)
    html = _KEPT.get(key)
    if html is None:
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        html = _KEPT[key] = str(as_crispy_field(bound))
    # crispy's own rendering (autoescaped templates), kept as that string.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703


def _forget(**kwargs):
    _KEPT.clear()


setting_changed.connect(_forget, dispatch_uid="clients.list_filter.forget")
