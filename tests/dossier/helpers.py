"""Documents for the matrix: a row with a small stored file, made once per world."""

from django.core.files.base import ContentFile
from django.utils import timezone

from reintegratie.dossier.models import Document


def stored_document(client_obj, uploaded_by, name="cv.pdf"):
    """A stored document without the upload checks (tested in tests/dossier); here only access matters."""
    document = Document(
        client=client_obj,
        category="cv",
        uploaded_by=uploaded_by,
        original_name=name,
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        retain_until=timezone.localdate(),
    )
    document.file.save("x.pdf", ContentFile(b"%PDF-1.7"), save=False)
    document.save()
    return document


def matrix_document(world, which):
    key = f"_document_{which}"
    if key not in world:
        world[key] = stored_document(world[which], world[which].coach)
    return world[key]
