"""What klachten adds to the client file, the portal, the caseload and the team overview
(see ``clients/registry.py``)."""

from django.utils.translation import gettext_lazy as _

from clients import registry

from . import selectors
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


def _file_context(request, client):
    """The client's zaken this user may see, most urgent first (one query)."""
    zaken = list(selectors.zaken_for(request.user, client=client))
    return {"zaken": zaken, "has_contestable": any(z.status in CONTESTABLE for z in zaken)}


registry.file_section("zaken", order=50, template="klachten/_client_file_section.html", context=_file_context)
