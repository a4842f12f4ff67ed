"""Reads of the dossier."""

from .models import Document


def documents_for(user, client):
    """The documents of this client that this user may see, newest first, in one query."""
    return Document.objects.visible_to(user).filter(client=client).select_related("uploaded_by")
