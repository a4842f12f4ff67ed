"""What trajecten adds to the client file, the portal and the caseload (see ``clients/registry.py``)."""

from django.utils.translation import gettext_lazy as _

from clients import registry

from . import selectors


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


def _file_context(request, client):
    """The current plan in figures, the trajecten and the outflow (four queries)."""
    return {
        "plan_summary": selectors.plan_summary(client),
        "trajecten": list(client.trajecten.select_related("instrument", "aanbieder")),
        "uitstroom": list(client.uitstroom.all()),
    }


registry.file_section(
    "plan",
    order=20,
    template="trajecten/_client_file_section.html",
    context=_file_context,
    tabs=[("plan", _("Plan")), ("trajecten", _("Trajecten"))],
)
