"""What berichten adds to the client file, the portal, the caseload and the timeline (see clients/registry.py)."""

from django.db.models import OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients import registry
from clients.compiled import scoped_rows
from clients.compiled_batch import later
from clients.models import Client

from .models import Bericht
from .selectors import annotate_open_due, thread

FILE_SECTION_ROWS = 3


def _recent(client_id, user):
    # The block shows date, direction, due date and text: not the sender or the attachment.
    recent = thread(user, Client(pk=client_id)).select_related(None).order_by("-created_at", "-pk")
    return recent[:FILE_SECTION_ROWS]


def _file_context(request, client):
    # The policy scopes the read; its SQL is compiled once per shape of user (``scoped_rows``). None
    # at all (the probe, read with the client): no query.
    rows = []
    if registry.file_has(client, "berichten"):
        rows = scoped_rows("file.berichten", _recent, request.user, client)
    open_rows = later(lambda: [b for b in rows if b.is_open])  # the rows read with the file's others
    return {"recent_berichten": rows, "open_berichten": open_rows, "today": timezone.localdate()}


def _flags(client):
    due = getattr(client, "bericht_due", None)
    if due is None:
        return []
    when = date_format(due, "j F Y")
    if due < timezone.localdate():
        return [_("Bericht te laat: antwoord was uiterlijk %(date)s") % {"date": when}]
    return [_("Bericht: antwoord uiterlijk %(date)s") % {"date": when}]


def _events(client, *, user, audience):
    """One event per message, in one query."""
    for bericht in thread(user, client):
        if audience == "client":
            title = _("U stuurde een bericht") if bericht.from_client else _("Bericht van uw werkcoach")
        else:
            title = _("Bericht van de cliënt") if bericht.from_client else _("Bericht aan de cliënt")
            if bericht.from_client and bericht.answered_at:
                title += " " + _("(beantwoord)")
        url_name = "berichten:portal-thread" if audience == "client" else "berichten:client-thread"
        kwargs = {} if audience == "client" else {"client_id": client.pk}
        yield registry.TimelineEvent(
            when=bericht.created_at,
            kind="bericht",
            title=title,
            detail=bericht.text[:200],
            url=reverse(url_name, kwargs=kwargs) + f"#bericht-{bericht.pk}",
            audiences=frozenset({"staff", "client"}),
        )


registry.file_probe("berichten", lambda: Bericht.objects.filter(client=OuterRef("pk")))
registry.file_section("berichten", order=60, template="berichten/_client_section.html", context=_file_context)
registry.portal_page("berichten", order=55, label=gettext_lazy("Berichten"), url_name="berichten:portal-thread")
registry.caseload_flag("berichten", order=40, annotate=lambda clients, today: annotate_open_due(clients), flags=_flags)
registry.timeline_source("berichten", label=gettext_lazy("Berichten"), events=_events)
