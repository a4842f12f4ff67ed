"""Template tags for the client file's sections (issue #17): the same output as ``{% url %}``,
``get_FOO_display`` and ``|date``, without their per-call cost.

A page of the file has some thirty links to the client's forms and rows, twenty choice labels and forty
dates. A ``reverse`` costs about 30 µs; ``get_FOO_display`` builds a dict of every choice of the field and
translates each label, on every call; ``|date`` looks its format up, splits it with a regular expression
and translates the month's name, on every call (about 25 µs). These tags do that once per process (per
URL configuration, script prefix and language) and afterwards only fill in the ids, look the label up
or put the date's parts together.
"""

import datetime
import uuid

from django import template
from django.core.signals import setting_changed
from django.template.defaultfilters import date as django_date
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.dateformat import re_escaped, re_formatchars
from django.utils.dates import MONTHS, WEEKDAYS
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


# The parts of a date format that ``file_date`` puts together itself, as ``django.utils.dateformat`` writes
# them; ``names`` are the month and weekday names in the active language. Any other part: ``|date``.
_DATE_PARTS = {
    "j": lambda d, names: str(d.day),
    "d": lambda d, names: f"{d.day:02d}",
    "n": lambda d, names: str(d.month),
    "m": lambda d, names: f"{d.month:02d}",
    "Y": lambda d, names: f"{d.year:04d}",
    "F": lambda d, names: names[0][d.month],
    "l": lambda d, names: names[1][d.weekday()],
}
_TIME_PARTS = {"H": lambda d, names: f"{d.hour:02d}", "i": lambda d, names: f"{d.minute:02d}"}
_DATE_FORMATS: dict = {}
_DATE_NAMES: dict = {}


def _date_pieces(date_format):
    """The format split as ``dateformat.Formatter.format`` splits it: text, or a part and whether it is
    of the time; None when a part is not one of ours."""
    pieces = []
    for i, piece in enumerate(re_formatchars.split(str(date_format))):
        if i % 2:
            part = _DATE_PARTS.get(piece) or _TIME_PARTS.get(piece)
            if part is None:
                return None
            pieces.append((part, piece in _TIME_PARTS))
        elif piece:
            pieces.append((re_escaped.sub(r"\1", piece), False))
    return pieces


@register.filter(expects_localtime=True, is_safe=False)
def file_date(value, date_format):
    """``value|date:date_format``: the format split once per process, the month and weekday names
    translated once per language. Anything else than a date or a datetime, or a format with another
    part (a time zone, a week number), goes to ``|date`` itself."""
    if value in (None, ""):
        return ""
    kind = type(value)
    if (kind is not datetime.datetime and kind is not datetime.date) or not date_format:
        return django_date(value, date_format)  # no format: the DATE_FORMAT of the language
    pieces = _DATE_FORMATS.get(date_format, False)
    if pieces is False:
        pieces = _DATE_FORMATS[date_format] = _date_pieces(date_format)
    if pieces is None or (kind is datetime.date and any(is_time for _part, is_time in pieces)):
        return django_date(value, date_format)  # a time of a date: |date's own error
    language = get_language()
    names = _DATE_NAMES.get(language)
    if names is None:
        months = {number: str(name) for number, name in MONTHS.items()}
        names = _DATE_NAMES[language] = (months, {number: str(name) for number, name in WEEKDAYS.items()})
    return "".join(piece if type(piece) is str else piece(value, names) for piece, _is_time in pieces)


def _forget(**kwargs):
    _URLS.clear()
    _LABELS.clear()
    _DATE_NAMES.clear()


setting_changed.connect(_forget, dispatch_uid="clients.templatetags.client_file.forget")
