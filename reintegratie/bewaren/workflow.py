"""Status vocabularies of the destruction list (vernietigingslijst) and its items."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LijstStatus(models.TextChoices):
    CONCEPT = "concept", _("Klaar om te controleren")
    GECONTROLEERD = "gecontroleerd", _("Gecontroleerd, wacht op goedkeuring")
    GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd, wordt vernietigd")
    UITGEVOERD = "uitgevoerd", _("Vernietigd")


class ItemStatus(models.TextChoices):
    TE_VERNIETIGEN = "te_vernietigen", _("Wordt vernietigd")
    UITGEZONDERD = "uitgezonderd", _("Uitgezonderd")
    VERNIETIGD = "vernietigd", _("Vernietigd")


# A list changes only forwards; items can be excluded (or put back) only before approval.
ALLOWED = {
    LijstStatus.CONCEPT: {LijstStatus.GECONTROLEERD},
    LijstStatus.GECONTROLEERD: {LijstStatus.GOEDGEKEURD},
    LijstStatus.GOEDGEKEURD: {LijstStatus.UITGEVOERD},
    LijstStatus.UITGEVOERD: set(),
}
EDITABLE = frozenset({LijstStatus.CONCEPT})
