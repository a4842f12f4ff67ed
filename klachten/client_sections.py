"""What klachten adds to the client file, the portal, the caseload and the team overview
(see ``clients/registry.py``)."""

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from clients import registry
from clients.compiled import client_rows, scoped_rows
from clients.compiled_batch import later
from clients.models import Client

from . import portal_urls, portal_views, selectors, timeline_sources
from .models import Zaak
from .workflow import CONTESTABLE


def _zaak_flags(row):
    if row.zaak_overdue:
        return [registry.Flag(_("Zaak: termijn verstreken"), "danger")]
    if row.zaak_open:
        return [registry.Flag(_("Zaak loopt"), "info")]
    return []


registry.caseload_flag("zaken", order=40, annotate=selectors.caseload_zaken_annotate, flags=_zaak_flags)
registry.team_column(
    "zaken",
    order=10,
    heading=_("Zaken, termijn verstreken"),
    annotate=selectors.team_zaken_overdue_annotate,
    template="klachten/_team_zaken_overdue.html",
)


def _zaken(client_id, user):
    return selectors.zaken_for(user, client=Client(pk=client_id)).select_related(None)


def _file_context(request, client):
    """The client's zaken this user may see, most urgent first (one query).

    The table shows each zaak's own fields only: no joins to the client (known), the handler or the
    klacht, maatregel and bezwaar rows (a dozen tables' columns for the SQL compiler to write). The
    policy scopes the read; its SQL is compiled once per shape of user (``scoped_rows``)."""
    zaken = scoped_rows("file.zaken", _zaken, request.user, client) if registry.file_has(client, "zaken") else []
    # Worked out when the page shows it: the zaken are read with the file's other lists.
    return {"zaken": zaken, "has_contestable": later(lambda: any(z.status in CONTESTABLE for z in zaken))}


registry.file_probe("zaken", lambda: Zaak.objects.filter(client=OuterRef("pk")))
registry.file_section("zaken", order=50, template="klachten/_client_file_section.html", context=_file_context)


def _open_zaken(client_id):
    # One row (its id only) per open zaak the client sees: as many as COUNT(*) of the same query counts.
    return portal_views.shown_to_client(Zaak.objects.filter(client_id=client_id)).open().only("pk")


def _portal_home_context(request, client):
    """The home page's zaken block: how many of the client's zaken are still open (one query).

    ``client`` is the portal's own client, found through the access policy (``portal_views.client_zaken``
    scopes the same zaken by the user); its own rows are read with SQL compiled once per process
    (:func:`clients.compiled.client_rows`)."""
    return {"open_zaken": len(client_rows("portal.home.open_zaken", _open_zaken, client))}


registry.portal_urls("klachten", portal_urls.urlpatterns)
registry.portal_page(
    "zaken",
    order=70,
    label=_("Klachten en bezwaren"),
    url_name="portal:zaken",
    also_active=["portal:zaak-detail", "portal:klacht-create", "portal:bezwaar-create"],
)
registry.portal_section("zaken", order=50, template="portal/_home_zaken.html", context=_portal_home_context)

# --- Timeline sources (issue 19: one timeline) ---------------------------------------------------------------

registry.timeline_source("zaken", label=_("Klachten, maatregelen en bezwaren"), events=timeline_sources.zaak_events)
