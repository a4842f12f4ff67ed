"""Status and kind vocabularies of exports.

An export moves in_wachtrij -> bezig -> klaar | mislukt; only the task moves it
(services.export_run), and a claim older than EXPORT_CLAIM_EXPIRES belongs to
a dead worker and may be taken again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    IN_WACHTRIJ = "in_wachtrij", _("In de wachtrij")
    BEZIG = "bezig", _("Wordt gemaakt")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


EXPORT_ALLOWED = {
    ExportStatus.IN_WACHTRIJ: {ExportStatus.BEZIG},
    ExportStatus.BEZIG: {ExportStatus.KLAAR, ExportStatus.MISLUKT, ExportStatus.IN_WACHTRIJ},
    ExportStatus.KLAAR: set(),
    ExportStatus.MISLUKT: set(),
}


class ExportKind(models.TextChoices):
    CLIENTEN_CSV = "clienten_csv", _("Cliëntenlijst (CSV)")
    CLIENTEN_XLSX = "clienten_xlsx", _("Cliëntenlijst (Excel)")
    VOORTGANG_ZIP = "voortgang_zip", _("Voortgangsrapportages (zip met pdf's)")


EXTENSIONS = {
    ExportKind.CLIENTEN_CSV: "csv",
    ExportKind.CLIENTEN_XLSX: "xlsx",
    ExportKind.VOORTGANG_ZIP: "zip",
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
