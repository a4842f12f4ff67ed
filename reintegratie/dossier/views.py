"""Dossier views: the list and upload form for staff and for the client, and the one download.

Every view reaches documents through ``Document.objects.visible_to`` (the access policy);
everything outside answers 404. Uploads and downloads are written to the access log.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from clients.models import Client
from reintegratie.accounts.models import Role
from reintegratie.accounts.policy import casework_required, roles_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.storage import file_response

from . import selectors, services
from .categories import MB
from .forms import DocumentForm
from .models import Document
from .uploads import upload_too_large

TOO_LARGE = gettext_lazy("Het bestand is te groot. Het mag hoogstens %(mb)s MB zijn.")

# A document is shown by nobody's browser, only saved: no script, no plugin, no frame, no sniffing.
DOWNLOAD_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'"


def refuse_dropped_upload(request, form, field):
    """Say so when the upload handler dropped a file for its size (it never reached the form)."""
    if upload_too_large(request):
        form.errors.pop(field, None)
        form.add_error(field, TOO_LARGE % {"mb": max(1, settings.UPLOAD_MAX_BYTES // MB)})
        return True
    return False


def _upload(request, client, form):
    """Run the upload service for a valid form; return the document, or None with the error on the form."""
    if refuse_dropped_upload(request, form, "file") or not form.is_valid():
        return None
    try:
        return services.document_upload(
            request=request, client=client, category=form.cleaned_data["category"], upload=form.cleaned_data["file"]
        )
    except ValidationError as error:
        form.add_error("file", error)
        return None


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def client_documents(request, client_id):
    """The documents in a client's dossier, and the coach's upload form."""
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=client_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and _upload(request, client, form):
        messages.success(request, _("Het document staat in het dossier."))
        return redirect("dossier:client-documents", client_id=client.pk)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    documents = list(selectors.documents_for(request.user, client))
    return render(request, "dossier/client_documents.html", {"client": client, "form": form, "documents": documents})


def _own_client(request):
    try:
        return Client.objects.visible_to(request.user).get()
    except (Client.DoesNotExist, Client.MultipleObjectsReturned):
        raise Http404 from None


@login_required
@roles_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def portal_documents(request):
    """Mijn documenten: what is in my dossier, and sending a new document."""
    client = _own_client(request)
    form = DocumentForm(request.POST or None, request.FILES or None, for_client=True)
    if request.method == "POST" and _upload(request, client, form):
        messages.success(request, _("Dank u. Uw document is ontvangen en staat in uw dossier."))
        return redirect("dossier:portal-documents")
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    documents = list(selectors.documents_for(request.user, client))
    return render(request, "dossier/portal_documents.html", {"client": client, "form": form, "documents": documents})


@login_required
@roles_required(Role.WERKCOACH, Role.TEAMLEIDER, Role.CLIENT)
@require_safe
def document_download(request, document_id):
    """Download one document as an attachment, never shown inline; written to the access log."""
    document = get_object_or_404(Document.objects.visible_to(request.user).select_related("client"), pk=document_id)
    access_log_write(request=request, client=document.client, action=AccessLog.Action.EXPORT)
    response = file_response(document.file, filename=document.original_name, content_type=document.content_type)
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response
