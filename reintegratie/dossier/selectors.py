"""Reads of the dossier."""

from klachten.models import Zaak
from klachten.workflow import OPEN_STATUSES

from .models import Document


def documents_for(user, client):
    """The documents of this client that this user may see, newest first, in one query."""
    return Document.objects.visible_to(user).filter(client=client).select_related("uploaded_by")


def documents_expired(*, today):
    """The documents whose term (``retain_until``) ended before ``today``, oldest term first.

    Kept while the client has a zaak that still waits for a decision (klacht, maatregel, bezwaar):
    a document may be what the decision rests on (docs/privacy.md, "Documenten in het dossier").
    """
    open_zaak = Zaak.objects.filter(status__in=OPEN_STATUSES).values("client_id")
    return (
        Document.objects.filter(retain_until__lt=today).exclude(client_id__in=open_zaak).order_by("retain_until", "pk")
    )
