"""Status vocabularies of vacancies and voordrachten, and the allowed voordracht transitions.

One service changes a voordracht's status (services.voordracht_transition);
its history rows are append-only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VacatureStatus(models.TextChoices):
    OPEN = "open", _("Open")
    VERVULD = "vervuld", _("Vervuld")
    GESLOTEN = "gesloten", _("Gesloten")


class VoordrachtStatus(models.TextChoices):
    VOORGEDRAGEN = "voorgedragen", _("Voorgedragen")
    GESPREK = "gesprek", _("Gesprek met de werkgever")
    GEPLAATST = "geplaatst", _("Geplaatst")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


ALLOWED = {
    VoordrachtStatus.VOORGEDRAGEN: {VoordrachtStatus.GESPREK, VoordrachtStatus.AFGEWEZEN},
    VoordrachtStatus.GESPREK: {VoordrachtStatus.GEPLAATST, VoordrachtStatus.AFGEWEZEN},
    VoordrachtStatus.GEPLAATST: set(),
    VoordrachtStatus.AFGEWEZEN: set(),
}
# At most one of these per vacancy and client (a database constraint); after a
# rejection the client may be put forward again.
ACTIVE = frozenset({VoordrachtStatus.VOORGEDRAGEN, VoordrachtStatus.GESPREK, VoordrachtStatus.GEPLAATST})


class ConsentParty(models.TextChoices):
    CLIENT = "client", _("Cliënt")
    COACH = "werkcoach", _("Werkcoach")
