"""What the dossier adds to the client file, the portal menu and the timeline (see clients/registry.py)."""

from django.db.models import OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients import registry
from clients.compiled import scoped_rows
from clients.models import Client
from clients.selectors import with_names

from .models import Document
from .selectors import documents_for

FILE_SECTION_ROWS = 5


def _newest(client_id, user):
    # The list names who uploaded a document (and whether that was the client, from the role).
    return with_names(documents_for(user, Client(pk=client_id)), "uploaded_by", also=["role"])[:FILE_SECTION_ROWS]


def _file_context(request, client):
    # The policy scopes the read; its SQL is compiled once per shape of user (``scoped_rows``).
    if not registry.file_has(client, "documenten"):  # none at all (the probe, read with the client)
        return {"documents": []}
    return {"documents": scoped_rows("file.documents", _newest, request.user, client)}


def _events(client, *, user, audience):
    """One event per document upload, in one query."""
    for document in documents_for(user, client):
        by_client = document.uploaded_by_client
        if audience == "client":
            title = _("U stuurde een document") if by_client else _("Uw werkcoach zette een document in uw dossier")
        else:
            title = _("Document van de cliënt") if by_client else _("Document toegevoegd")
        yield registry.TimelineEvent(
            when=document.created_at,
            kind="document",
            title=title,
            detail=f"{document.get_category_display()}: {document.original_name}",
            url=reverse("dossier:document-download", kwargs={"document_id": document.pk}),
            audiences=frozenset({"staff", "client"}),
        )


registry.file_probe("documenten", lambda: Document.objects.filter(client=OuterRef("pk")))
registry.file_section("dossier", order=70, template="dossier/_client_section.html", context=_file_context)
registry.portal_page("dossier", order=60, label=gettext_lazy("Mijn documenten"), url_name="dossier:portal-documents")
registry.timeline_source("dossier", label=gettext_lazy("Documenten"), events=_events)
