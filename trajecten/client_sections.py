"""What the trajecten app adds to the client file, the portal and the timeline (see clients/registry.py)."""

from django.utils.translation import gettext_lazy as _

from clients import registry

# --- Timeline sources (issue 19: one timeline) ---------------------------------------------------------------
from . import timeline_sources

registry.timeline_source("plan", label=_("Plan van aanpak"), events=timeline_sources.plan_events)
registry.timeline_source("trajecten", label=_("Trajecten en uitstroom"), events=timeline_sources.traject_events)
