"""Status vocabularies and the allowed transitions of plans and trajecten.

Each workflow is data: ALLOWED maps a status to the statuses it may move to.
One service per workflow changes status (services.plan_transition,
services.traject_transition); history rows are append-only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VOORGELEGD = "voorgelegd", _("Voorgelegd aan de cliënt")
    AKKOORD = "akkoord", _("Akkoord")
    VERVANGEN = "vervangen", _("Vervangen door een nieuwe versie")


PLAN_ALLOWED = {
    PlanStatus.CONCEPT: {PlanStatus.VOORGELEGD},
    # Not agreed: back to the coach, with the client's reasons in client_input.
    PlanStatus.VOORGELEGD: {PlanStatus.AKKOORD, PlanStatus.CONCEPT},
    PlanStatus.AKKOORD: {PlanStatus.VERVANGEN},
    PlanStatus.VERVANGEN: set(),
}


class AgreedHow(models.TextChoices):
    PORTAAL = "portaal", _("In Mijn re-integratie")
    PAPIER = "papier", _("Op papier getekend")


class Owner(models.TextChoices):
    """Who carries out an action: the plan shows the municipality's promises as plainly as the client's."""

    CLIENT = "client", _("Cliënt")
    WERKCOACH = "werkcoach", _("Werkcoach")
    GEMEENTE = "gemeente", _("Gemeente")
    AANBIEDER = "aanbieder", _("Aanbieder")


class ActieStatus(models.TextChoices):
    OPEN = "open", _("Open")
    GEDAAN = "gedaan", _("Gedaan")
    VERVALLEN = "vervallen", _("Vervallen")


class TrajectStatus(models.TextChoices):
    AANGEMELD = "aangemeld", _("Aangemeld bij de aanbieder")
    LOPEND = "lopend", _("Loopt")
    AFGEROND = "afgerond", _("Afgerond")
    VOORTIJDIG_BEEINDIGD = "voortijdig_beeindigd", _("Voortijdig beëindigd")


TRAJECT_ALLOWED = {
    TrajectStatus.AANGEMELD: {TrajectStatus.LOPEND, TrajectStatus.VOORTIJDIG_BEEINDIGD},
    TrajectStatus.LOPEND: {TrajectStatus.AFGEROND, TrajectStatus.VOORTIJDIG_BEEINDIGD},
    TrajectStatus.AFGEROND: set(),
    TrajectStatus.VOORTIJDIG_BEEINDIGD: set(),
}
# A provider sees a client while one of its trajecten is in one of these.
TRAJECT_RUNNING = frozenset({TrajectStatus.AANGEMELD, TrajectStatus.LOPEND})
TRAJECT_CLOSED = frozenset({TrajectStatus.AFGEROND, TrajectStatus.VOORTIJDIG_BEEINDIGD})


class TrajectResult(models.TextChoices):
    DOEL_BEREIKT = "doel_bereikt", _("Doel bereikt")
    DEELS_BEREIKT = "deels_bereikt", _("Doel deels bereikt")
    NIET_BEREIKT = "niet_bereikt", _("Doel niet bereikt")
    WERK = "werk", _("Uitgestroomd naar werk")


class UitstroomKind(models.TextChoices):
    WERK_VOLTIJD = "werk_voltijd", _("Werk, voltijd")
    WERK_DEELTIJD = "werk_deeltijd", _("Werk, deeltijd")
    OPLEIDING = "opleiding", _("Opleiding")
    ANDERS = "anders", _("Anders")


class Contract(models.TextChoices):
    VAST = "vast", _("Vast contract")
    TIJDELIJK = "tijdelijk", _("Tijdelijk contract")
    UITZEND = "uitzend", _("Uitzendwerk")
    ZELFSTANDIG = "zelfstandig", _("Zelfstandige")
    GEEN = "geen", _("Geen (opleiding of anders)")


class FollowUp(models.TextChoices):
    NOG_UIT = "nog_uit", _("Nog steeds geen uitkering")
    TERUG = "terug", _("Weer een uitkering")
    ONBEKEND = "onbekend", _("Niet bereikt")
