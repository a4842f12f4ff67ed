"""What the trajecten app adds to the client file, the portal and the timeline (see clients/registry.py)."""

from django.utils.translation import gettext_lazy as _

from clients import registry

# --- Timeline sources (issue 19: one timeline) ---------------------------------------------------------------
from . import timeline_sources

registry.timeline_source("plan", label=_("Plan van aanpak"), events=timeline_sources.plan_events)
registry.timeline_source("trajecten", label=_("Trajecten en uitstroom"), events=timeline_sources.traject_events)

# --- Caseload flags (issue 19: contact rhythm by route) --------------------------------------------------------
from . import evaluation_flags  # noqa: E402 (kept with its block for merging)

registry.caseload_flag(
    "evaluatie", order=20, annotate=evaluation_flags.annotate_evaluation, flags=evaluation_flags.evaluation_flags
)
