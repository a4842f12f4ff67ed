"""Views of the goals and actions of a plan van aanpak: add, change, remove (after a confirmation), done.

Goals and actions change only while the plan version is a concept. Every edit
carries the plan's lock_version (hidden field ``lock``): a stale page gets 409
and keeps what was typed. Deleting asks first, on its own page, and says which
actions go with a goal.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from clients.forms import add_service_error
from reintegratie.accounts.policy import casework_required

from .. import services
from ..forms_plan import ActieDoneForm, ActieForm, DoelForm, LockedForm
from ..models import Actie, Doel
from ..workflow import ActieStatus
from .plan import _client, _plan, _refuse, _to_plan, _try_edit


def _not_editable(request, client):
    messages.error(request, _("Dit plan kan niet meer worden gewijzigd. Maak een nieuwe versie."))
    return _to_plan(client)


def _doel(plan, doel_id):
    return get_object_or_404(Doel.objects.filter(plan=plan), pk=doel_id)


def _actie(plan, actie_id):
    return get_object_or_404(Actie.objects.filter(doel__plan=plan).select_related("doel"), pk=actie_id)


def _doel_page(request, client, plan, *, doel=None):
    """Add (doel None) or change a goal."""
    if request.method == "GET" and not plan.is_editable:
        return _not_editable(request, client)
    form = DoelForm(request.POST or None, plan=plan, doel=doel)
    conflict_plan = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"leefgebied": data["leefgebied"], "text": data["text"], "due": data["due"]}
        if doel is None:
            edit = partial(services.doel_add, request=request, plan=plan, expected_lock=data["lock"], **fields)
        else:
            edit = partial(services.doel_update, request=request, doel=doel, expected_lock=data["lock"], **fields)
        saved, conflict_plan = _try_edit(request, form, plan, edit)
        if saved is not None:
            if doel is None:
                messages.success(request, _("Het doel is toegevoegd. Voeg er nu een actie aan toe."))
            else:
                messages.success(request, _("Het doel is opgeslagen."))
            return _to_plan(client, f"#doel-{saved.pk}")
    return render(
        request,
        "trajecten/plan_doel_form.html",
        {"client": client, "plan": plan, "form": form, "conflict_plan": conflict_plan, "editing": doel is not None},
        status=409 if conflict_plan is not None else 200,
    )


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def doel_create(request, client_id, plan_id):
    client = _client(request, client_id)
    return _doel_page(request, client, _plan(request, client, plan_id))


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def doel_edit(request, client_id, plan_id, doel_id):
    """Change a goal's text, leefgebied and date while the plan is a concept."""
    client = _client(request, client_id)
    plan = _plan(request, client, plan_id)
    return _doel_page(request, client, plan, doel=_doel(plan, doel_id))


@login_required
@casework_required
@require_POST
def doelen_from_intake(request, client_id, plan_id):
    """Add a goal for each leefgebied the completed intake marked 'work on'."""
    client = _client(request, client_id)
    plan = _plan(request, client, plan_id)
    form = LockedForm(request.POST)
    if not form.is_valid():
        return _refuse(request, client)
    try:
        added = services.doelen_from_intake(request=request, plan=plan, expected_lock=form.cleaned_data["lock"])
    except ValidationError as error:
        return _refuse(request, client, error)
    if added:
        messages.success(
            request,
            ngettext(
                "Er is %(count)s doel uit de intake toegevoegd. Vul samen met de cliënt aan wat tussen [haken] "
                "staat (Wijzigen) en voeg acties toe.",
                "Er zijn %(count)s doelen uit de intake toegevoegd. Vul samen met de cliënt aan wat tussen "
                "[haken] staat (Wijzigen) en voeg acties toe.",
                len(added),
            )
            % {"count": len(added)},
        )
    else:
        messages.warning(
            request, _("Er zijn geen nieuwe doelen uit de intake: alle leefgebieden staan al in het plan.")
        )
    return _to_plan(client, "#doelen")


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def doel_delete(request, client_id, plan_id, doel_id):
    """Ask first; then remove the goal and its actions (a goal with a traject stays)."""
    client = _client(request, client_id)
    plan = _plan(request, client, plan_id)
    doel = _doel(plan, doel_id)
    if request.method == "GET":
        if not plan.is_editable:
            return _not_editable(request, client)
        refusal = _("Dit doel hoort bij een traject en kan daarom niet weg.") if doel.trajecten.exists() else ""
        context = {
            "client": client,
            "plan": plan,
            "heading": _("Doel verwijderen?"),
            "what": _("U verwijdert dit doel uit versie %(v)s van het plan:") % {"v": plan.version},
            "text": doel.text,
            "acties": list(doel.acties.all()),
            "refusal": refusal,
            "anchor": f"#doel-{doel.pk}",
        }
        return render(request, "trajecten/plan_delete_confirm.html", context)
    form = LockedForm(request.POST)
    if not form.is_valid():
        return _refuse(request, client)
    count = doel.acties.count()
    try:
        services.doel_remove(request=request, doel=doel, expected_lock=form.cleaned_data["lock"])
    except ValidationError as error:
        return _refuse(request, client, error)
    if count:
        done = ngettext(
            "Het doel en de actie erbij zijn verwijderd.",
            "Het doel en de %(count)s acties erbij zijn verwijderd.",
            count,
        ) % {"count": count}
    else:
        done = _("Het doel is verwijderd.")
    messages.success(request, done)
    return _to_plan(client, "#doelen")


def _actie_page(request, client, plan, doel, *, actie=None):
    """Add (actie None) or change an action."""
    if request.method == "GET" and not plan.is_editable:
        return _not_editable(request, client)
    form = ActieForm(request.POST or None, plan=plan, actie=actie)
    conflict_plan = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"text": data["text"], "owner": data["owner"], "due": data["due"]}
        if actie is None:
            edit = partial(services.actie_add, request=request, doel=doel, expected_lock=data["lock"], **fields)
        else:
            edit = partial(services.actie_update, request=request, actie=actie, expected_lock=data["lock"], **fields)
        saved, conflict_plan = _try_edit(request, form, plan, edit)
        if saved is not None:
            messages.success(request, _("De actie is toegevoegd.") if actie is None else _("De actie is opgeslagen."))
            return _to_plan(client, f"#doel-{doel.pk}")
    return render(
        request,
        "trajecten/plan_actie_form.html",
        {
            "client": client,
            "plan": plan,
            "doel": doel,
            "form": form,
            "conflict_plan": conflict_plan,
            "editing": actie is not None,
        },
        status=409 if conflict_plan is not None else 200,
    )


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def actie_create(request, client_id, plan_id, doel_id):
    client = _client(request, client_id)
    plan = _plan(request, client, plan_id)
    return _actie_page(request, client, plan, _doel(plan, doel_id))


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def actie_edit(request, client_id, plan_id, actie_id):
    """Change an action's text, owner and date while the plan is a concept."""
    client = _client(request, client_id)
    plan = _plan(request, client, plan_id)
    actie = _actie(plan, actie_id)
    return _actie_page(request, client, plan, actie.doel, actie=actie)


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def actie_delete(request, client_id, plan_id, actie_id):
    """Ask first; then remove the action."""
    client = _client(request, client_id)
    plan = _plan(request, client, plan_id)
    actie = _actie(plan, actie_id)
    if request.method == "GET":
        if not plan.is_editable:
            return _not_editable(request, client)
        context = {
            "client": client,
            "plan": plan,
            "heading": _("Actie verwijderen?"),
            "what": _("U verwijdert deze actie bij het doel '%(goal)s':") % {"goal": actie.doel.text},
            "text": actie.text,
            "acties": [],
            "refusal": "",
            "anchor": f"#doel-{actie.doel_id}",
        }
        return render(request, "trajecten/plan_delete_confirm.html", context)
    form = LockedForm(request.POST)
    if not form.is_valid():
        return _refuse(request, client)
    try:
        services.actie_remove(request=request, actie=actie, expected_lock=form.cleaned_data["lock"])
    except ValidationError as error:
        return _refuse(request, client, error)
    messages.success(request, _("De actie is verwijderd."))
    return _to_plan(client, f"#doel-{actie.doel_id}")


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def actie_done(request, client_id, plan_id, actie_id):
    """Mark an action done, with a short note."""
    client = _client(request, client_id)
    plan = _plan(request, client, plan_id)
    actie = get_object_or_404(Actie.objects.filter(doel__plan=plan).select_related("doel"), pk=actie_id)
    if request.method == "GET" and actie.status != ActieStatus.OPEN:
        messages.error(request, _("Deze actie is al afgerond."))
        return _to_plan(client, f"#doel-{actie.doel_id}")
    form = ActieDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.actie_mark_done(request=request, actie=actie, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De actie staat op gedaan."))
            return _to_plan(client, f"#doel-{actie.doel_id}")
    return render(
        request, "trajecten/plan_actie_done.html", {"client": client, "plan": plan, "actie": actie, "form": form}
    )
