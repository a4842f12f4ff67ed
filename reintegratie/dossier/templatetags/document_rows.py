"""``{% document_rows documents for_client %}``: a client's documents as table rows, written in Python.

The table of ``dossier/_document_list.html`` (the client file, the documents page and the portal's)
wrote a ``<tr>`` of five cells per document as a template loop. The tag writes the same HTML: each
value escaped as ``{{ }}`` escapes it, the link as ``{% url %}`` writes it (through the file's
``file_url``), the dates through ``file_date`` and the size through ``file_size``.
``tests/dossier/test_document_rows.py`` compares it with the loop.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from clients.templatetags.client_file import choice_label, file_date, file_url

from .file_sizes import file_size

register = template.Library()


def _cell(value, context):
    """A value as ``{{ value }}`` writes it (localised, local time), escaped."""
    return conditional_escape(render_value_in_context(value, context))


def _day(value, context):
    return _cell(file_date(timezone.template_localtime(value), "j F Y"), context)


@register.simple_tag(takes_context=True)
def document_rows(context, documents, for_client):
    """``<tr>`` per document: its name (the download link) with size, its category, when it came, from
    whom ("U" or "Cliënt" for the client's own upload, else the employee) and until when it is kept."""
    download = conditional_escape(_("downloaden"))
    by_client = conditional_escape(_("U") if for_client else _("Cliënt"))
    out = []
    for document in documents:
        url = conditional_escape(file_url("dossier:document-download", document_id=document.pk))
        by = by_client if document.uploaded_by_client else _cell(document.uploaded_by.get_full_name(), context)
        out.append(
            "\n    <tr>"
            f'\n      <td><a href="{url}">{_cell(document.original_name, context)}</a> '
            f'<span class="text-body-secondary">({_cell(file_size(document.size), context)}, {download})</span></td>'
            f"\n      <td>{_cell(choice_label(document, 'category'), context)}</td>"
            f"\n      <td>{_day(document.created_at, context)}</td>"
            f"\n      <td>{by}</td>"
            f"\n      <td>{_day(document.retain_until, context)}</td>"
            "\n    </tr>\n  "
        )
    # Every value above went through conditional_escape; the rest is this function's own markup.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703
