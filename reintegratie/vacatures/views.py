"""Views of Werk zoeken: thin; they parse input, call one service or selector, render.

Client-scoped pages fetch the client through the access policy
(``Client.objects.visible_to``) and voordrachten through
``Voordracht.objects.visible_to``; outside it the answer is 404. Recording a
vacancy needs the ``vacatures.manage_vacature`` permission (403 without).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients.forms import add_service_error
from clients.models import Client
from reintegratie.accounts.models import Role
from reintegratie.accounts.policy import casework_required, roles_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write

from . import matching, services
from .forms import ConsentForm, StartWorkForm, VacatureForm, VoordrachtForm, VoordrachtStatusForm
from .models import Vacature, Voordracht, VoordrachtStatusChange, Zichtbaarheid
from .workflow import ALLOWED, ConsentParty, VoordrachtStatus

PROPOSALS_SHOWN = 25


def manage_required(view):
    """Refuse (403) anyone who is not a werkgeversdienstverlener."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.may_manage_vacatures(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _client(request, client_id):
    return get_object_or_404(Client.objects.visible_to(request.user), pk=client_id)


@login_required
@casework_required
@require_safe
def vacature_list(request):
    """Open and recent vacancies."""
    vacatures = Vacature.objects.select_related("beroep").order_by("status", "closes_on", "-created_at")
    return render(
        request,
        "vacatures/vacature_list.html",
        {"vacatures": vacatures, "can_manage": services.may_manage_vacatures(request.user)},
    )


@login_required
@casework_required
@manage_required
@require_http_methods(["GET", "POST"])
def vacature_create(request):
    form = VacatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vacature = services.vacature_create(request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De vacature is vastgelegd."))
            return redirect("vacatures:vacature-detail", vacature_id=vacature.pk)
    return render(request, "vacatures/vacature_form.html", {"form": form, "vacature": None})


@login_required
@casework_required
@manage_required
@require_http_methods(["GET", "POST"])
def vacature_update(request, vacature_id):
    vacature = get_object_or_404(Vacature, pk=vacature_id)
    form = VacatureForm(request.POST or None, instance=vacature)
    if request.method == "POST" and form.is_valid():
        try:
            services.vacature_update(request=request, vacature=vacature, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De vacature is gewijzigd."))
            return redirect("vacatures:vacature-detail", vacature_id=vacature.pk)
    return render(request, "vacatures/vacature_form.html", {"form": form, "vacature": vacature})


def _voordrachten(request, vacature):
    return (
        Voordracht.objects.visible_to(request.user)
        .filter(vacature=vacature)
        .select_related("client", "by")
        .order_by("-created_at")
    )


@login_required
@casework_required
@require_safe
def vacature_detail(request, vacature_id):
    """The vacancy, the proposed candidates with their reasons, and the voordrachten this user may see."""
    vacature = get_object_or_404(Vacature.objects.select_related("beroep", "created_by"), pk=vacature_id)
    proposals = matching.proposals(request.user, vacature, limit=PROPOSALS_SHOWN)
    services.profiles_shown_log(
        request=request, client_ids=[k.client_id for k in proposals["kandidaten"] if not k.in_scope]
    )
    return render(
        request,
        "vacatures/vacature_detail.html",
        {
            "vacature": vacature,
            "proposals": proposals,
            "voordrachten": list(_voordrachten(request, vacature)),
            "can_manage": services.may_manage_vacatures(request.user),
            "form": VoordrachtForm(),
        },
    )


@login_required
@casework_required
@require_safe
def vacature_overview(request, vacature_id):
    """A large request ("50 koks"): how many can start, what blocks the others, which instruments help."""
    vacature = get_object_or_404(Vacature.objects.select_related("beroep"), pk=vacature_id)
    return render(
        request,
        "vacatures/vacature_overview.html",
        {"vacature": vacature, "overview": matching.bulk_overview(request.user, vacature)},
    )


@login_required
@casework_required
@require_POST
def voordracht_create(request, vacature_id, client_id):
    """Put one of the own clients forward."""
    client = _client(request, client_id)
    vacature = get_object_or_404(Vacature, pk=vacature_id)
    form = VoordrachtForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.voordracht_create(request=request, vacature=vacature, client=client, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is voorgedragen.") % {"name": client.full_name})
    return redirect(reverse("vacatures:vacature-detail", kwargs={"vacature_id": vacature.pk}) + "#voordrachten")


def _voordracht(request, voordracht_id):
    queryset = Voordracht.objects.visible_to(request.user).select_related("client", "client__coach", "vacature", "by")
    voordracht = queryset.filter(pk=voordracht_id).first()
    if voordracht is None:
        raise Http404
    return voordracht


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def voordracht_detail(request, voordracht_id):
    """One voordracht: its history, and the form to record what the employer decided."""
    voordracht = _voordracht(request, voordracht_id)
    allowed = ALLOWED.get(voordracht.status, set())
    form = VoordrachtStatusForm(request.POST or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.voordracht_transition(
                request=request,
                voordracht=voordracht,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De uitkomst is vastgelegd."))
            return redirect("vacatures:voordracht-detail", voordracht_id=voordracht.pk)
    in_scope = Client.objects.visible_to(request.user).filter(pk=voordracht.client_id).exists()
    access_log_write(request=request, client=voordracht.client, action=AccessLog.Action.VIEW)
    return render(
        request,
        "vacatures/voordracht_detail.html",
        {
            "voordracht": voordracht,
            "history": VoordrachtStatusChange.objects.filter(voordracht=voordracht).select_related("by"),
            "form": form if allowed else None,
            "in_scope": in_scope,
            "can_start_work": in_scope
            and voordracht.status == VoordrachtStatus.GEPLAATST
            and voordracht.started_work_on is None,
        },
    )


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def voordracht_start_work(request, voordracht_id):
    """The placed client starts work: this records the outflow (uitstroom)."""
    voordracht = _voordracht(request, voordracht_id)
    if not Client.objects.visible_to(request.user).filter(pk=voordracht.client_id).exists():
        raise Http404
    form = StartWorkForm(request.POST or None, vacature=voordracht.vacature)
    if request.method == "POST" and form.is_valid():
        try:
            services.voordracht_start_work(request=request, voordracht=voordracht, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De uitstroom naar werk is vastgelegd."))
            return redirect("vacatures:voordracht-detail", voordracht_id=voordracht.pk)
    return render(request, "vacatures/start_work_form.html", {"form": form, "voordracht": voordracht})


@login_required
@casework_required
@require_safe
def client_vacatures(request, client_id):
    """Matching vacancies for one client, with the reasons, and the visibility of the profile."""
    client = _client(request, client_id)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    return render(
        request,
        "vacatures/client_vacatures.html",
        {
            "client": client,
            "matches": matching.vacatures_for_client(client),
            "zichtbaarheid": Zichtbaarheid.objects.filter(client=client).first(),
            "voordrachten": list(client.voordrachten.select_related("vacature", "vacature__beroep")),
        },
    )


@login_required
@casework_required
@require_POST
def coach_consent(request, client_id):
    """The coach gives or revokes consent to show the client's profile to other coaches."""
    client = _client(request, client_id)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.zichtbaarheid_set(
            request=request, client=client, party=ConsentParty.COACH, given=form.cleaned_data["given"]
        )
        messages.success(request, _("De keuze over zichtbaarheid is opgeslagen."))
    else:
        messages.error(request, _("Kies of het profiel zichtbaar mag zijn."))
    return redirect("vacatures:client-vacatures", client_id=client.pk)


def client_view(view):
    return login_required(roles_required(Role.CLIENT)(view))


def _own_client(request):
    try:
        return Client.objects.visible_to(request.user).select_related("coach").get()
    except (Client.DoesNotExist, Client.MultipleObjectsReturned):
        raise Http404 from None


@client_view
@require_safe
def portal(request):
    """Mijn re-integratie: vacancies that match, in plain words, and the choice to be findable."""
    client = _own_client(request)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    matches = matching.vacatures_for_client(client)
    return render(
        request,
        "vacatures/portal.html",
        {
            "client": client,
            "fitting": [(v, m) for v, m in matches if not m.blocked],
            "almost": [(v, m) for v, m in matches if m.blocked and m.beroep_past],
            "zichtbaarheid": Zichtbaarheid.objects.filter(client=client).first(),
        },
    )


@client_view
@require_POST
def portal_consent(request):
    client = _own_client(request)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.zichtbaarheid_set(
            request=request, client=client, party=ConsentParty.CLIENT, given=form.cleaned_data["given"]
        )
        messages.success(request, _("Uw keuze is opgeslagen."))
    else:
        messages.error(request, _("Kies ja of nee."))
    return redirect("vacatures:portal")
