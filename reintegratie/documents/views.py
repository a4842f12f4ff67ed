"""Letters: download, retry, preview. (Asking for a letter happens in the app it is about.)"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from reintegratie.accounts.models import Role
from reintegratie.accounts.policy import casework_required, roles_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.storage import file_response

from . import letters, services
from .models import Brief, BriefStatus


def _file_url(client):
    return reverse("clients:client-detail", kwargs={"client_id": client.pk}) + "#brieven"


@login_required
@roles_required(Role.WERKCOACH, Role.TEAMLEIDER, Role.CLIENT)
@require_safe
def brief_download(request, brief_id):
    """Download a ready letter as an attachment; written to the access log."""
    brief = get_object_or_404(
        Brief.objects.visible_to(request.user).select_related("client"), pk=brief_id, status=BriefStatus.KLAAR
    )
    access_log_write(request=request, client=brief.client, action=AccessLog.Action.PRINT)
    return file_response(brief.pdf, filename=brief.download_name, content_type="application/pdf")


@login_required
@casework_required
@require_POST
def brief_retry(request, brief_id):
    brief = get_object_or_404(Brief.objects.visible_to(request.user).select_related("client"), pk=brief_id)
    try:
        services.brief_retry(request=request, brief=brief)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("We proberen de brief opnieuw te maken."))
    return redirect(_file_url(brief.client))


@login_required
@casework_required
@require_safe
def brief_preview(request, kind):
    """LETTER_PREVIEWS only: a letter template as HTML, made from the first visible client's real data."""
    if not settings.LETTER_PREVIEWS or kind not in letters.LETTERS:
        raise Http404
    clients = Brief._meta.get_field("client").related_model.objects.visible_to(request.user)
    for client in clients.select_related("coach")[:50]:
        source = letters.sample_source(kind, client)
        if source is not None:
            break
    else:
        raise Http404
    # An unsaved Brief: the same context a real letter gets, nothing written.
    brief = Brief(client=client, kind=kind, source_id=str(source.pk), version=1)
    template, context = letters.letter_context(brief)
    html = render_to_string(template, context).replace("static:css/brief.css", "/static/css/brief.css")
    return HttpResponse(html)
