"""The app's ``i18n`` template library (``reintegratie/template_i18n.py``) writes what Django's writes."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Engine, engines
from django.templatetags import i18n as django_i18n
from django.utils import translation

from reintegratie import template_i18n

CASES = [
    '{% translate "Uitloggen" %}',
    "{% translate 'Naar de inhoud' %}",
    '<a aria-label="{% translate "Menu openen" %}">{% trans "Hoofdmenu" %}</a>',
    '{% translate "Tom & Jerry <b>" %}',  # a literal is safe text: not escaped
    '{% translate "100%% zeker" %}',  # a doubled percent sign is written once
    '{% translate "Opslaan" as label %}[{{ label }}]{{ label|upper }}',
    '{% translate "Opslaan" noop %}',
    '{% translate "Opslaan"|upper %}',
    '{% translate "May" context "month name" %}',
    "{% translate text %}",
    '{% translate "Date" %} {% translate "Yes" %}',  # Django's own messages: translated in nl
    '{% for i in "abc" %}{% translate "Uitloggen" %}{% endfor %}',
    '{% autoescape off %}{% translate "Tom & Jerry <b>" %}{% endautoescape %}{% translate "Tom & Jerry <b>" %}',
    "{% get_current_language as lang %}{{ lang }} {% blocktranslate %}Hallo {{ text }}{% endblocktranslate %}",
]


def _engines():
    ours = Engine(libraries={"i18n": "reintegratie.template_i18n"})  # the site's backend swaps it in: below
    django = Engine(libraries={"i18n": "django.templatetags.i18n"})
    return ours, django


def _render(engine, source, **context):
    return engine.from_string("{% load i18n %}" + source).render(Context({"text": "Date", **context}))


def test_the_project_loads_this_library_for_i18n():
    library = engines["django"].engine.template_libraries["i18n"]
    assert library is template_i18n.register
    assert set(django_i18n.register.tags) <= set(library.tags)
    assert set(django_i18n.register.filters) == set(library.filters)
    # Django's check for two modules under one name (templates.W003) stays quiet.
    assert not [w for w in engines["django"].check() if w.id == "templates.W003"]


@pytest.mark.parametrize("source", CASES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_case_renders_as_djangos_tag_twice_over(source, language):
    ours, django = _engines()
    with translation.override(language):
        expected = _render(django, source)
        template = ours.from_string("{% load i18n %}" + source)
        # The same compiled template twice: the second render uses what the first kept.
        assert template.render(Context({"text": "Date"})) == expected
        assert template.render(Context({"text": "Date"})) == expected
    assert type(template.render(Context({"text": "Date"}))) is type(_render(django, source))


def test_a_kept_translation_follows_the_language():
    ours, _django = _engines()
    template = ours.from_string('{% load i18n %}{% translate "Yes" %}|{% translate "R&D" %}')
    # A literal in a template is safe text: it is not escaped, with or without autoescape.
    with translation.override("nl"):
        assert template.render(Context()) == "Ja|R&D"
    with translation.override("en"):
        assert template.render(Context()) == "Yes|R&D"
    with translation.override("nl"):
        assert template.render(Context(autoescape=False)) == "Ja|R&D"
        assert template.render(Context()) == "Ja|R&D"


def test_a_translated_variable_is_never_kept():
    ours, _django = _engines()
    template = ours.from_string("{% load i18n %}{% translate text %}")
    assert template.render(Context({"text": "eerste"})) == "eerste"
    assert template.render(Context({"text": "tweede"})) == "tweede"


def test_a_changed_setting_drops_what_was_kept():
    ours, _django = _engines()
    template = ours.from_string('{% load i18n %}{% translate "Date" %}')
    node = next(n for n in template.nodelist if isinstance(n, template_i18n.KeptTranslateNode))
    template.render(Context())
    kept_key = node.kept[0]
    template_i18n._forget()
    template.render(Context())
    assert node.kept[0] != kept_key


def test_every_app_template_compiles_with_this_library():
    """Each template of the app compiles with the library the site uses (its tags are Django's)."""
    engine = engines["django"].engine
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates"),
             *Path(settings.BASE_DIR).glob("reintegratie/*/templates")]  # fmt: skip
    names = {str(path.relative_to(root)) for root in roots for path in root.rglob("*.html")}
    assert len(names) > 100
    for name in sorted(names):
        engine.get_template(name)
