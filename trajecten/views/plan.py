"""Views of the plan van aanpak (coach side): thin; they parse input, call one service, render.

Every object is fetched through the access policy (``visible_to``); goals and
actions only through their plan, so whatever falls outside the policy answers 404.
Edits carry the plan's lock_version (hidden field ``lock``); a stale page gets 409.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients.forms import add_service_error, conflict_rows
from clients.models import Client
from clients.services import EditConflict
from intake.models import Intake
from intake.workflow import IntakeStatus
from reintegratie.accounts.policy import casework_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.documents.plain_language import check

from .. import plan_rows, services
from ..forms_plan import STATUS_FORMS, PlanForm
from ..models import Plan
from ..selectors import plan_changes, plan_with_details
from ..workflow import PLAN_ALLOWED, Owner, PlanStatus

STALE_PAGE = gettext_lazy(
    "Iemand anders heeft het plan gewijzigd terwijl u bezig was. Er is niets opgeslagen. "
    "Bekijk het plan zoals het nu is en probeer het daarna opnieuw."
)
STATUS_DONE = {
    PlanStatus.VOORGELEGD: gettext_lazy("Het plan is voorgelegd aan de cliënt."),
    PlanStatus.AKKOORD: gettext_lazy("Het akkoord is vastgelegd. De cliënt krijgt het plan per brief."),
    PlanStatus.CONCEPT: gettext_lazy("Het plan is terug naar concept. U kunt het nu aanpassen."),
}


def _client(request, client_id):
    return get_object_or_404(Client.objects.visible_to(request.user), pk=client_id)


def _plan(request, client, plan_id):
    return get_object_or_404(Plan.objects.visible_to(request.user), pk=plan_id, client=client)


def _to_plan(client, anchor=""):
    return redirect(reverse("trajecten:plan-detail", kwargs={"client_id": client.pk}) + anchor)


def _refuse(request, client, error=None):
    """Answer a refused button-only POST (no error: a page without its lock): the message on the plan page."""
    stale = error is None or isinstance(error, EditConflict)
    messages.error(request, STALE_PAGE if stale else " ".join(error.messages))
    return _to_plan(client)


def _keep_input_with_current_lock(form, plan):
    """After a conflict, keep what was typed; the next save is measured against what is stored now."""
    form.data = form.data.copy()
    form.data[form.add_prefix("lock")] = plan.lock_version


def _plan_now(request, plan):
    """The plan as stored now, with goals and actions (shown after an edit conflict)."""
    return plan_with_details(Plan.objects.visible_to(request.user).filter(pk=plan.pk)).get()


def _try_edit(request, form, plan, edit):
    """Run one plan edit; on a stale page keep the input and return the plan as stored now.

    Returns (result, conflict_plan): result is None when the edit was refused.
    """
    try:
        return edit(), None
    except EditConflict as error:
        add_service_error(form, error)
        _keep_input_with_current_lock(form, error.current)
        return None, _plan_now(request, plan)
    except ValidationError as error:
        add_service_error(form, error)
        return None, None


def _plan_readability(plan):
    """Plain-language check of everything the coach wrote in the plan; None when it reads well."""
    parts = [plan.client_input]
    for doel in plan.doelen.all():
        parts.append(doel.text)
        parts.extend(actie.text for actie in doel.acties.all())
    text = "\n\n".join(p.strip().rstrip(".") + "." for p in parts if p and p.strip())
    if not text:
        return None
    result = check(text)
    return result if result.suggestions() else None


def _render_plan_page(request, client, *, bound=None, status=200):
    """The plan page: the current version, what changed since the agreed one, and what can be done next.

    A constant number of queries, however many goals and actions the plan has.
    """
    # The client was found through the access policy: its plans are read by its id (``plan_rows``).
    plan, agreed = plan_rows.current_and_agreed(client)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    today = timezone.localdate()
    context = {"client": client, "plan": plan, "today": today}
    if plan is None:
        return render(request, "trajecten/plan_detail.html", context, status=status)
    # The workflow table decides which status forms the page offers.
    wanted = [to for to in STATUS_FORMS if to in PLAN_ALLOWED[plan.status]] if plan.is_current else []
    status_forms = {}
    for to in wanted:
        form_class, auto_id = STATUS_FORMS[to]
        status_forms[to] = (bound or {}).get(to) or form_class(plan=plan, auto_id=auto_id)
    for to, form in (bound or {}).items():
        if to not in wanted:
            # The plan moved on meanwhile; the form is gone from the page, its message is not.
            messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    context.update(
        {
            "doelen": [
                {
                    "doel": doel,
                    "client_acties": [a for a in doel.acties.all() if a.owner == Owner.CLIENT],
                    "other_acties": [a for a in doel.acties.all() if a.owner != Owner.CLIENT],
                }
                for doel in plan.doelen.all()
            ],
            "history": list(plan.history.all()),
            "agreed": agreed,
            "changes": plan_changes(plan, agreed) if agreed is not None and agreed.pk != plan.pk else None,
            "evaluation_overdue": plan.evaluate_on is not None and plan.evaluate_on < today,
            "can_mark_done": plan.status in (PlanStatus.CONCEPT, PlanStatus.AKKOORD),
            "propose_form": status_forms.get(PlanStatus.VOORGELEGD),
            "agreement_form": status_forms.get(PlanStatus.AKKOORD),
            "back_form": status_forms.get(PlanStatus.CONCEPT),
            "has_intake": plan.is_editable
            and Intake.objects.filter(client=client, status=IntakeStatus.AFGEROND).exists(),
            # The coach's own words go to the client in the plan letter: checked before it is proposed.
            "readability": _plan_readability(plan) if plan.status == PlanStatus.CONCEPT else None,
        }
    )
    return render(request, "trajecten/plan_detail.html", context, status=status)


@login_required
@casework_required
@require_safe
def plan_detail(request, client_id):
    """The client's current plan van aanpak, or the offer to make one."""
    return _render_plan_page(request, _client(request, client_id))


@login_required
@casework_required
@require_POST
def plan_create(request, client_id):
    client = _client(request, client_id)
    try:
        services.plan_create(request=request, client=client)
    except ValidationError as error:
        return _refuse(request, client, error)
    messages.success(request, _("Het plan van aanpak is gemaakt. Voeg nu de doelen toe."))
    return _to_plan(client)


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, client_id, plan_id):
    """Change the evaluation date and the client's own input of a concept plan."""
    client = _client(request, client_id)
    plan = _plan(request, client, plan_id)
    if request.method == "GET" and not plan.is_editable:
        messages.error(request, _("Dit plan kan niet meer worden gewijzigd. Maak een nieuwe versie."))
        return _to_plan(client)
    form = PlanForm(request.POST or None, plan=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_update(
                request=request,
                plan=plan,
                expected_lock=data["lock"],
                evaluate_on=data["evaluate_on"],
                client_input=data["client_input"],
            )
        except EditConflict as error:
            conflict = conflict_rows(form, error.current, ("evaluate_on", "client_input"))
            add_service_error(form, error)
            _keep_input_with_current_lock(form, error.current)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het plan is opgeslagen."))
            return _to_plan(client)
    return render(
        request,
        "trajecten/plan_form.html",
        {"client": client, "plan": plan, "form": form, "conflict": conflict},
        status=409 if conflict is not None else 200,
    )


@login_required
@casework_required
@require_POST
def plan_status(request, client_id, plan_id):
    """Propose the plan, record the client's agreement (on paper), or send it back to concept."""
    client = _client(request, client_id)
    plan = _plan(request, client, plan_id)
    to = request.POST.get("to", "")
    if to not in STATUS_FORMS:
        messages.error(request, _("Kies wat er met het plan moet gebeuren."))
        return _to_plan(client)
    form_class, auto_id = STATUS_FORMS[to]
    form = form_class(request.POST, auto_id=auto_id)
    valid = form.is_valid()
    stale = "lock" in form.errors
    if stale:
        form.add_error(None, STALE_PAGE)
        _keep_input_with_current_lock(form, plan)
    elif valid:
        data = form.cleaned_data
        try:
            services.plan_transition(
                request=request,
                plan=plan,
                to_status=to,
                note=data.get("note", ""),
                agreed_how=data.get("agreed_how", ""),
                client_input=data.get("client_input"),
                expected_lock=data["lock"],
            )
        except EditConflict:
            stale = True
            form.add_error(None, STALE_PAGE)
            _keep_input_with_current_lock(form, Plan.objects.get(pk=plan.pk))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, STATUS_DONE[to])
            return _to_plan(client)
    if to == PlanStatus.VOORGELEGD:
        # A button without input: nothing to keep, so the message goes to the plan page.
        messages.error(request, " ".join(form.non_field_errors()))
        return _to_plan(client, "#status")
    return _render_plan_page(request, client, bound={to: form}, status=409 if stale else 200)


@login_required
@casework_required
@require_POST
def plan_version(request, client_id, plan_id):
    """Start a new concept version of the agreed plan."""
    client = _client(request, client_id)
    plan = _plan(request, client, plan_id)
    try:
        new = services.plan_new_version(request=request, plan=plan)
    except ValidationError as error:
        return _refuse(request, client, error)
    messages.success(
        request,
        _("Versie %(new)s is gemaakt. Versie %(old)s blijft de afspraak tot de cliënt akkoord gaat met de nieuwe.")
        % {"new": new.version, "old": plan.version},
    )
    return _to_plan(client)
