"""What trajecten adds to the client file, the portal and the caseload (see ``clients/registry.py``)."""

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from clients import registry
from clients.compiled import client_rows

from . import evaluation_flags, portal_urls, portal_views, selectors, timeline_sources
from .models import Traject, Uitstroom


def _plan_flags(row):
    flags = []
    if row.evaluation_overdue:
        flags.append(registry.Flag(_("Evaluatie plan te laat"), "danger"))
    if row.actions_overdue:
        flags.append(registry.Flag(_("Acties te laat"), "danger"))
    return flags


registry.caseload_flag("plan", order=20, annotate=selectors.caseload_plan_annotate, flags=_plan_flags)
registry.caseload_flag(
    "uitstroom",
    order=50,
    annotate=selectors.caseload_followup_annotate,
    flags=lambda row: [registry.Flag(_("Nameting uitstroom"), "info")] if row.followup_due else [],
)


def _trajecten(client_id):
    return (
        Traject.objects.filter(client_id=client_id)
        .select_related("instrument", "aanbieder")
        .only("client", "instrument__name", "aanbieder__name", "status", "result")
    )


def _file_context(request, client):
    """The current plan in figures, the trajecten and the outflow (four queries)."""
    return {
        "plan_summary": selectors.plan_summary(client),
        # Each traject's instrument, provider, status and result: not its texts and dates.
        "trajecten": client_rows("file.trajecten", _trajecten, client),
        "uitstroom": (
            client_rows("file.uitstroom", lambda pk: Uitstroom.objects.filter(client_id=pk), client)
            if registry.file_has(client, "uitstroom")
            else []
        ),
    }


registry.file_probe("uitstroom", lambda: Uitstroom.objects.filter(client=OuterRef("pk")))
registry.file_section(
    "plan",
    order=20,
    template="trajecten/_client_file_section.html",
    context=_file_context,
    tabs=[("plan", _("Plan")), ("trajecten", _("Trajecten"))],
)


def _portal_home_context(request, client):
    """The home page's actions block: the open actions of the plan version the client may see.

    One query: the open actions, each with the shown version (its number and status only); a second
    one for that version only when nothing of it is open. Its goals, its history and its authors are
    the plan page's, not the home page's. ``client`` is the portal's own client, found through the
    access policy (``portal_views.shown_plan`` scopes the same plans by the user); its own rows are read
    with SQL compiled once per process (:func:`clients.compiled.client_rows`).
    """
    acties = client_rows("portal.home.acties", portal_views.shown_open_acties, client)
    if acties:
        plan = acties[0].doel.plan
    else:
        plans = client_rows("portal.home.plan", portal_views.shown_plan_row, client)
        plan = plans[0] if plans else None
    mine, theirs = portal_views.split_acties(acties)
    return {
        "plan": plan,
        "mijn_acties": mine,
        "andere_acties": theirs,
        "can_mark_done": plan is not None and plan.is_current,
    }


registry.portal_urls("trajecten", portal_urls.urlpatterns)
registry.portal_page("plan", order=20, label=_("Mijn plan"), url_name="portal:plan", also_active=["portal:actie-done"])
registry.portal_section("plan", order=20, template="portal/_home_acties.html", context=_portal_home_context)

# --- Timeline sources (issue 19: one timeline) ---------------------------------------------------------------

registry.timeline_source("plan", label=_("Plan van aanpak"), events=timeline_sources.plan_events)
registry.timeline_source("trajecten", label=_("Trajecten en uitstroom"), events=timeline_sources.traject_events)


# --- Caseload flags (issue 19: contact rhythm by route) --------------------------------------------------------

registry.caseload_flag(
    "evaluatie", order=20, annotate=evaluation_flags.annotate_evaluation, flags=evaluation_flags.evaluation_flags
)
