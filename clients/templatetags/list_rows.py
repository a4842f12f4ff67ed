"""The rows of the client lists (the caseload, the team overview's hand-over table) and of the client
file's letters, contact moments, appointments and coach history, written in Python.

A caseload page shows 25 rows of eight cells; as a template loop each row cost some 30 nodes, and
each ``get_..._display`` translated every label of its field again (about 3.5 ms of the page, more
than its database time). Values go through the same ``render_value_in_context`` and ``date`` filter
a template uses (localised numbers, local times, escaping), so the HTML is the same as the loop
wrote; ``tests/clients/test_caseload_rows.py`` compares the two. The client file's letters and contact
moments (a year brings some ten of each, a row cost about 0.1 ms as a loop) likewise, with the file's
``file_date`` and ``|linebreaks``; ``tests/clients/test_file_rows.py`` compares them with their loops.
So are the file's planned and past appointments and its handovers (about 0.7 and 0.2 ms as loops).
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


def _afspraak_link(href, text, purpose):
    """A link about an appointment (``href`` escaped): its text, with the purpose for a screen reader."""
    return f'<a href="{href}">{conditional_escape(text)}<span class="visually-hidden">: {purpose}</span></a>'


def _afspraak_href(name, client, afspraak):
    return conditional_escape(file_url(name, client_id=client.pk, afspraak_id=afspraak.pk))


@register.simple_tag(takes_context=True)
def file_upcoming_rows(context, client, upcoming):
    """The client file's planned appointments: an ``<li>`` each with when, what, where and with whom (and
    whether the client said they come), and the links to the .ics, the invitation and the outcome."""
    met, comes = conditional_escape(_("met")), _("Cliënt komt")
    actions = (
        ("clients:afspraak-ics", _("In mijn agenda (.ics)")),
        ("clients:afspraak-invite", _("Uitnodiging sturen")),
        ("clients:afspraak-outcome", _("Afzeggen of uitkomst vastleggen")),
    )
    out = []
    for afspraak in upcoming:
        starts = timezone.template_localtime(afspraak.starts_at)
        machine = _cell(date_filter(starts, "c"), context)
        when = _cell(file_date(starts, "l j F Y, H:i"), context)
        purpose, place = _cell(afspraak.purpose, context), _cell(afspraak.place, context)
        with_user = _cell(afspraak.with_user.get_full_name(), context)
        links = "".join(
            f"\n          {_afspraak_link(_afspraak_href(name, client, afspraak), text, purpose)}"
            for name, text in actions
        )
        confirmed = (
            f' <span class="badge text-bg-success">{conditional_escape(comes)}</span>' if afspraak.confirmed_at else ""
        )
        out.append(
            '\n      <li class="list-group-item d-flex flex-wrap justify-content-between gap-2">'
            f'\n        <span><time datetime="{machine}">{when}</time> · {purpose} · {place} · {met} {with_user}'
            f"{confirmed}</span>"
            '\n        <span class="d-flex flex-wrap gap-3">'
            f"{links}"
            "\n        </span>"
            "\n      </li>\n    "
        )
    # Every value above went through conditional_escape; the rest is this function's own markup.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703


@register.simple_tag(takes_context=True)
def file_past_rows(context, client, past):
    """The client file's past appointments: ``<tr>`` each with the date, the purpose and the outcome (with
    its note, and a link to consider a measure when the client did not come), or the link to record it."""
    consider, record = _("Maatregel overwegen"), _("Uitkomst vastleggen")
    out = []
    for afspraak in past:
        purpose = _cell(afspraak.purpose, context)
        when = _cell(file_date(timezone.template_localtime(afspraak.starts_at), "j F Y, H:i"), context)
        if afspraak.outcome:
            outcome = _cell(choice_label(afspraak, "outcome"), context)
            if afspraak.outcome_note:
                outcome += f": {_cell(afspraak.outcome_note, context)}"
            if afspraak.outcome == "niet_verschenen":
                href = conditional_escape(file_url("klachten:maatregel-create", client_id=client.pk))
                outcome += f" · {_afspraak_link(f'{href}?afspraak={_cell(afspraak.pk, context)}', consider, purpose)}"
        else:
            outcome = _afspraak_link(_afspraak_href("clients:afspraak-outcome", client, afspraak), record, purpose)
        out.append(
            "\n      <tr>"
            f"\n        <td>{when}</td>"
            f"\n        <td>{purpose}</td>"
            f"\n        <td>{outcome}</td>"
            "\n      </tr>\n    "
        )
    # Every value above went through conditional_escape; the rest is this function's own markup.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703


@register.simple_tag(takes_context=True)
def file_handover_rows(context, overdrachten):
    """The client file's coach history: ``<tr>`` per handover with the date, from (a dash for the first
    assignment) and to whom, the reason and the handover note (as ``|linebreaks`` writes it)."""
    from django.template.defaultfilters import linebreaks_filter

    note_label = _("Notitie")
    out = []
    for overdracht in overdrachten:
        from_coach = overdracht.from_coach.get_full_name() if overdracht.from_coach else ""
        note = (
            f"<details><summary>{conditional_escape(note_label)}</summary>"
            f"{linebreaks_filter(overdracht.note, autoescape=True)}</details>"
            if overdracht.note
            else ""
        )
        out.append(
            "\n        <tr>"
            f"\n          <td>{_cell(file_date(timezone.template_localtime(overdracht.at), 'j F Y'), context)}</td>"
            f"\n          <td>{_cell(from_coach or '–', context)}</td>"
            f"\n          <td>{_cell(overdracht.to_coach.get_full_name(), context)}</td>"
            f"\n          <td>{_cell(choice_label(overdracht, 'reason'), context)}{note}</td>"
            "\n        </tr>\n      "
        )
    # Every value above went through conditional_escape or |linebreaks; the rest is this function's own markup.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703
