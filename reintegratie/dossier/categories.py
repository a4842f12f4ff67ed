"""The document categories: what each one may hold, how big, and how long it is kept.

Data minimisation (AVG art. 5 lid 1 c): health data is kept only where a task needs it. The rule:

- the category ``medisch`` can be chosen by staff only (an ontheffing of the duty to work, a
  functional-limits advice), never by the client in the portal; it has the shortest term;
- a file whose name points at health content (``MEDICAL_HINTS``: huisarts, diagnose, ggz, …) is
  refused in every other category, with a message that says why and where such papers go.

The retention terms in months are the setting ``DOSSIER_RETENTION_MONTHS`` (category -> months).
"""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024


class Category(models.TextChoices):
    CV = "cv", _("Cv")
    DIPLOMA = "diploma", _("Diploma of certificaat")
    INKOMEN = "inkomen", _("Bewijs van inkomen")
    AANWEZIGHEID = "aanwezigheid", _("Presentielijst van een aanbieder")
    OVERIG = "overig", _("Iets anders")
    MEDISCH = "medisch", _("Medisch (alleen als het nodig is)")


PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
IMAGES = {JPEG, PNG}
TYPE_NAMES = {PDF: "PDF", JPEG: "JPG", PNG: "PNG"}
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}

# Office files and archives are zip containers (decompression bombs, macros): not accepted.
ALLOWED_TYPES = {
    Category.CV: {PDF, JPEG, PNG},
    Category.DIPLOMA: {PDF, JPEG, PNG},
    Category.INKOMEN: {PDF, JPEG, PNG},
    Category.AANWEZIGHEID: {PDF, JPEG, PNG},
    Category.OVERIG: {PDF, JPEG, PNG},
    Category.MEDISCH: {PDF},
}
MAX_SIZE = {
    Category.CV: 5 * MB,
    Category.DIPLOMA: 10 * MB,
    Category.INKOMEN: 10 * MB,
    Category.AANWEZIGHEID: 10 * MB,
    Category.OVERIG: 10 * MB,
    Category.MEDISCH: 10 * MB,
}
# Client choices in the portal: everything but medisch.
CLIENT_CATEGORIES = [c for c in Category if c != Category.MEDISCH]

# Words in a file name that nearly always mean health data about the person. Kept short on purpose:
# "psychologie", "therapie" or "specialist" also name diplomas and jobs. The refusal says what to do
# when the file is not medical (rename it), so a false hit costs one rename.
MEDICAL_HINTS = re.compile(
    r"medisch|medische|huisarts|bedrijfsarts|keuringsarts|(?<![a-z])arts(?![a-z])|diagnose|ziekenhuis|"
    r"ggz|psychiat|medicijn|medicatie|behandelplan|zwangerschap|verslaving|uwv[-_ ]?advies",
    re.IGNORECASE,
)


def retention_months(category):
    """How long a document of this category is kept, in months (setting ``DOSSIER_RETENTION_MONTHS``)."""
    return settings.DOSSIER_RETENTION_MONTHS[str(category)]


def allowed_names(category):
    """'PDF, JPG of PNG': the allowed types in words."""
    names = [TYPE_NAMES[t] for t in (PDF, JPEG, PNG) if t in ALLOWED_TYPES[category]]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " of " + names[-1]
