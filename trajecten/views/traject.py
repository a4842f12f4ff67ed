"""Views for trajecten, progress reports and outflow: thin; they parse input, call one service, render.

The coach and teamleider reach a traject through the client; a provider's
user reaches only its own running trajecten (``Traject.objects.visible_to``).
Everything outside the policy answers 404, and so does a service's
PermissionDenied: a refusal never tells whether the traject exists.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from clients.forms import add_service_error
from clients.models import Client
from intake.selectors import latest_completed_intake
from intake.workflow import HEALTH_DOMAINS
from reintegratie.accounts.models import Role
from reintegratie.accounts.policy import casework_required, roles_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write

from .. import selectors, services
from ..forms_traject import (
    FollowUpForm,
    ReportForm,
    TrajectCloseForm,
    TrajectForm,
    TrajectStartForm,
    UitstroomForm,
)
from ..models import Doel, Instrument, Traject, TrajectStatusChange, Uitstroom, Voortgangsrapportage
from ..workflow import TRAJECT_ALLOWED, TrajectStatus

traject_roles_required = roles_required(Role.WERKCOACH, Role.TEAMLEIDER, Role.AANBIEDER)

# The transitions a page may ask for; "aangemeld" is where every traject begins.
STATUS_TARGETS = (TrajectStatus.LOPEND, TrajectStatus.AFGEROND, TrajectStatus.VOORTIJDIG_BEEINDIGD)


def _client(request, client_id):
    return get_object_or_404(Client.objects.visible_to(request.user), pk=client_id)


def _traject(request, traject_id):
    queryset = Traject.objects.visible_to(request.user).select_related(
        "client", "client__coach", "instrument", "aanbieder", "doel"
    )
    return get_object_or_404(queryset, pk=traject_id)


def _log_denied(request, traject_id):
    """Log an attempt to open a traject outside the policy, as for a client file."""
    traject = Traject.objects.select_related("client").filter(pk=traject_id).first()
    if traject is not None:
        access_log_write(
            request=request, client=traject.client, action=AccessLog.Action.VIEW, result=AccessLog.Result.DENIED
        )


def _after_change(request, traject):
    """Where to go once a traject changed: its page, unless this user can no longer see it."""
    if Traject.objects.visible_to(request.user).filter(pk=traject.pk).exists():
        return redirect("trajecten:traject-detail", traject_id=traject.pk)
    return redirect("aanbieder-home" if request.user.role == Role.AANBIEDER else "clients:caseload")


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def traject_create(request, client_id):
    """Register the client for an instrument: suggestions from the intake first, repeats flagged."""
    client = _client(request, client_id)
    plan = selectors.current_plan(client)
    suggestions = [
        {**s, "warning": services.repeat_warning(s["earlier"]) if s["earlier"] else ""}
        for s in selectors.suggested_instruments(client)
    ]
    suggested = [s["instrument"] for s in suggestions]
    others = list(
        Instrument.objects.filter(active=True).exclude(pk__in=[i.pk for i in suggested]).select_related("aanbieder")
    )
    chosen = request.GET.get("instrument", "")
    initial = {}
    if chosen.isdigit():
        initial["instrument"] = int(chosen)
        # Preselect the goal on the instrument's leefgebied, when the plan has one.
        tool = next((i for i in [*suggested, *others] if i.pk == int(chosen)), None)
        goal = next((d for d in plan.doelen.all() if tool and d.leefgebied == tool.category), None) if plan else None
        if goal is not None:
            initial["doel"] = goal.pk
    form = TrajectForm(
        request.POST or None,
        instruments=(suggested, others),
        doelen=plan.doelen.all() if plan else Doel.objects.none(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            traject = services.traject_start(request=request, client=client, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De cliënt is aangemeld voor het traject."))
            return redirect("trajecten:traject-detail", traject_id=traject.pk)
    return render(
        request,
        "trajecten/traject_form.html",
        {
            "client": client,
            "plan": plan,
            "has_goals": bool(plan and plan.doelen.all()),
            "suggestions": suggestions,
            "others": others,
            "form": form,
        },
    )


@login_required
@traject_roles_required
@require_safe
def traject_detail(request, traject_id):
    """One traject: what, why, how it goes. A provider sees the client's name and nothing else of the file."""
    queryset = (
        Traject.objects.visible_to(request.user)
        .select_related("client", "client__coach", "instrument", "aanbieder", "doel")
        .prefetch_related(
            Prefetch("history", queryset=TrajectStatusChange.objects.select_related("by")),
            Prefetch("reports", queryset=Voortgangsrapportage.objects.select_related("author")),
        )
    )
    traject = queryset.filter(pk=traject_id).first()
    if traject is None:
        _log_denied(request, traject_id)
        raise Http404
    access_log_write(request=request, client=traject.client, action=AccessLog.Action.VIEW)
    allowed = TRAJECT_ALLOWED[traject.status]
    return render(
        request,
        "trajecten/traject_detail.html",
        {
            "traject": traject,
            "client": traject.client,
            "is_provider": request.user.role == Role.AANBIEDER,
            "history": list(traject.history.all()),
            "reports": list(traject.reports.all()),
            "can_start": TrajectStatus.LOPEND in allowed,
            "can_close": TrajectStatus.AFGEROND in allowed,
            "can_end_early": TrajectStatus.VOORTIJDIG_BEEINDIGD in allowed,
            "can_report": traject.status == TrajectStatus.LOPEND,
            "start_form": TrajectStartForm(traject=traject),
            "planned_later": traject.started_on is not None and traject.started_on > timezone.localdate(),
            # What is known already, so the provider does not ask again; never health information.
            "intake": latest_completed_intake(traject.client),
            "hide_health": request.user.role == Role.AANBIEDER,
            "health_domains": sorted(HEALTH_DOMAINS),
        },
    )


@login_required
@traject_roles_required
@require_http_methods(["GET", "POST"])
def traject_status(request, traject_id):
    """Start, close or end a traject early (``?to=``); closing needs the end report."""
    traject = _traject(request, traject_id)
    to_status = request.GET.get("to", "")
    if to_status not in STATUS_TARGETS:
        raise Http404
    if request.method == "GET" and to_status not in TRAJECT_ALLOWED[traject.status]:
        messages.error(
            request,
            _("Een traject met status '%(from)s' kan niet naar '%(to)s'.")
            % {"from": traject.get_status_display(), "to": TrajectStatus(to_status).label},
        )
        return redirect("trajecten:traject-detail", traject_id=traject.pk)
    if to_status == TrajectStatus.LOPEND:
        form = TrajectStartForm(request.POST or None, traject=traject)
    else:
        form = TrajectCloseForm(
            request.POST or None,
            early=to_status == TrajectStatus.VOORTIJDIG_BEEINDIGD,
            initial={"ended_on": timezone.localdate()},
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.traject_transition(request=request, traject=traject, to_status=to_status, **form.cleaned_data)
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("De status van het traject is nu: %(s)s.") % {"s": TrajectStatus(to_status).label}
            )
            return _after_change(request, traject)
    return render(
        request,
        "trajecten/traject_status_form.html",
        {"traject": traject, "client": traject.client, "form": form, "to_status": to_status},
    )


@login_required
@traject_roles_required
@require_http_methods(["GET", "POST"])
def report_create(request, traject_id):
    """Write a progress report on a running traject (provider or coach)."""
    traject = _traject(request, traject_id)
    last = traject.reports.order_by("-period_end").values_list("period_end", flat=True).first()
    today = timezone.localdate()
    start = last + timedelta(days=1) if last else traject.started_on or traject.created_at.date()
    form = ReportForm(request.POST or None, initial={"period_start": min(start, today), "period_end": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_add(request=request, traject=traject, **form.cleaned_data)
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De voortgangsrapportage is opgeslagen."))
            return redirect(reverse("trajecten:traject-detail", kwargs={"traject_id": traject.pk}) + "#rapportages")
    return render(
        request, "trajecten/traject_report_form.html", {"traject": traject, "client": traject.client, "form": form}
    )


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def uitstroom_create(request, client_id):
    """Record that the client left the benefit (work, education, other)."""
    client = _client(request, client_id)
    trajecten = Traject.objects.visible_to(request.user).filter(client=client).select_related("instrument")
    form = UitstroomForm(request.POST or None, trajecten=trajecten)
    if request.method == "POST" and form.is_valid():
        try:
            services.uitstroom_register(request=request, client=client, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("De uitstroom is vastgelegd. U krijgt na 6 en na 12 maanden een herinnering om na te vragen."),
            )
            return redirect("clients:client-detail", client_id=client.pk)
    return render(request, "trajecten/uitstroom_form.html", {"client": client, "form": form})


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def uitstroom_followup(request, client_id, uitstroom_id, months):
    """Ask 6 or 12 months after outflow: is the client still off benefit?"""
    if months not in (6, 12):
        raise Http404
    client = _client(request, client_id)
    uitstroom = get_object_or_404(
        Uitstroom.objects.visible_to(request.user).select_related("traject__instrument"), pk=uitstroom_id, client=client
    )
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.uitstroom_followup(
                request=request, uitstroom=uitstroom, months=months, result=form.cleaned_data["result"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het antwoord is vastgelegd."))
            return redirect("clients:client-detail", client_id=client.pk)
    return render(
        request,
        "trajecten/uitstroom_followup_form.html",
        {
            "client": client,
            "uitstroom": uitstroom,
            "months": months,
            "recorded": getattr(uitstroom, f"get_followup_{months}_display")(),
            "form": form,
        },
    )
