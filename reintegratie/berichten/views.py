"""Berichten views: the thread for staff and for the client, a group message, the team's queue.

Every view reaches messages through ``Bericht.objects.visible_to`` or the visible client
(the access policy); everything outside answers 404. Opening a thread is written to the access log.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients.forms import add_service_error
from clients.models import Client
from reintegratie.accounts.models import Role
from reintegratie.accounts.policy import casework_required, roles_required, teamleider_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.dossier.views import refuse_dropped_upload

from . import selectors, services
from .forms import BerichtForm, GroupForm
from .models import Bericht


def _send(request, client, form, service):
    if refuse_dropped_upload(request, form, "attachment") or not form.is_valid():
        return None
    try:
        return service(
            request=request,
            client=client,
            text=form.cleaned_data["text"],
            upload=form.cleaned_data["attachment"],
            category=form.cleaned_data["category"],
        )
    except ValidationError as error:
        add_service_error(form, error)
        return None


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def client_thread(request, client_id):
    """The messages with one client; answering here closes the client's open messages."""
    client = get_object_or_404(Client.objects.visible_to(request.user).select_related("coach"), pk=client_id)
    form = BerichtForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and _send(request, client, form, services.bericht_from_staff):
        messages.success(request, _("Uw bericht is verstuurd."))
        return redirect("berichten:client-thread", client_id=client.pk)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    berichten = list(selectors.thread(request.user, client))
    return render(
        request,
        "berichten/client_thread.html",
        {"client": client, "form": form, "berichten": berichten, "today": timezone.localdate()},
    )


def _own_client(request):
    try:
        return Client.objects.visible_to(request.user).select_related("coach").get()
    except (Client.DoesNotExist, Client.MultipleObjectsReturned):
        raise Http404 from None


@login_required
@roles_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def portal_thread(request):
    """Berichten: the client's messages with their coach, and a new message."""
    client = _own_client(request)
    form = BerichtForm(request.POST or None, request.FILES or None, for_client=True)
    bericht = request.method == "POST" and _send(request, client, form, services.bericht_from_client)
    if bericht:
        messages.success(
            request,
            _("Uw bericht is verstuurd. U krijgt uiterlijk %(date)s antwoord.") % {"date": _date(bericht.answer_due)},
        )
        return redirect("berichten:portal-thread")
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    berichten = list(selectors.thread(request.user, client))
    return render(
        request,
        "berichten/portal_thread.html",
        {"client": client, "form": form, "berichten": berichten, "answer_days": settings.BERICHT_ANTWOORD_WERKDAGEN},
    )


def _date(day):
    from django.utils.dateformat import format as date_format

    return date_format(day, "j F Y")


@login_required
@casework_required
@require_POST
def bericht_contactmoment(request, bericht_id):
    """Record a message as a contactmoment."""
    bericht = get_object_or_404(Bericht.objects.visible_to(request.user).select_related("client"), pk=bericht_id)
    try:
        services.bericht_mark_contactmoment(request=request, bericht=bericht)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Het bericht staat nu ook bij de contactmomenten."))
    return redirect("berichten:client-thread", client_id=bericht.client_id)


@login_required
@casework_required
@require_POST
def bericht_close(request, bericht_id):
    """Close a client's message that needs no answer."""
    bericht = get_object_or_404(Bericht.objects.visible_to(request.user).select_related("client"), pk=bericht_id)
    try:
        services.bericht_close(request=request, bericht=bericht)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Het bericht is afgehandeld zonder antwoord."))
    return redirect("berichten:client-thread", client_id=bericht.client_id)


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def group_create(request):
    """One message to several clients of the coach's own caseload, each on their own."""
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.berichten_to_group(
                request=request,
                client_ids=[c.pk for c in form.cleaned_data["clients"]],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                ngettext("Bericht verstuurd aan %(count)s cliënt.", "Bericht verstuurd aan %(count)s cliënten.", count)
                % {"count": count},
            )
            return redirect("berichten:group-create")
    return render(request, "berichten/group_form.html", {"form": form})


@login_required
@teamleider_required
@require_safe
def team_queue(request):
    """For the teamleider: open messages that went to the team, and every overdue one."""
    today = timezone.localdate()
    rows = list(selectors.team_queue(request.user, today))
    for row in rows:
        row.reasons = _reasons(row, today)
    return render(request, "berichten/team_queue.html", {"rows": rows, "today": today})


def _reasons(row, today):
    reasons = []
    if row.answer_due and row.answer_due < today:
        reasons.append(_("te laat"))
    if row.coach_id != row.client.coach_id:
        reasons.append(_("cliënt is overgedragen"))
    elif row.unread_handover:
        reasons.append(_("nieuwe werkcoach heeft de overdracht nog niet gelezen"))
    if not row.client.coach.is_active:
        reasons.append(_("werkcoach is afwezig"))
    return reasons
