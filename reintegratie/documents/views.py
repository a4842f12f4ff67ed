"""Letters in the client file: send, make a progress report, download, retry, preview."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clients.forms import add_service_error
from clients.models import Afspraak, Client
from reintegratie.accounts.models import Role
from reintegratie.accounts.policy import casework_required, roles_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.storage import file_response

from . import letters, services
from .forms import InvitationForm
from .models import Brief, BriefKind, BriefStatus
from .plain_language import check


def _file_url(client):
    return reverse("clients:client-detail", kwargs={"client_id": client.pk}) + "#brieven"


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def afspraak_invite(request, client_id, afspraak_id):
    """Send an invitation letter for an appointment; the coach's own words are checked first."""
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=client_id)
    afspraak = get_object_or_404(Afspraak.objects.visible_to(request.user), pk=afspraak_id, client=client)
    form = InvitationForm(request.POST or None, initial={"kind": BriefKind.UITNODIGING_AFSPRAAK})
    readability = None
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["personal_note"]
        readability = check(note) if note.strip() else None
        needs_review = readability is not None and readability.suggestions() and "confirm" not in request.POST
        if not needs_review:
            try:
                services.brief_request(
                    request=request, client=client, kind=form.cleaned_data["kind"], source=afspraak, personal_note=note
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("De brief wordt gemaakt. Hij staat zo bij Brieven."))
                return redirect(_file_url(client))
    return render(
        request,
        "documents/invitation_form.html",
        {"client": client, "afspraak": afspraak, "form": form, "readability": readability},
    )


@login_required
@casework_required
@require_POST
def progress_report_create(request, client_id):
    """Make a progress report for the client now (besides the periodic ones)."""
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=client_id)
    services.brief_request(request=request, client=client, kind=BriefKind.VOORTGANGSRAPPORTAGE, source=client)
    messages.success(request, _("De voortgangsrapportage wordt gemaakt. Hij staat zo bij Brieven."))
    return redirect(_file_url(client))


@login_required
@roles_required(Role.WERKCOACH, Role.TEAMLEIDER, Role.CLIENT)
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
def brief_preview(request, kind):
    """DEBUG only: a letter template as HTML, made from the first visible client's real data."""
    if not settings.DEBUG or kind not in letters.LETTERS:
        raise Http404
    client = Client.objects.visible_to(request.user).select_related("coach").first()
    if client is None:
        raise Http404
    source = client
    if kind != BriefKind.VOORTGANGSRAPPORTAGE:
        source = client.afspraken.order_by("-starts_at").first()
        if source is None:
            raise Http404
    # An unsaved Brief: the same context a real letter gets, nothing written.
    brief = Brief(client=client, kind=kind, source_id=str(source.pk), version=1)
    template, context = letters.letter_context(brief)
    html = render_to_string(template, context).replace("static:css/brief.css", "/static/css/brief.css")
    return HttpResponse(html)
