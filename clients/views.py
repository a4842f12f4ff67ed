"""Views of the clients app: thin; they parse input, call one service, render.

Every client-scoped view fetches through the access policy
(``Client.objects.visible_to``); outside it the answer is 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reintegratie.accounts.models import Role
from reintegratie.accounts.policy import casework_required, coaches_managed_by, teamleider_required
from reintegratie.accounts.services import locked_usernames
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write

from . import duplicates, portal_services, registry, selectors, services
from .afspraak_times import afspraak_warnings
from .compiled_batch import batched
from .forms import (
    AfspraakForm,
    AfspraakOutcomeForm,
    CaseloadFilterForm,
    ClientForm,
    ContactmomentForm,
    ReassignForm,
    add_service_error,
    conflict_rows,
)
from .models import Afspraak, Client, Overdracht, Taak

LETTER_KINDS = ["uitnodiging_afspraak", "uitnodiging_brede_intake", "voortgangsrapportage"]

CASELOAD_PAGE_SIZE = 25
# What a caseload row shows and its flags read (the rest of the row stays in the database: the row's
# personal data, address, BSN). Reading a field not listed here would cost a query per row; the
# caseload's query-count test would see it.
CASELOAD_FIELDS = (
    "pk",
    "client_number",
    "first_name",
    "name_prefix",
    "last_name",
    "status",
    "service_route",
    "coach__first_name",
    "coach__last_name",
)
# Search terms can be personal data (a name, a BSN). They travel in a POST
# body and live in the session, never in a URL, a log line or browser history.
FILTER_SESSION_KEY = "caseload_filters"


def _visible_client(request, client_id):
    return get_object_or_404(Client.objects.visible_to(request.user), pk=client_id)


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def caseload(request):
    """Mijn caseload (werkcoach) or the team's clients (teamleider)."""
    coaches = coaches_managed_by(request.user) if request.user.role == Role.TEAMLEIDER else None
    if request.method == "POST":
        if "reset" in request.POST:
            request.session.pop(FILTER_SESSION_KEY, None)
            return redirect("clients:caseload")
        form = CaseloadFilterForm(request.POST, coaches=coaches)
        if form.is_valid():
            data = form.cleaned_data
            request.session[FILTER_SESSION_KEY] = {
                "q": data["q"],
                "status": data["status"],
                "service_route": data["service_route"],
                "coach": str(data["coach"].pk) if data.get("coach") else "",
            }
            sort = request.GET.get("sort", "")
            return redirect(reverse("clients:caseload") + (f"?sort={sort}" if sort in selectors.SORTS else ""))
    else:
        form = CaseloadFilterForm(initial=request.session.get(FILTER_SESSION_KEY, {}), coaches=coaches)
    filters = request.session.get(FILTER_SESSION_KEY, {})
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    page = selectors.caseload_page(
        request.user,
        request.GET.get("page"),
        fields=CASELOAD_FIELDS,
        size=CASELOAD_PAGE_SIZE,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        service_route=filters.get("service_route", ""),
        coach_id=filters.get("coach") or None,
        sort=sort,
    )
    for row in page.object_list:
        row.caseload_flags = registry.caseload_flags(row)
    suggestions = duplicates.did_you_mean(request.user, filters.get("q", "")) if not page.object_list else []
    return render(
        request,
        "clients/client_list.html",
        {
            "form": form,
            "page": page,
            "suggestions": suggestions,
            "sort": sort,
            "filters_active": any(filters.values()) if filters else False,
            "is_team_view": coaches is not None,
        },
    )


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def client_create(request):
    """Register a new client (aanmelding)."""
    choose_coach = request.user.role == Role.TEAMLEIDER
    form = ClientForm(request.POST or None, choose_coach=choose_coach, initial={"status": "aangemeld"})
    warning = None
    if request.method == "POST" and form.is_valid() and not (warning := duplicates.registration_check(request, form)):
        data = dict(form.cleaned_data)
        coach = data.pop("coach", None) if choose_coach else request.user
        try:
            client = services.client_register(request=request, coach=coach, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De cliënt is aangemeld."))
            return redirect("clients:client-detail", client_id=client.pk)
    return render(request, "clients/client_form.html", {"form": form, "client": None, "duplicates": warning})


@login_required
@casework_required
@require_safe
def client_detail(request, client_id):
    """The client file: personal data, coach history, contacts, appointments."""
    client = selectors.client_file(request.user, client_id)
    if client is None:
        _log_denied(request, client_id)
        raise Http404
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    # The file's lists and each feature app's section: their reads in as few round trips as they allow.
    with batched():
        history = selectors.client_file_history(client)
        # Intake, plan, trajecten, zaken, werk: each feature app's own section (<app>/client_sections.py).
        sections = registry.render_sections(registry.FILE_SECTIONS, request, client)
    overdrachten = history["overdrachten"]
    unread = [
        o for o in overdrachten if o.is_handover and o.to_coach_id == request.user.pk and o.acknowledged_at is None
    ]
    afspraken = history["afspraken"]
    context = {
        "client": client,
        "overdrachten": overdrachten,
        "handover_count": sum(1 for o in overdrachten if o.is_handover),
        "unread_handovers": unread,
        "contactmomenten": history["contactmomenten"],
        "upcoming": [a for a in afspraken if not a.is_past and not a.outcome],
        "past": sorted((a for a in afspraken if a.is_past or a.outcome), key=lambda a: a.starts_at, reverse=True),
        "can_reassign": request.user.role == Role.TEAMLEIDER,
        "brieven": history["brieven"],
        "taken": history["taken"],
        "today": timezone.localdate(),
        # Letter previews exist only where a developer switched them on (LETTER_PREVIEWS).
        "letter_previews": LETTER_KINDS if settings.LETTER_PREVIEWS else [],
    }
    context["sections"] = sections
    return render(request, "clients/client_detail.html", context)


def _log_denied(request, client_id):
    """Log an attempt to open a client file outside the policy (ASVS 7.2.2)."""
    client = Client.objects.filter(pk=client_id).first()
    if client is not None:
        access_log_write(request=request, client=client, action=AccessLog.Action.VIEW, result=AccessLog.Result.DENIED)


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def client_update(request, client_id):
    client = _visible_client(request, client_id)
    form = ClientForm(request.POST or None, instance=client)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version")
        try:
            services.client_update(request=request, client=client, expected_version=expected_version, **data)
        except services.EditConflict as error:
            conflict = conflict_rows(form, error.current)
            add_service_error(form, error)
            # Saving again now is a deliberate choice made after seeing the differences.
            form.data = form.data.copy()
            form.data["version"] = error.current.version
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("clients:client-detail", client_id=client.pk)
    return render(
        request,
        "clients/client_form.html",
        {"form": form, "client": client, "conflict": conflict},
        status=409 if conflict is not None else 200,
    )


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def contactmoment_create(request, client_id):
    client = _visible_client(request, client_id)
    form = ContactmomentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contactmoment_create(request=request, client=client, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het contactmoment is vastgelegd."))
            return redirect(reverse("clients:client-detail", kwargs={"client_id": client.pk}) + "#contactmomenten")
    return render(request, "clients/contactmoment_form.html", {"form": form, "client": client})


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def afspraak_create(request, client_id):
    client = _visible_client(request, client_id)
    form = AfspraakForm(request.POST or None, initial={"duration_minutes": 45})
    warnings = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # The "Toch plannen" button: the coach has read the warnings about the time.
        confirmed = request.POST.get("confirm_time") == "1"
        warnings = afspraak_warnings(data["starts_at"], data["duration_minutes"])
        if not warnings or confirmed:
            try:
                services.afspraak_create(request=request, client=client, **data)
            except ValidationError as error:
                add_service_error(form, error)
                warnings = []
            else:
                if data["invitation"]:
                    done = _("De afspraak is gepland. De uitnodiging wordt gemaakt; hij staat zo bij Brieven.")
                else:
                    done = _("De afspraak is gepland. Er is geen uitnodiging gestuurd.")
                messages.success(request, done)
                return redirect(reverse("clients:client-detail", kwargs={"client_id": client.pk}) + "#afspraken")
    return render(request, "clients/afspraak_form.html", {"form": form, "client": client, "warnings": warnings})


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def afspraak_outcome(request, client_id, afspraak_id):
    client = _visible_client(request, client_id)
    afspraak = get_object_or_404(Afspraak.objects.visible_to(request.user), pk=afspraak_id, client=client)
    form = AfspraakOutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.afspraak_record_outcome(
                request=request, afspraak=afspraak, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De uitkomst is vastgelegd."))
            return redirect(reverse("clients:client-detail", kwargs={"client_id": client.pk}) + "#afspraken")
    return render(request, "clients/afspraak_outcome_form.html", {"form": form, "client": client, "afspraak": afspraak})


@login_required
@casework_required
@require_POST
def overdracht_acknowledge(request, client_id, overdracht_id):
    client = _visible_client(request, client_id)
    overdracht = get_object_or_404(Overdracht.objects.visible_to(request.user), pk=overdracht_id, client=client)
    try:
        services.overdracht_acknowledge(overdracht=overdracht, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("clients:client-detail", client_id=client.pk)


@login_required
@casework_required
@require_POST
def portal_invite(request, client_id):
    """Create the client's Mijn re-integratie account and mail the activation link."""
    client = _visible_client(request, client_id)
    try:
        portal_services.portal_account_invite(request=request, client=client)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De cliënt krijgt een mail met een link om een wachtwoord te kiezen."))
    return redirect(reverse("clients:client-detail", kwargs={"client_id": client.pk}) + "#gegevens")


@login_required
@casework_required
@require_POST
def taak_done(request, client_id, taak_id):
    """The coach handled something the client asked in the portal."""
    client = _visible_client(request, client_id)
    taak = get_object_or_404(Taak.objects.visible_to(request.user), pk=taak_id, client=client)
    try:
        portal_services.taak_done(request=request, taak=taak)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("clients:client-detail", kwargs={"client_id": client.pk}) + "#van-de-client")


@login_required
@teamleider_required
@require_http_methods(["GET", "POST"])
def client_reassign(request, client_id):
    """Give one client another coach (teamleider)."""
    client = _visible_client(request, client_id)
    form = ReassignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.clients_reassign(
                request=request,
                client_ids=[client.pk],
                to_coach=form.cleaned_data["to_coach"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De cliënt is overgedragen."))
            return redirect("clients:team-overview")
    return render(request, "clients/reassign_form.html", {"form": form, "clients": [client], "single": True})


@login_required
@teamleider_required
@require_http_methods(["GET", "POST"])
def team_overview(request):
    """The teamleider's page: caseload per coach, handovers, and bulk reassignment."""
    form = ReassignForm(request.POST or None)
    selected = request.POST.getlist("clients") if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.clients_reassign(
                request=request,
                client_ids=selected,
                to_coach=form.cleaned_data["to_coach"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)s cliënt overgedragen.", "%(count)s cliënten overgedragen.", count)
                % {"count": count},
            )
            return redirect("clients:team-overview")
    coach_id = request.GET.get("coach", "")
    coach_id = int(coach_id) if coach_id.isdigit() else None
    stats = selectors.team_handover_stats(request.user)
    paginator = Paginator(selectors.team_clients(request.user, coach_id=coach_id), 50)
    if coach_id is None:
        paginator.count = stats["clients"]  # the same clients, counted once for both
    page = paginator.get_page(request.GET.get("page"))
    coaches = list(selectors.team_overview(request.user))
    locked = locked_usernames(c.username for c in coaches)
    for coach in coaches:
        coach.is_locked = coach.username in locked
    return render(
        request,
        "clients/team_overview.html",
        {
            "coaches": coaches,
            "team_columns": registry.ordered(registry.TEAM_COLUMNS),
            "stats": stats,
            "page": page,
            "form": form,
            "selected": set(selected),
            "coach_filter": coach_id,
        },
    )
