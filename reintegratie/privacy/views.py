"""Pages for the change history, inzage (AVG art. 15) and the privacy officer (FG).

Every client-scoped page goes through the access policy (404 outside it) and writes an
access-log row. The FG reaches a client only through a logged consultation with a reason.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from clients.models import Client
from reintegratie.accounts.models import CASEWORK_ROLES, Role, User
from reintegratie.accounts.policy import casework_required, roles_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.storage import file_response

from . import history, services
from .forms import FgSearchForm
from .models import FgRaadpleging, InzageStatus, InzageVerzoek, InzageVia

client_required = roles_required(Role.CLIENT)
fg_required = roles_required(Role.FUNCTIONARIS_GEGEVENSBESCHERMING)
inzage_roles_required = roles_required(Role.CLIENT, *CASEWORK_ROLES)
ROLE_LABELS = dict(Role.choices)
FG_LOG_PAGE_SIZE = 100


def _visible_client(request, client_id):
    return get_object_or_404(Client.objects.visible_to(request.user), pk=client_id)


def _own_client(request):
    try:
        return Client.objects.visible_to(request.user).get()
    except (Client.DoesNotExist, Client.MultipleObjectsReturned):
        raise Http404 from None


# --- Change history -----------------------------------------------------------------------------


@login_required
@casework_required
@require_safe
def client_history(request, client_id):
    """Every change to this client's data, per record: field, old → new, who, when."""
    client = _visible_client(request, client_id)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    records = history.by_record(history.client_changes(client))
    # ?onderdeel=plan:12 shows one record (from the plan, intake or zaak page); ids only, no personal data.
    only = request.GET.get("onderdeel", "")
    if only:
        records = [r for r in records if r.key == only]
    return render(
        request,
        "privacy/client_history.html",
        {"client": client, "records": records, "available": history.history_available(), "only": only},
    )


@login_required
@client_required
@require_safe
def portal_history(request):
    """The client's view of the same history: what changed in their data, by whom, when."""
    client = _own_client(request)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    changes = history.client_changes(client)
    return render(
        request,
        "privacy/portal_history.html",
        {"client": client, "records": history.by_record(changes), "available": history.history_available()},
    )


# --- Inzage -------------------------------------------------------------------------------------


@login_required
@client_required
@require_http_methods(["GET", "POST"])
def portal_gegevens(request):
    """'Mijn gegevens downloaden': ask for the zip, see earlier requests."""
    client = _own_client(request)
    if request.method == "POST":
        verzoek = services.inzage_request(request=request, client=client, via=InzageVia.PORTAAL)
        return redirect("privacy:inzage-detail", verzoek_id=verzoek.pk)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    return render(request, "privacy/portal_gegevens.html", _inzage_context(request, client))


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def staff_inzage(request, client_id):
    """A coach makes the same zip for a request on paper or at the desk."""
    client = _visible_client(request, client_id)
    if request.method == "POST":
        verzoek = services.inzage_request(request=request, client=client, via=InzageVia.PAPIER)
        return redirect("privacy:inzage-detail", verzoek_id=verzoek.pk)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    return render(request, "privacy/staff_inzage.html", _inzage_context(request, client))


def _inzage_context(request, client):
    verzoeken = list(InzageVerzoek.objects.visible_to(request.user).filter(client=client)[:20])
    return {"client": client, "verzoeken": verzoeken}


def _visible_verzoek(request, verzoek_id):
    return get_object_or_404(InzageVerzoek.objects.visible_to(request.user).select_related("client"), pk=verzoek_id)


def _state(verzoek):
    ready = verzoek.status == InzageStatus.KLAAR and bool(verzoek.file)
    return {
        "status": verzoek.status,
        "label": str(verzoek.get_status_display()),
        "percent": 100 if ready else verzoek.percent,
        "download": reverse("privacy:inzage-download", kwargs={"verzoek_id": verzoek.pk}) if ready else "",
    }


@login_required
@inzage_roles_required
@require_safe
def inzage_detail(request, verzoek_id):
    """The request's progress bar; the download link appears when the zip is ready."""
    verzoek = _visible_verzoek(request, verzoek_id)
    return render(request, "privacy/inzage_detail.html", {"verzoek": verzoek, "state": _state(verzoek)})


@login_required
@inzage_roles_required
@require_GET
def inzage_status(request, verzoek_id):
    """The progress as JSON, polled by static/js/inzage_progress.js."""
    return JsonResponse(_state(_visible_verzoek(request, verzoek_id)))


@login_required
@inzage_roles_required
@require_GET
def inzage_download(request, verzoek_id):
    """The zip, for the client or their coach only (404 for anyone else); every download is logged."""
    verzoek = _visible_verzoek(request, verzoek_id)
    if verzoek.status != InzageStatus.KLAAR or not verzoek.file:
        raise Http404
    services.inzage_download_log(request=request, verzoek=verzoek)
    name = f"mijn-gegevens-{verzoek.finished_at:%Y%m%d}.zip"
    return file_response(verzoek.file, filename=name, content_type="application/zip")


# --- Functionaris gegevensbescherming -----------------------------------------------------------


def _named_client(query):
    """The client with this BSN (nine digits) or else this client number; None when there is none."""
    if len(query) == 9:
        client = Client.objects.filter(bsn=query).first()
        if client is not None:
            return client
    if len(query) <= 9:
        return Client.objects.filter(client_number=int(query)).first()
    return None


@login_required
@fg_required
@require_http_methods(["GET", "POST"])
def fg_search(request):
    """Name a client (BSN or client number, in the POST body) and a reason; the look is logged."""
    form = FgSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = _named_client(form.cleaned_data["query"])
        if client is None:
            form.add_error("query", _("Er is geen cliënt met dit BSN of cliëntnummer."))
        else:
            try:
                consult = services.fg_consult(
                    request=request,
                    client=client,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("privacy:fg-result", raadpleging_id=consult.pk)
    recent = FgRaadpleging.objects.filter(user=request.user).select_related("client")[:20]
    return render(request, "privacy/fg_search.html", {"form": form, "recent": recent})


@login_required
@fg_required
@require_safe
def fg_result(request, raadpleging_id):
    """One consultation: the client's access log and which fields changed, by whom, when; no content."""
    consult = get_object_or_404(FgRaadpleging.objects.select_related("client"), pk=raadpleging_id, user=request.user)
    client = consult.client
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    logs = AccessLog.objects.filter(client=client).order_by("-at", "-pk")
    page = Paginator(logs, FG_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    users = {u.pk: u for u in User.objects.filter(pk__in={row.user_id for row in page if row.user_id})}
    rows = [
        {
            "log": row,
            "user": users.get(row.user_id),
            "role": ROLE_LABELS.get(row.role, row.role),
        }
        for row in page
    ]
    changes = history.masked(history.client_changes(client))
    return render(
        request,
        "privacy/fg_result.html",
        {
            "consult": consult,
            "client": client,
            "page": page,
            "rows": rows,
            "records": history.by_record(changes),
            "available": history.history_available(),
        },
    )
