"""What the documents app adds to the client file, the portal and the timeline (see clients/registry.py)."""

from django.utils.translation import gettext_lazy as _

from clients import registry

# --- Timeline sources (issue 19: one timeline) ---------------------------------------------------------------
from . import timeline_sources

registry.timeline_source("brieven", label=_("Brieven"), events=timeline_sources.brief_events)
