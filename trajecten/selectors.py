"""Reads for plans and trajecten: the current plan, what changed, suggestions, reminders."""

from datetime import timedelta

from django.db.models import OuterRef, Prefetch, Q
from django.utils import timezone

from clients.compiled import client_rows
from clients.compiled_batch import later
from reintegratie.dates import datum
from reintegratie.expressions import RowExists

from .models import Actie, Doel, Instrument, Plan, Traject, Uitstroom
from .workflow import TRAJECT_RUNNING, ActieStatus, PlanStatus


def provider_client_ids(aanbieder_id):
    """The clients a provider organisation works with: a running traject there (the access policy's
    aanbieder rule, registered in ``TrajectenConfig.ready``)."""
    return Traject.objects.filter(aanbieder_id=aanbieder_id, status__in=TRAJECT_RUNNING).values("client_id")


def plan_with_details(queryset):
    """A plan with its goals and actions, in a fixed number of queries."""
    return queryset.select_related("client", "client__coach", "based_on").prefetch_related(
        Prefetch("doelen", queryset=Doel.objects.prefetch_related(Prefetch("acties", queryset=Actie.objects.all()))),
        "history__by",
    )


def current_plan(client):
    return plan_with_details(Plan.objects.filter(client=client, is_current=True)).first()


def agreed_plan(client):
    """The version the client agreed to, which stays the agreement while a newer version is drafted."""
    return plan_with_details(Plan.objects.filter(client=client, status=PlanStatus.AKKOORD)).first()


def plan_changes(plan, agreed):
    """What changed in plan since the agreed version, goal by goal and action by action.

    Returns a list of (kind, text) where kind is toegevoegd / verwijderd / gewijzigd.
    """
    if agreed is None or agreed.pk == plan.pk:
        return []
    before = {d.key: d for d in agreed.doelen.all()}
    after = {d.key: d for d in plan.doelen.all()}
    changes = []
    for key, doel in after.items():
        if key not in before:
            changes.append(("toegevoegd", f"Doel: {doel.text}"))
            continue
        old = before[key]
        if (old.text, old.due, old.leefgebied) != (doel.text, doel.due, doel.leefgebied):
            changes.append(("gewijzigd", f"Doel: {old.text} → {doel.text}"))
        old_actions = {a.key: a for a in old.acties.all()}
        new_actions = {a.key: a for a in doel.acties.all()}
        for akey, actie in new_actions.items():
            if akey not in old_actions:
                changes.append(("toegevoegd", f"Actie: {actie.text} ({actie.get_owner_display()})"))
            elif (old_actions[akey].text, old_actions[akey].owner, old_actions[akey].due) != (
                actie.text,
                actie.owner,
                actie.due,
            ):
                changes.append(("gewijzigd", f"Actie: {_describe(old_actions[akey])} → {_describe(actie)}"))
        for akey, actie in old_actions.items():
            if akey not in new_actions:
                changes.append(("verwijderd", f"Actie: {actie.text}"))
    for key, doel in before.items():
        if key not in after:
            changes.append(("verwijderd", f"Doel: {doel.text}"))
    return changes


def _describe(actie):
    due = f", {datum(actie.due)}" if actie.due else ""
    return f"{actie.text} ({actie.get_owner_display()}{due})"


def earlier_in_category(client, category):
    """The client's earlier or running trajecten of the same kind of instrument."""
    return (
        Traject.objects.filter(client=client, instrument__category=category)
        .select_related("instrument")
        .order_by("started_on", "created_at")
    )


def suggested_instruments(client):
    """Active instruments whose category matches a leefgebied the intake marked 'work on'.

    Each comes with the client's earlier trajecten of that kind, so a repeat is visible at once.
    """
    from intake.selectors import latest_completed_intake

    intake = latest_completed_intake(client)
    domains = [s.leefgebied for s in intake.scores.all() if s.work_on] if intake else []
    instruments = list(Instrument.objects.filter(active=True, category__in=domains).select_related("aanbieder"))
    earlier = {}
    for traject in Traject.objects.filter(client=client).select_related("instrument"):
        earlier.setdefault(traject.instrument.category, []).append(traject)
    return [{"instrument": i, "earlier": earlier.get(i.category, [])} for i in instruments]


def overdue_filters(today=None):
    """Q objects for the caseload: evaluation overdue, open actions overdue, follow-up due."""
    today = today or timezone.localdate()
    return {
        "evaluation": Q(plans__is_current=True, plans__evaluate_on__lt=today),
        "actions": Q(
            plans__is_current=True,
            plans__doelen__acties__status=ActieStatus.OPEN,
            plans__doelen__acties__due__lt=today,
        ),
    }


def caseload_plan_annotate(clients, today):
    """The caseload's plan signals: evaluation date passed, open actions past their date (one query)."""
    actions_overdue = Actie.objects.filter(
        doel__plan__client=OuterRef("pk"), doel__plan__is_current=True, status=ActieStatus.OPEN, due__lt=today
    )
    # Probed per row shown (the current plan is at most one row per client, by a partial unique index):
    # a scalar subquery, never a hashed pass over every plan, and no join, so the caseload's
    # annotations can be compiled once (``reintegratie.expressions.compiled_annotations``).
    evaluation_overdue = Plan.objects.filter(client=OuterRef("pk"), is_current=True, evaluate_on__lt=today)
    return clients.annotate(
        evaluation_overdue=RowExists(evaluation_overdue),
        actions_overdue=RowExists(actions_overdue),
    )


def caseload_followup_annotate(clients, today):
    """The caseload's outflow signal: the 6- or 12-month question is due (from two weeks before)."""
    soon = today + timedelta(days=14)
    followup_due = Uitstroom.objects.filter(client=OuterRef("pk")).filter(
        Q(followup_6="", on__lte=soon - timedelta(days=183)) | Q(followup_12="", on__lte=soon - timedelta(days=365))
    )
    return clients.annotate(followup_due=RowExists(followup_due))


def followups_due(clients, today=None):
    """Outflow records whose 6- or 12-month question is due (from two weeks before)."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=14)
    return Uitstroom.objects.filter(client__in=clients).filter(
        Q(followup_6="", on__lte=soon - timedelta(days=183)) | Q(followup_12="", on__lte=soon - timedelta(days=365))
    )


def _plan_summary(client_id, today):
    from django.db.models import Count

    open_ = Q(doelen__acties__status=ActieStatus.OPEN)
    # ``.first()`` of a grouped query orders by the key: the same SQL.
    return (
        Plan.objects.filter(client_id=client_id, is_current=True)
        .only("version", "status", "evaluate_on")
        .annotate(
            open_count=Count("doelen__acties", filter=open_),
            overdue_count=Count("doelen__acties", filter=open_ & Q(doelen__acties__due__lt=today)),
        )
        .order_by("pk")[:1]
    )


def plan_summary(client):
    """The current plan with its open and overdue action counts, for the client file (one query,
    compiled once per process and day: ``client_rows``). A lazy value: the plan is read with the file's
    other lists (``clients.compiled_batch``) and summed up when the page first shows it."""
    today = timezone.localdate()
    plans = client_rows(("file.plan_summary", today), lambda pk: _plan_summary(pk, today), client)
    return later(lambda: _summary(plans, today))


def _summary(plans, today):
    plan = plans[0] if plans else None
    if plan is None:
        return None
    return {
        "plan": plan,
        "evaluation_overdue": bool(plan.evaluate_on and plan.evaluate_on < today),
        "open": plan.open_count,
        "overdue": plan.overdue_count,
    }
