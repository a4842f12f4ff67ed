"""Template tags for the client file's sections (issue #17): the same output as ``{% url %}`` and
``get_FOO_display``, without their per-call cost.

A page of the file has some thirty links to the client's forms and rows and twenty choice labels. A
``reverse`` costs about 30 µs; ``get_FOO_display`` builds a dict of every choice of the field and
translates each label, on every call. These tags do that once per process (per URL configuration,
script prefix and language) and afterwards only fill in the ids or look the label up.
"""

import uuid

from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

register = template.Library()

# Stand-ins for ids while a URL is reversed once: a UUID and 12-digit numbers that no URL pattern
# contains (one per keyword argument, numbered, all the same length, so none contains another).
_UUID_STANDIN = "c11e47f1-0000-4000-8000-0000000f1e{:02d}"
_INT_STANDIN = "9107301733{:02d}"
_NOT_CACHED = object()
_URLS: dict = {}
_LABELS: dict = {}


def _standin(value, position):
    if isinstance(value, uuid.UUID):
        return uuid.UUID(_UUID_STANDIN.format(position))
    if type(value) is int:  # not a bool
        return int(_INT_STANDIN.format(position))
    return None


@register.simple_tag
def file_url(name, **kwargs):
    """``{% url name key=value … %}``: reversed once with stand-in ids, which are then replaced by the
    values (UUIDs and whole numbers; anything else is reversed as usual). The first call checks the
    result against a real ``reverse``; a URL whose converters change an id is never cached."""
    shape = tuple((key, type(value)) for key, value in kwargs.items())
    cache_key = (get_urlconf(), get_script_prefix(), name, shape)
    cached = _URLS.get(cache_key)
    if cached is None:
        standins = {key: _standin(value, i) for i, (key, value) in enumerate(kwargs.items())}
        if any(standin is None for standin in standins.values()):
            cached = _NOT_CACHED
        else:
            pattern = reverse(name, kwargs=standins)
            cached = (pattern, tuple((key, str(standin)) for key, standin in standins.items()))
            if _fill(cached, kwargs) != reverse(name, kwargs=kwargs):
                cached = _NOT_CACHED
        _URLS[cache_key] = cached
    if cached is _NOT_CACHED:
        return reverse(name, kwargs=kwargs)
    return _fill(cached, kwargs)


def _fill(cached, kwargs):
    url, standins = cached
    for key, standin in standins:
        url = url.replace(standin, str(kwargs[key]))
    return url


@register.filter
def choice_label(obj, field_name):
    """``obj.get_<field_name>_display()``, the label looked up in a table made once per field and language."""
    if not hasattr(obj, "_meta"):  # as ``{{ obj.get_…_display }}`` on nothing: the empty string
        return ""
    field = obj._meta.get_field(field_name)
    table_key = (field, get_language())
    labels = _LABELS.get(table_key)
    if labels is None:
        labels = _LABELS[table_key] = {
            make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices
        }
    value = getattr(obj, field.attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


def _forget(**kwargs):
    _URLS.clear()
    _LABELS.clear()


setting_changed.connect(_forget, dispatch_uid="clients.templatetags.client_file.forget")
