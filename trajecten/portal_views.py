"""Mijn re-integratie: the client's plan (namespace ``portal``, registered from
``trajecten/client_sections.py``).

What the client sees of the plan: the current version only when it was
proposed (voorgelegd) or agreed (akkoord); otherwise the agreed version, if
any. A concept that was never proposed is never shown, not even in part.
Internal notes never reach these templates.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clients.forms import add_service_error
from clients.portal_views import client_view
from clients.portal_views import portal_client as _client
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.documents.models import Brief, BriefKind, BriefStatus

from .models import Actie, Plan
from .portal_forms import ActieDoneForm, AgreeForm, DisagreeForm, InputForm
from .selectors import plan_changes, plan_with_details
from .services import portal as portal_services
from .workflow import ActieStatus, Owner, PlanStatus

PLAN_CHANGED = gettext_lazy("Dit plan is intussen veranderd. Lees de nieuwste versie en kies opnieuw.")


def _plans(request, client):
    """Plans of this client that the client may see, newest version first."""
    return Plan.objects.visible_to(request.user).filter(client=client)


def _shown_filter():
    # The agreed version, or the current version while it is proposed. Never a concept.
    return Q(status=PlanStatus.AKKOORD) | Q(is_current=True, status=PlanStatus.VOORGELEGD)


def shown_plan(request, client, *, details=True):
    """The plan version the client may see, or None.

    The current version is always the highest one, so the newest shown version is:
    the proposed current version if there is one, else the agreed version.
    """
    plans = _plans(request, client).filter(_shown_filter()).order_by("-version")
    if details:
        plans = plan_with_details(plans)
    return plans.first()


def split_acties(acties):
    """The open ones of these actions: the client's own, and those of the other side, by due date."""
    mine, theirs = [], []
    for actie in acties:
        if actie.status == ActieStatus.OPEN:
            (mine if actie.owner == Owner.CLIENT else theirs).append(actie)

    def by_due(actie):
        return (actie.due is None, actie.due, actie.pk)

    return sorted(mine, key=by_due), sorted(theirs, key=by_due)


# What the home page reads of the shown plan: its number and status, not its texts.
_HOME_PLAN_FIELDS = ("client", "version", "status", "is_current")


def shown_plan_row(client_id):
    """:func:`shown_plan` of one client by its id, as far as the home page reads it (for ``client_rows``)."""
    plans = Plan.objects.filter(client_id=client_id).filter(_shown_filter()).order_by("-version")
    return plans.only(*_HOME_PLAN_FIELDS)[:1]


def shown_open_acties(client_id):
    """The open actions of :func:`shown_plan_row`'s version, each with that version as
    ``actie.doel.plan`` (for ``client_rows``)."""
    shown = Plan.objects.filter(client_id=client_id).filter(_shown_filter()).order_by("-version").values("pk")[:1]
    acties = Actie.objects.filter(doel__plan_id=Subquery(shown), status=ActieStatus.OPEN).select_related("doel__plan")
    plan_fields = [f"doel__plan__{name}" for name in _HOME_PLAN_FIELDS]
    own = [field.name for field in Actie._meta.concrete_fields]
    return acties.only(*own, "doel__plan", *plan_fields).order_by()


def _plan_context(request, client):
    """Everything the plan page shows, in a fixed number of queries."""
    plan = shown_plan(request, client)
    current = plan if plan is not None and plan.is_current else _plans(request, client).filter(is_current=True).first()
    agreed = None
    if plan is not None and plan.status == PlanStatus.VOORGELEGD:
        agreed = plan_with_details(_plans(request, client).filter(status=PlanStatus.AKKOORD)).first()
    pdf = (
        Brief.objects.visible_to(request.user)
        .filter(client=client, kind=BriefKind.PLAN_VAN_AANPAK, status=BriefStatus.KLAAR)
        .order_by("-created_at")
        .first()
    )
    # Only facts about the current version when it is not shown: never its content.
    being_changed = current is not None and current.status == PlanStatus.CONCEPT
    return {
        "client": client,
        "plan": plan,
        "doelen": [
            {
                "doel": doel,
                "mijn_acties": [a for a in doel.acties.all() if a.owner == Owner.CLIENT],
                "andere_acties": [a for a in doel.acties.all() if a.owner != Owner.CLIENT],
            }
            for doel in (plan.doelen.all() if plan is not None else [])
        ],
        "agreed": agreed,
        "changes": plan_changes(plan, agreed) if agreed is not None else None,
        "proposed": plan is not None and plan.status == PlanStatus.VOORGELEGD,
        "being_changed": being_changed,
        "sent_back": being_changed and current.proposed_at is not None,
        "can_add_input": current is not None and current.status in (PlanStatus.CONCEPT, PlanStatus.VOORGELEGD),
        "can_mark_done": plan is not None and plan.is_current,
        "pdf": pdf,
        "today": timezone.localdate(),
        "_current": current,
    }


def _matches(form, plan):
    """The page the client acted on showed exactly this version of the plan."""
    data = form.cleaned_data
    return plan is not None and (data["version"], data["lock"]) == (plan.version, plan.lock_version)


def _proposed_as_seen(form, plan):
    return _matches(form, plan) and plan.status == PlanStatus.VOORGELEGD


def _keep_with_current_version(form, plan):
    """After a refusal because the plan changed, keep what was typed; the next try is about the plan as it is now."""
    form.data = form.data.copy()
    if plan is not None:
        form.data["version"], form.data["lock"] = plan.version, plan.lock_version


@client_view
@require_http_methods(["GET", "POST"])
def plan(request):
    """My plan: goals and actions of both sides; agree, disagree, or add my own words."""
    client = _client(request)
    context = _plan_context(request, client)
    current = context.pop("_current")
    forms = {
        "agree_form": AgreeForm(plan=current),
        "disagree_form": DisagreeForm(plan=current, auto_id="oneens_%s"),
        "input_form": InputForm(auto_id="inbreng_%s"),
    }
    status = 200
    if request.method == "POST":
        which = request.POST.get("form", "")
        if which == "akkoord":
            return _agree(request, client, current)
        if which == "oneens":
            response, forms["disagree_form"], status = _disagree(request, client, current)
        elif which == "inbreng":
            response, forms["input_form"] = _add_input(request, client, current)
        else:
            messages.error(request, _("Kies wat u wilt doen."))
            response = redirect("portal:plan")
        if response is not None:
            return response
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    return render(request, "portal/plan.html", {**context, **forms}, status=status)


def _disagree(request, client, current):
    """'Ik ben het niet eens': the reason goes to the coach; only about the version the client read."""
    form = DisagreeForm(request.POST, auto_id="oneens_%s")
    valid = form.is_valid()
    if "version" in form.errors or "lock" in form.errors or (valid and not _proposed_as_seen(form, current)):
        form.add_error(None, PLAN_CHANGED)
        _keep_with_current_version(form, current)
        return None, form, 409
    if not valid:
        return None, form, 200
    try:
        portal_services.plan_client_disagree(
            request=request, client=client, plan=current, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        add_service_error(form, error)
        return None, form, 200
    messages.success(
        request,
        _("Dank u. Uw werkcoach leest wat u anders wilt en past het plan aan. Daarna ziet u hier de nieuwe versie."),
    )
    return redirect("portal:plan"), form, 200


def _add_input(request, client, current):
    """Eigen inbreng: the client's own words, added to the plan being prepared."""
    form = InputForm(request.POST, auto_id="inbreng_%s")
    if not form.is_valid():
        return None, form
    if current is None or current.status not in (PlanStatus.CONCEPT, PlanStatus.VOORGELEGD):
        # The form is not on the page then: say so on the page the client returns to.
        messages.error(request, _("U kunt nu niets toevoegen aan uw plan. Bel of mail uw werkcoach."))
        return redirect("portal:plan"), form
    try:
        portal_services.plan_client_input(request=request, client=client, plan=current, text=form.cleaned_data["text"])
    except ValidationError as error:
        add_service_error(form, error)
        return None, form
    messages.success(request, _("Dank u. Uw inbreng is bewaard. Uw werkcoach leest het."))
    return redirect("portal:plan"), form


def _agree(request, client, current):
    """'Ik ga akkoord met versie N': only with the version and lock the client read."""
    form = AgreeForm(request.POST)
    if not form.is_valid() or not _matches(form, current):
        messages.error(request, PLAN_CHANGED)
        return redirect("portal:plan")
    try:
        portal_services.plan_client_agree(
            request=request,
            client=client,
            plan=current,
            version=form.cleaned_data["version"],
            expected_lock=form.cleaned_data["lock"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:plan")
    messages.success(
        request,
        _(
            "U bent akkoord met versie %(version)s van uw plan. "
            "U krijgt het plan ook als brief. Die staat zo bij Mijn brieven."
        )
        % {"version": current.version},
    )
    return redirect("portal:plan")


@client_view
@require_http_methods(["GET", "POST"])
def actie_done(request, actie_id):
    """Say that one of my own actions is done, with a short note if I want."""
    client = _client(request)
    plan = shown_plan(request, client, details=False)
    actie = get_object_or_404(
        Actie.objects.select_related("doel__plan"),
        pk=actie_id,
        owner=Owner.CLIENT,
        doel__plan__client=client,
        doel__plan_id=plan.pk if plan is not None else None,
    )
    # Say why it cannot be done now, on the page itself: the link is not offered then either.
    blocked = None
    if not plan.is_current:
        blocked = _(
            "Uw werkcoach maakt nu een nieuwe versie van uw plan. "
            "Daarom kunt u dit nu niet melden. Bel of mail uw werkcoach."
        )
    elif actie.status != ActieStatus.OPEN:
        blocked = _("Deze actie is al klaar.")
    form = ActieDoneForm(request.POST or None)
    if request.method == "POST" and blocked is None and form.is_valid():
        try:
            portal_services.actie_client_done(
                request=request, client=client, actie=actie, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Goed gedaan! De actie staat nu op klaar. Uw werkcoach ziet dat."))
            return redirect("portal:plan")
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    return render(
        request, "portal/actie_done.html", {"client": client, "actie": actie, "form": form, "blocked": blocked}
    )
