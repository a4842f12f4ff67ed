"""What the klachten app adds to the client file, the portal and the timeline (see clients/registry.py)."""

from django.utils.translation import gettext_lazy as _

from clients import registry

# --- Timeline sources (issue 19: one timeline) ---------------------------------------------------------------
from . import timeline_sources

registry.timeline_source("zaken", label=_("Klachten, maatregelen en bezwaren"), events=timeline_sources.zaak_events)
