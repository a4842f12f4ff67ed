"""The main menu in the page header, rendered once per role and page (issue #17).

The menu is the same for every user of a role on a page: a dozen ``{% url %}``, ``{% translate %}``
and ``{% if %}`` tags that cost about half a millisecond on every request. ``{% main_menu %}``
renders ``components/_main_menu.html`` from only what the menu depends on (the role, whether the
user does casework, and the page's url name, view name and namespace) and keeps the HTML per those
values, the language and the script prefix. Nothing of the user or the request beyond them reaches
the template, so a kept menu cannot carry another user's data. A setting change (tests) forgets
every kept menu.
"""

from types import SimpleNamespace

from django import template
from django.core.signals import setting_changed
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_KEPT: dict[tuple, str] = {}
_KEPT_MAX = 512  # roles × pages: a few hundred at most; a bound all the same


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The ``<ul>`` of the main menu for the signed-in user on this page."""
    user = context.get("user")
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    page = (match.url_name or "", match.view_name or "", match.namespace or "") if match is not None else ("", "", "")
    key = (user.role, bool(user.does_casework), *page, get_language(), get_script_prefix())
    html = _KEPT.get(key)
    if html is None:
        url_name, view_name, namespace = page
        html = get_template("components/_main_menu.html").render(
            {
                "role": user.role,
                "does_casework": user.does_casework,
                "match": SimpleNamespace(url_name=url_name, view_name=view_name, namespace=namespace),
            }
        )
        if html.endswith("\n"):
            html = html[:-1]
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        _KEPT[key] = html
    # Rendered by the template engine above (autoescaped); kept as that string.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703


def _forget(**kwargs):
    _KEPT.clear()


setting_changed.connect(_forget, dispatch_uid="reintegratie.accounts.main_menu.forget")
