"""What the clients app adds to the client file, the portal and the timeline (see clients/registry.py)."""

from django.utils.translation import gettext_lazy as _

# --- Timeline sources (issue 19: one timeline) ---------------------------------------------------------------
from . import registry, timeline_sources

registry.timeline_source("contactmomenten", label=_("Gesprekken"), events=timeline_sources.contact_events)
registry.timeline_source("afspraken", label=_("Afspraken"), events=timeline_sources.afspraak_events)
registry.timeline_source("taken", label=_("Vragen van de cliënt"), events=timeline_sources.taak_events)
registry.timeline_source("overdrachten", label=_("Werkcoach"), events=timeline_sources.overdracht_events)
registry.timeline_source("brieven", label=_("Brieven"), events=timeline_sources.brief_events)
registry.portal_page("tijdlijn", order=25, label=_("Mijn tijdlijn"), url_name="portal:tijdlijn")

# --- Caseload flags (issue 19: contact rhythm by route) --------------------------------------------------------
from . import rhythm  # noqa: E402 (kept with its block for merging)

registry.caseload_flag("contactritme", order=10, annotate=rhythm.annotate_contact, flags=rhythm.contact_flags)
