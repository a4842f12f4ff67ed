"""The rows of the client lists (the caseload, the team overview's hand-over table) and of the client
file's letters and contact moments, written in Python.

A caseload page shows 25 rows of eight cells; as a template loop each row cost some 30 nodes, and
each ``get_..._display`` translated every label of its field again (about 3.5 ms of the page, more
than its database time). Values go through the same ``render_value_in_context`` and ``date`` filter
a template uses (localised numbers, local times, escaping), so the HTML is the same as the loop
wrote; ``tests/clients/test_caseload_rows.py`` compares the two. The client file's letters and contact
moments (a year brings some ten of each, a row cost about 0.1 ms as a loop) likewise, with the file's
``file_date`` and ``|linebreaks``; ``tests/clients/test_file_rows.py`` compares them with their loops.
"""

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .client_file import choice_label, file_date, file_url
from .client_registry import client_file_url

register = template.Library()


def _cell(value, context):
    """A value as ``{{ value }}`` writes it (localised, local time), escaped."""
    return conditional_escape(render_value_in_context(value, context))


def _moment(value, fmt, empty):
    if not value:
        return f'<span class="text-body-secondary">{conditional_escape(empty)}</span>'
    local = timezone.localtime(value)
    machine, shown = conditional_escape(date_filter(local, "c")), conditional_escape(date_filter(local, fmt))
    return f'<time datetime="{machine}">{shown}</time>'


@register.simple_tag(takes_context=True)
def caseload_rows(context, clients, is_team_view):
    """``<tr>`` per client: name with its badges, number, status, route, (coach,) next appointment, last contact."""
    unread, no_route, none, not_yet = _("Nieuw: lees de overdracht"), _("Nog niet bepaald"), _("Geen"), _("Nog geen")

    out = []
    for client in clients:
        badges = (
            f'<span class="badge text-bg-warning ms-1">{conditional_escape(unread)}</span>'
            if client.unread_handover
            else ""
        )
        badges_flags = "".join(
            f'<span class="badge text-bg-{_cell(flag.tone, context)} ms-1">{_cell(flag.label, context)}</span>'
            for flag in client.caseload_flags
        )
        shown_route = choice_label(client, "service_route") or no_route
        coach = f"<td>{_cell(client.coach.get_full_name(), context)}</td>" if is_team_view else ""
        out.append(
            "\n    <tr>"
            '\n      <th scope="row">'
            f'\n        <a href="{client_file_url(client.pk)}">{_cell(client.sort_name, context)}</a>'
            f"\n        {badges}"
            f"\n        {badges_flags}"
            "\n      </th>"
            f"\n      <td>{_cell(client.client_number, context)}</td>"
            f"\n      <td>{_cell(choice_label(client, 'status'), context)}</td>"
            f"\n      <td>{_cell(shown_route, context)}</td>"
            f"\n      {coach}"
            f"\n      <td>{_moment(client.next_afspraak_at, 'j F Y, H:i', none)}</td>"
            f"\n      <td>{_moment(client.last_contact_at, 'j F Y', not_yet)}</td>"
            "\n    </tr>\n    "
        )
    # Every value above went through conditional_escape; the rest is this function's own markup.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703


@register.simple_tag(takes_context=True)
def team_client_rows(context, clients, selected):
    """The team overview's rows of clients to hand over: a checkbox, the name and file link, coach, handovers."""
    dossier = _("dossier")

    out = []
    for client in clients:
        pk = _cell(client.pk, context)
        checked = "checked" if str(client.pk) in selected else ""
        out.append(
            "\n          <tr>"
            f'\n            <td><input class="form-check-input" type="checkbox" name="clients" value="{pk}"'
            f' id="kies-{pk}" {checked}></td>'
            f'\n            <td><label for="kies-{pk}">{_cell(client.sort_name, context)}</label> · '
            f'<a href="{client_file_url(client.pk)}">{_cell(dossier, context)}<span class="visually-hidden">'
            f" {_cell(client.full_name, context)}</span></a></td>"
            f"\n            <td>{_cell(client.coach.get_full_name(), context)}</td>"
            f'\n            <td class="text-end">{_cell(client.handover_count or 0, context)}</td>'
            "\n          </tr>\n        "
        )
    # Every value above went through conditional_escape; the rest is this function's own markup.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703


_BADGES = {"klaar": "text-bg-success", "mislukt": "text-bg-danger"}


@register.simple_tag(takes_context=True)
def file_letter_rows(context, brieven):
    """The client file's letters: ``<tr>`` per letter with its date, kind and version, status, readability
    and the download link (a failed one: the retry button)."""
    from django.template.defaulttags import CsrfTokenNode

    from reintegratie.documents.templatetags.brieven import leesbaarheid

    version, download, retry = _("versie"), _("Downloaden (PDF)"), _("Opnieuw proberen")
    out = []
    for brief in brieven:
        kind, number = _cell(choice_label(brief, "kind"), context), _cell(brief.version, context)
        sent = _cell(file_date(timezone.template_localtime(brief.created_at), "j F Y, H:i"), context)
        readability = brief.readability.get("flesch_douma", "") if isinstance(brief.readability, dict) else ""
        if brief.status == "klaar":
            url = file_url("documents:brief-download", brief_id=brief.pk)
            action = (
                f'<a href="{url}">{conditional_escape(download)}<span class="visually-hidden">: {kind} {number}'
                "</span></a>\n          "
            )
        elif brief.status == "mislukt":
            url = file_url("documents:brief-retry", brief_id=brief.pk)
            action = (
                f'\n            <form method="post" action="{url}">{CsrfTokenNode().render(context)}<button '
                f'type="submit" class="btn btn-link btn-sm p-0">{conditional_escape(retry)}</button></form>\n          '
            )
        else:
            action = ""
        out.append(
            "\n      <tr>"
            f"\n        <td>{sent}</td>"
            f"\n        <td>{kind} ({conditional_escape(version)} {number})</td>"
            f'\n        <td><span class="badge {_BADGES.get(brief.status, "text-bg-secondary")}">'
            f"{_cell(choice_label(brief, 'status'), context)}</span></td>"
            f"\n        <td>{_cell(leesbaarheid(readability), context)}</td>"
            f"\n        <td>\n          {action}\n        </td>"
            "\n      </tr>\n    "
        )
    # Every value above went through conditional_escape; the rest is this function's own markup.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703


@register.simple_tag(takes_context=True)
def file_contact_rows(context, contactmomenten):
    """The client file's contact moments: an ``<article>`` each with when, how and by whom, whether it was
    shared with the client, the summary and the agreements (as ``|linebreaks`` writes them)."""
    from django.template.defaultfilters import linebreaks_filter

    shared, agreed = _("Gedeeld met cliënt"), _("Afspraken")
    out = []
    for moment in contactmomenten:
        when = _cell(file_date(timezone.template_localtime(moment.at), "j F Y, H:i"), context)
        author, channel = _cell(moment.author.get_full_name(), context), _cell(choice_label(moment, "channel"), context)
        badge = (
            f'<span class="badge text-bg-info ms-1">{conditional_escape(shared)}</span>'
            if moment.shared_with_client
            else ""
        )
        agreements = (
            f'<p class="mb-0"><strong>{conditional_escape(agreed)}:</strong></p>'
            f"{linebreaks_filter(moment.agreements, autoescape=True)}"
            if moment.agreements
            else ""
        )
        out.append(
            '\n      <article class="card mb-2">'
            '\n        <div class="card-body">'
            f'\n          <h3 class="h6 card-title">{when} · {channel} · {author}'
            f"\n            {badge}</h3>"
            f"\n          {linebreaks_filter(moment.summary, autoescape=True)}"
            f"\n          {agreements}"
            "\n        </div>"
            "\n      </article>\n    "
        )
    # Every value above went through conditional_escape or |linebreaks; the rest is this function's own markup.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703
