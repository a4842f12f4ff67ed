"""What intake adds to the client file and the portal (see ``clients/registry.py``)."""

from django.utils.translation import gettext_lazy as _

from clients import registry
from clients.compiled import client_rows
from clients.compiled_batch import later

from . import portal_urls, selectors, timeline_sources
from .models import Trede


def _file_context(request, client):
    """What is known already comes first, so nobody asks again (the intakes, their scores and
    occupations, the ladder: four queries)."""
    concept, intake = selectors.file_intakes(client)
    treden = client_rows("file.treden", lambda pk: Trede.objects.filter(client_id=pk), client)
    return {
        "intake": intake,
        "concept_intake": concept,
        "ladder": later(lambda: selectors.ladder_chart(treden)),  # the treden read with the file's other lists
    }


registry.file_section(
    "intake",
    order=10,
    template="intake/_client_file_section.html",
    context=_file_context,
    tabs=[("intake", _("Intake"))],
)


registry.portal_urls("intake", portal_urls.urlpatterns)
registry.portal_page("intake", order=50, label=_("Mijn intake"), url_name="portal:intake")

# --- Timeline sources (issue 19: one timeline) ---------------------------------------------------------------

registry.timeline_source("intake", label=_("Intake en participatieladder"), events=timeline_sources.intake_events)
