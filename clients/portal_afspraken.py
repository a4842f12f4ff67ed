"""Mijn afspraken: see, confirm, cancel, ask for another time, and put an appointment in my calendar.

Thin views: the appointment is always reached through the client of this account
(``Afspraak.objects.visible_to``), so another client's appointment answers 404.
The rules (until when, what a request holds) live in ``afspraak_rules`` and
``afspraak_services``.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write

from . import afspraak_services
from .afspraak_forms import AfspraakCancelForm, AfspraakMoveRequestForm
from .afspraak_rules import can_change, can_confirm, change_deadline
from .forms import add_service_error
from .ical import afspraak_ics
from .models import Afspraak, Contactmoment, Verzetverzoek
from .portal_views import _client, client_view
from .workflow import VerzetverzoekStatus


def _afspraak(request, client, afspraak_id):
    return get_object_or_404(
        Afspraak.objects.visible_to(request.user).select_related("with_user"), pk=afspraak_id, client=client
    )


def _open_request(afspraak):
    return Verzetverzoek.objects.filter(afspraak=afspraak, status=VerzetverzoekStatus.OPEN).first()


@client_view
@require_safe
def afspraken(request):
    """My appointments (coming and past) and the contact moments my coach shared with me."""
    client = _client(request)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    now = timezone.now()
    alle = list(Afspraak.objects.visible_to(request.user).filter(client=client).select_related("with_user"))
    open_requests = set(
        Verzetverzoek.objects.filter(afspraak__client=client, status=VerzetverzoekStatus.OPEN).values_list(
            "afspraak_id", flat=True
        )
    )
    komend = [a for a in alle if a.starts_at >= now and not a.outcome]
    for a in komend:
        a.can_change = can_change(a, now=now)
        a.can_confirm = can_confirm(a, now=now)
        a.change_deadline = change_deadline(a.starts_at)
        a.request_open = a.pk in open_requests
    geweest = sorted((a for a in alle if a not in komend), key=lambda a: a.starts_at, reverse=True)
    contacten = (
        Contactmoment.objects.visible_to(request.user)
        .filter(client=client, shared_with_client=True)
        .select_related("author")
        .order_by("-at", "-pk")
    )
    return render(
        request,
        "portal/afspraken.html",
        {
            "client": client,
            "komend": komend,
            "geweest": geweest,
            "contacten": list(contacten),
            "werkdagen": settings.AFSPRAAK_WIJZIGEN_WERKDAGEN,
        },
    )


@client_view
@require_POST
def afspraak_confirm(request, afspraak_id):
    """ "Ik kom": the coach sees that the client confirmed."""
    client = _client(request)
    afspraak = _afspraak(request, client, afspraak_id)
    try:
        afspraak_services.afspraak_client_confirm(request=request, client=client, afspraak=afspraak)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Dank u. Uw werkcoach ziet dat u komt."))
    return redirect("portal:afspraken")


@client_view
@require_http_methods(["GET", "POST"])
def afspraak_cancel(request, afspraak_id):
    """Cancel an appointment, with a reason, while the rule allows it."""
    client = _client(request)
    afspraak = _afspraak(request, client, afspraak_id)
    form = AfspraakCancelForm(request.POST or None)
    allowed = can_change(afspraak)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            afspraak_services.afspraak_client_cancel(
                request=request, client=client, afspraak=afspraak, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De afspraak is afgezegd. Uw werkcoach neemt contact met u op."))
            return redirect("portal:afspraken")
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    return render(
        request,
        "portal/afspraak_cancel.html",
        {
            "client": client,
            "afspraak": afspraak,
            "form": form,
            "allowed": allowed,
            "deadline": change_deadline(afspraak.starts_at),
        },
    )


@client_view
@require_http_methods(["GET", "POST"])
def afspraak_move_request(request, afspraak_id):
    """Ask for another time, with one to three moments that suit me."""
    client = _client(request)
    afspraak = _afspraak(request, client, afspraak_id)
    form = AfspraakMoveRequestForm(request.POST or None)
    allowed = can_change(afspraak)
    pending = _open_request(afspraak)
    if request.method == "POST" and allowed and pending is None and form.is_valid():
        try:
            afspraak_services.afspraak_client_ask_move(
                request=request,
                client=client,
                afspraak=afspraak,
                preferred=form.preferred(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Uw vraag is naar uw werkcoach gestuurd. U krijgt een e-mail als er een nieuwe tijd is.")
            )
            return redirect("portal:afspraken")
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    return render(
        request,
        "portal/afspraak_move_request.html",
        {
            "client": client,
            "afspraak": afspraak,
            "form": form,
            "allowed": allowed,
            "pending": pending,
            "deadline": change_deadline(afspraak.starts_at),
        },
    )


def ics_response(afspraak, *, for_client):
    response = HttpResponse(afspraak_ics(afspraak, for_client=for_client), content_type="text/calendar; charset=utf-8")
    # The file name says nothing about the person: the appointment's number only.
    response["Content-Disposition"] = f'attachment; filename="afspraak-{afspraak.pk}.ics"'
    response["Cache-Control"] = "no-store"
    return response


@client_view
@require_safe
def afspraak_ics_download(request, afspraak_id):
    """The appointment as a file for my own calendar (.ics)."""
    client = _client(request)
    afspraak = _afspraak(request, client, afspraak_id)
    access_log_write(request=request, client=client, action=AccessLog.Action.EXPORT)
    return ics_response(afspraak, for_client=True)
