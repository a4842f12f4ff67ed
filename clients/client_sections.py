"""What the clients app itself puts on the pages the registry builds (see ``clients/registry.py``).

The core of the client file (personal data, coach, appointments, contact moments, letters), of the
portal home (letters) and of the caseload (the client's open questions) is registered here like any
feature app's part, so the pages interleave them by ``order``.
"""

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from reintegratie.documents.models import Brief
from reintegratie.expressions import RowExists

from . import portal_views, registry, rhythm, timeline_sources
from .models import Afspraak, Taak


def _open_tasks(clients, today):
    return clients.annotate(open_tasks=RowExists(Taak.objects.filter(client=OuterRef("pk"), done_at__isnull=True)))


registry.caseload_flag(
    "taken",
    order=30,
    annotate=_open_tasks,
    flags=lambda row: [registry.Flag(_("Vraag van de cliënt"), "warning")] if row.open_tasks else [],
)


# The client file: the lists that are often empty are probed with the client (no query when empty).
registry.file_probe("afspraken", lambda: Afspraak.objects.filter(client=OuterRef("pk")))
registry.file_probe("brieven", lambda: Brief.objects.filter(client=OuterRef("pk")))
registry.file_probe("taken", lambda: Taak.objects.filter(client=OuterRef("pk"), done_at__isnull=True))

# The client file: the core sections between the feature apps' (intake 10, plan 20, zaken 50, werk 80).
registry.file_section(
    "persoon",
    order=30,
    template="clients/_file_persoon.html",
    tabs=[("gegevens", _("Gegevens")), ("werkcoach", _("Werkcoach"))],
)
registry.file_section(
    "afspraken", order=40, template="clients/_file_afspraken.html", tabs=[("afspraken", _("Afspraken"))]
)
registry.file_section(
    "contactmomenten",
    order=60,
    template="clients/_file_contactmomenten.html",
    tabs=[("contactmomenten", _("Contactmomenten"))],
)
registry.file_section("brieven", order=70, template="clients/_file_brieven.html", tabs=[("brieven", _("Brieven"))])


# The portal: the menu's core pages and the home page's letters block.
registry.portal_page("home", order=10, label=_("Mijn re-integratie"), url_name="portal:home")
registry.portal_page("afspraken", order=30, label=_("Mijn afspraken"), url_name="portal:afspraken")
registry.portal_page("brieven", order=40, label=_("Mijn brieven"), url_name="portal:brieven")
registry.portal_page("inzage", order=60, label=_("Wie keek in mijn dossier"), url_name="portal:inzage")


registry.portal_section("brieven", order=30, template="portal/_home_brieven.html", context=portal_views.new_letters)

# --- Timeline sources (issue 19: one timeline) ---------------------------------------------------------------

registry.timeline_source("contactmomenten", label=_("Gesprekken"), events=timeline_sources.contact_events)
registry.timeline_source("afspraken", label=_("Afspraken"), events=timeline_sources.afspraak_events)
registry.timeline_source("taken", label=_("Vragen van de cliënt"), events=timeline_sources.taak_events)
registry.timeline_source("overdrachten", label=_("Werkcoach"), events=timeline_sources.overdracht_events)
registry.timeline_source("brieven", label=_("Brieven"), events=timeline_sources.brief_events)
registry.portal_page("tijdlijn", order=25, label=_("Mijn tijdlijn"), url_name="portal:tijdlijn")


# --- Caseload flags (issue 19: contact rhythm by route) --------------------------------------------------------

registry.caseload_flag("contactritme", order=10, annotate=rhythm.annotate_contact, flags=rhythm.contact_flags)
