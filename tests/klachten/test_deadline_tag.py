"""``{% zaak_deadline zaak today %}``: the same HTML as the include ``klachten/_deadline.html`` it replaced,
for each branch, and on the zaken list, the zaak page and the client file."""

from datetime import timedelta

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from klachten.models import Zaak
from tests.auth import login
from tests.klachten.helpers import register_klacht
from tests.old_templates import old_templates, stable

# The include before the badge was written in Python (with the newline that ended its file): the reference.
# fmt: off
OLD_INCLUDE = """{% load i18n client_file %}{% comment %}Deadline badge. Needs: zaak, today.{% endcomment %}{% if zaak.deadline %}{% if zaak.deadline < today %}<span class="badge text-bg-danger">{% blocktranslate with d=zaak.deadline|file_date:"j F Y" %}Termijn verstreken ({{ d }}){% endblocktranslate %}</span>{% else %}{% with n=zaak.days_left %}<span class="badge {% if n <= 5 %}text-bg-warning{% else %}text-bg-light border{% endif %}">{% blocktranslate with d=zaak.deadline|file_date:"j F Y" count counter=n %}{{ d }}, nog {{ counter }} dag{% plural %}{{ d }}, nog {{ counter }} dagen{% endblocktranslate %}</span>{% endwith %}{% endif %}{% else %}<span class="text-body-secondary">–</span>{% endif %}
"""  # noqa: E501
# fmt: on
LOOP = '{% for zaak in zaken %}<td>{% include "klachten/_deadline.html" %}</td>{% endfor %}'
OLD = engines["django"].from_string(OLD_INCLUDE)
TAG = engines["django"].from_string("{% load zaak_deadline %}{% zaak_deadline zaak today %}\n")
INCLUDE = "klachten/_deadline.html"


def _zaken():
    today = timezone.localdate()
    days = [None, -400, -1, 0, 1, 2, 5, 6, 30, 1500]  # no deadline, overdue, today, one day, many
    return [Zaak(deadline=None if n is None else today + timedelta(days=n)) for n in days]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_badge_is_the_include(language):
    today = timezone.localdate()
    with translation.override(language):
        for zaak in _zaken():
            for shown_today in (today, today + timedelta(days=3), None):  # no ``today``: never overdue
                context = {"zaak": zaak, "today": shown_today}
                assert TAG.render(context) == OLD.render(context)
        rendered = "".join(TAG.render({"zaak": zaak, "today": today}) for zaak in _zaken())
    for part in ("text-bg-danger", "text-bg-warning", "text-bg-light border", "text-body-secondary"):
        assert part in rendered  # every branch is there
    if language == "nl":
        assert ", nog 1 dag</span>" in rendered and ", nog 2 dagen</span>" in rendered
        assert "Termijn verstreken (" in rendered


def test_the_badge_asks_for_the_same_translations(monkeypatch):
    """Both ask gettext/ngettext for the same msgids and fill in the translator's text the same way
    (not escaped, as ``{% blocktranslate %}`` leaves it); a translation that misses a value falls back."""
    asked = []

    def fake_gettext(msgid):
        asked.append(msgid)
        return "<i>Over tijd</i> & %(d)s" if translation.get_language() else msgid

    def fake_ngettext(singular, plural, count):
        asked.append((singular, plural, count))
        if translation.get_language() is None:  # no translation: the msgids
            return singular if count == 1 else plural
        return f"%(d)s: {count} <i>over</i> %(counter)s" if count != 2 else "%(missing)s kapot"

    monkeypatch.setattr(translation, "gettext", fake_gettext)
    monkeypatch.setattr(translation, "ngettext", fake_ngettext)
    today = timezone.localdate()
    for zaak in _zaken():
        context = {"zaak": zaak, "today": today}
        asked.clear()
        new = TAG.render(context)
        new_asked = list(asked)
        asked.clear()
        assert new == OLD.render(context) and new_asked == asked
    assert "<i>Over tijd</i> &" in TAG.render({"zaak": _zaken()[1], "today": today})
    assert "nog 2 dagen" in TAG.render({"zaak": _zaken()[5], "today": today})  # the fallback: the msgid


def test_the_rows_of_zaken_are_the_loop(settings):
    """In a loop as the three pages have it."""
    old_templates(settings, {}, extra={INCLUDE: OLD_INCLUDE})
    new = engines["django"].from_string(
        "{% load zaak_deadline %}{% for zaak in zaken %}<td>{% zaak_deadline zaak today %}\n</td>{% endfor %}"
    )
    loop = engines["django"].from_string(LOOP)
    context = {"zaken": _zaken(), "today": timezone.localdate()}
    assert new.render(context) == loop.render(context)


SWAP = [("{% zaak_deadline zaak today %}\n", '{% include "klachten/_deadline.html" %}')]


def _old_pages(settings):
    load = [("{% load i18n zaak_deadline %}", "{% load i18n %}")]
    old_templates(
        settings,
        {
            "klachten/zaak_list.html": load + SWAP,
            "klachten/zaak_detail.html": load + SWAP,
            "klachten/_client_file_section.html": [
                ("{% load i18n client_file zaak_deadline %}", "{% load i18n client_file %}"),
                *SWAP,
            ],
        },
        extra={INCLUDE: OLD_INCLUDE},
    )


@pytest.mark.django_db
def test_the_zaak_pages_are_the_same_as_with_the_include(client, coach, client_obj, settings):
    today = timezone.localdate()
    zaken = [register_klacht(coach, client_obj) for _ in range(5)]
    for zaak, days in zip(zaken, [None, -3, 1, 4, 40], strict=True):
        Zaak.objects.filter(pk=zaak.pk).update(deadline=None if days is None else today + timedelta(days=days))
    login(client, coach)
    urls = [
        reverse("klachten:zaak-list"),
        reverse("klachten:zaak-list") + "?alle=1",
        reverse("clients:client-detail", kwargs={"client_id": client_obj.pk}),
        *(reverse("klachten:zaak-detail", kwargs={"zaak_id": zaak.pk}) for zaak in zaken),
    ]
    new = [stable(client.get(url).content.decode()) for url in urls]
    _old_pages(settings)
    old = [stable(client.get(url).content.decode()) for url in urls]
    for url, new_page, old_page in zip(urls, new, old, strict=True):
        assert new_page == old_page, url
    assert "Termijn verstreken (" in new[0] and ", nog 1 dag</span>" in new[0] and "text-bg-light border" in new[0]
    assert "nog 4 dagen" in new[2]
