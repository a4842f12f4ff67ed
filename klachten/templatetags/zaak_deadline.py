"""``{% zaak_deadline zaak today %}``: a zaak's deadline badge, written in Python.

It was the include ``klachten/_deadline.html``, once per zaak on the client file, the zaken list and
the zaak page; an include with its ``{% blocktranslate %}`` cost some 0.1 ms a zaak. The tag writes the
same HTML: the same msgids through ``gettext``/``ngettext`` (so their translations still apply), the
date through the file's ``file_date`` and each value escaped as ``{{ }}`` escapes it.
``tests/klachten/test_deadline_tag.py`` compares it with the include's text.
"""

from django import template
from django.template import TemplateSyntaxError
from django.template.base import render_value_in_context
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from clients.templatetags.client_file import file_date

register = template.Library()


def _overdue(deadline, today):
    """``{% if zaak.deadline < today %}``: a comparison that fails (no ``today``) is false."""
    try:
        return deadline < today
    except TypeError:
        return False


def _text(context, deadline, count, nested=False):
    """The ``{% blocktranslate %}`` text: its msgid translated, then filled with the escaped values
    (a translation that does not fit its values: the msgid, as Django's tag falls back)."""
    data = {"d": render_value_in_context(file_date(timezone.template_localtime(deadline), "j F Y"), context)}
    if count is None:
        text = translation.gettext("Termijn verstreken (%(d)s)")
    else:
        data["counter"] = render_value_in_context(count, context)
        text = translation.ngettext("%(d)s, nog %(counter)s dag", "%(d)s, nog %(counter)s dagen", count)
    try:
        return text % data
    except (KeyError, ValueError):
        if nested:
            raise TemplateSyntaxError(f"{text!r} is unable to format string returned by gettext: {data!r}") from None
        with translation.override(None):
            return _text(context, deadline, count, nested=True)


@register.simple_tag(takes_context=True)
def zaak_deadline(context, zaak, today):
    """The badge: the deadline passed (red), days left (yellow from 5 days), or a dash without a deadline."""
    deadline = zaak.deadline
    if not deadline:
        return mark_safe('<span class="text-body-secondary">–</span>')  # nosec B308 B703
    if _overdue(deadline, today):
        html = f'<span class="badge text-bg-danger">{_text(context, deadline, None)}</span>'
    else:
        count = zaak.days_left()
        tone = "text-bg-warning" if count <= 5 else "text-bg-light border"
        html = f'<span class="badge {tone}">{_text(context, deadline, count)}</span>'
    # The values went through render_value_in_context (escaped); the texts are the translators', as
    # {% blocktranslate %} writes them; the rest is this function's own markup.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703
