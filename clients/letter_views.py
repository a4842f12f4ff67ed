"""Asking for a letter from the client file: an invitation for an appointment, a progress report now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reintegratie.accounts.policy import casework_required
from reintegratie.documents import services
from reintegratie.documents.forms import InvitationForm
from reintegratie.documents.models import BriefKind
from reintegratie.documents.plain_language import check

from .forms import add_service_error
from .models import Afspraak, Client


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
