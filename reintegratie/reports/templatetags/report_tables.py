"""The rows of a report table (``components/_report_table.html``) and the bars of a chart
(``components/_bar_chart.html``), written in Python.

The team dashboard shows a dozen tables of some 500 cells; as template loops each cell cost four
nodes (about 15 µs), a quarter of the page's rendering. Each value goes through the same
``render_value_in_context`` a ``{{ cell }}`` uses (localised numbers, local times, escaping), so the
HTML is the same as the loop wrote.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

register = template.Library()


def _cell(value, context):
    kind = type(value)
    if kind is str:
        # What the line below gives a plain string: no local time, no localisation, escaped.
        return escape(value)
    if kind is int or kind is float:
        # A number is localised by the context's setting ({% localize off %} in a chart) alone:
        # each one once per page (counts repeat: 0, 1, …).
        numbers = context.__dict__.setdefault("_report_numbers", {})
        key = (kind, value, context.use_l10n)
        text = numbers.get(key)
        if text is None:
            text = numbers[key] = conditional_escape(render_value_in_context(value, context))
        return text
    if isinstance(value, Promise):  # a lazy translation: its text, escaped, as render_value_in_context does
        return escape(str(value))
    # render_value_in_context escapes under autoescape (always on here); conditional_escape makes
    # sure of it and leaves an escaped (safe) string as it is.
    return conditional_escape(render_value_in_context(value, context))


@register.simple_tag(takes_context=True)
def report_rows(context, table):
    """``<tr>`` per row: the first cell a row header, the others right-aligned, ``–`` for no value."""
    out = []
    for row in table.rows:
        cells = [f'<th scope="row">{_cell(row[0], context)}</th>']
        for cell in row[1:]:
            if cell is None:
                cells.append('<td class="text-end">–</td>')
            else:
                cells.append(f'<td class="text-end">{_cell(cell, context)}</td>')
        out.append(f"\n    <tr>{''.join(cells)}</tr>\n  ")
    # Every value above went through conditional_escape; the rest is this function's own markup.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703


@register.simple_tag(takes_context=True)
def report_head(context, table):
    """``<th scope="col">`` per column, right-aligned after the first, as the template's loop wrote them."""
    end = ' class="text-end"'
    cells = (
        f'<th scope="col"{end if index else ""}>{_cell(column, context)}</th>'
        for index, column in enumerate(table.columns)
    )
    # Every column name went through conditional_escape.
    return mark_safe("".join(cells))  # noqa: S308  # nosec B308 B703


@register.simple_tag(takes_context=True)
def chart_desc(context, chart):
    """`` label: value.`` for every bar: the chart's text in its ``<desc>``."""
    parts = (f" {_cell(bar['label'], context)}: {_cell(bar['value'], context)}." for bar in chart["bars"])
    # Every value above went through conditional_escape.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


def _short(label):
    # As the truncatechars:30 filter: a safe label stays safe, anything else is escaped by _cell.
    short = Truncator(label).chars(30)
    return mark_safe(short) if isinstance(label, SafeData) else short  # noqa: S308  # nosec B308 B703


@register.simple_tag(takes_context=True)
def chart_bars(context, chart):
    """The label, bar and value of every bar, as the template's loop wrote them (inside ``localize off``)."""
    label_x, label_width, height = (_cell(chart[key], context) for key in ("label_x", "label_width", "bar"))
    out = []
    for bar in chart["bars"]:
        label, value, text_y = _cell(bar["label"], context), _cell(bar["value"], context), _cell(bar["text_y"], context)
        y, width, value_x = (_cell(bar[key], context) for key in ("y", "width", "value_x"))
        out.append(
            f'\n      <text x="{label_x}" y="{text_y}" text-anchor="end" font-size="13" fill="#1b1b1b">'
            f"{_cell(_short(bar['label']), context)}</text>"
            f'\n      <rect x="{label_width}" y="{y}" width="{width}" height="{height}" fill="#154273">'
            f"<title>{label}: {value}</title></rect>"
            f'\n      <text x="{value_x}" y="{text_y}" font-size="13" fill="#1b1b1b">{value}</text>\n    '
        )
    # Every value above went through conditional_escape; the rest is this function's own markup.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703


def _table(context, table):
    """What ``components/_report_table.html`` writes for ``table`` (``tests/reports/test_report_sections.py``)."""
    title, key = _cell(table.title, context), _cell(table.key, context)
    if table.rows:
        body = report_rows(context, table)
    else:
        body = (
            f'\n    <tr><td colspan="{_cell(len(table.columns), context)}">'
            f"{_cell(gettext('Geen gegevens in deze periode.'), context)}</td></tr>\n  "
        )
    return (
        f'\n<div class="table-responsive" tabindex="0" role="region" aria-label="{title}">'
        f'\n<table class="table table-sm" id="tabel-{key}">\n  <caption>{title}</caption>'
        f"\n  <thead><tr>{report_head(context, table)}</tr></thead>"
        f"\n  <tbody>\n  {body}\n  </tbody>\n</table>\n</div>\n"
    )


@register.simple_tag(takes_context=True)
def report_sections(context, tables, export_url, query):
    """The team dashboard's tables, each in its section with its two download links, as its loop wrote them.

    Byte for byte what ``{% for table in tables %}`` with ``{% include "components/_report_table.html" %}``
    and the links wrote (``tests/reports/test_report_sections.py`` renders both): a dozen tables of
    some twelve template nodes each, and an include per table, cost about 2 ms a page.
    """
    url = _cell(export_url, context)
    also = f"&amp;{_cell(query, context)}" if query else ""
    download = _cell(gettext("Download deze tabel:"), context)
    out = []
    for table in tables:
        title, key = _cell(table.title, context), _cell(table.key, context)
        hidden = f'<span class="visually-hidden"> {title}</span>'
        out.append(
            f'\n  <section class="mb-4" aria-label="{title}">\n    {_table(context, table)}'
            f'\n    <p class="small">{download}'
            f'\n      <a href="{url}?tabel={key}&amp;formaat=csv{also}">CSV{hidden}</a> ·'
            f'\n      <a href="{url}?tabel={key}&amp;formaat=xlsx{also}">Excel{hidden}</a></p>'
            "\n  </section>\n"
        )
    # Every value above went through _cell (escaped); the rest is this function's own markup.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703
