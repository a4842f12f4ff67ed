"""The plan KPIs (plans proposed and agreed in a period, open actions past their date) in one pass.

Both read the team's plans: the plan versions proposed since the period began (for the first
proposal and the agreement) and the current plans (for their open actions). One query reads those
plans once, with each current plan's open actions past their date joined on (a row per action),
and the first proposal looked up once per plan, in the select list. Two queries each probed the
team's clients in the plans table (at 40,000 clients each probe lands on its own page, the same
pages twice). Exact definitions: ``docs/kpi.md``.
"""

from datetime import timedelta

from django.db.models import Case, F, FilteredRelation, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from trajecten.models import Plan, PlanStatusChange
from trajecten.workflow import ActieStatus, PlanStatus

from . import statements
from .kpi import _days, _in_scope, _median_days, share


def _plan_rows(clients, period, today):
    first = PlanStatusChange.objects.filter(plan=OuterRef("pk"), to_status=PlanStatus.VOORGELEGD)
    first_proposed_at = Coalesce(Subquery(first.order_by("at").values("at")[:1]), F("proposed_at"))
    # proposed_at is the latest proposal, never before the first: a cheap first cut.
    proposed_since = Q(proposed_at__gte=period.start_at)
    overdue = Q(doelen__acties__status=ActieStatus.OPEN, doelen__acties__due__lt=today)
    return (
        _in_scope(Plan.objects.filter(proposed_since | Q(is_current=True)), clients)
        .annotate(
            overdue=FilteredRelation("doelen__acties", condition=overdue),
            # Looked up only for the plans proposed since the period began (CASE evaluates it there).
            first=Case(When(proposed_since, then=first_proposed_at)),
        )
        .order_by()
        .values_list("pk", "is_current", "first", "agreed_at", "overdue__owner")
    )


def plan_figures(clients, period, *, today=None):
    """Return (plans, actions): what ``kpi.plans_agreed`` and ``kpi.actions_overdue`` return, from one query."""
    today = today or timezone.localdate()
    key = ("reports.plans", period.start, period.end, today)
    rows = statements.rows(key, clients, lambda: _plan_rows(clients, period, today))
    start, end = period.start_at, period.end_before
    plans, by_owner, late_plans = {}, {}, set()
    for pk, is_current, first, agreed_at, owner in rows:
        if first is not None and start <= first < end:
            plans[pk] = (first, agreed_at)  # once per plan, however many actions came with it
        if is_current and owner is not None:
            by_owner[owner] = by_owner.get(owner, 0) + 1
            late_plans.add(pk)  # one current plan per client: its plans count its clients
    # The mean is that of the exact waits (as the database's AVG gives it, to the microsecond).
    waits = [agreed_at - first for first, agreed_at in plans.values() if agreed_at is not None]
    agreed = {
        "proposed": len(plans),
        "agreed": len(waits),
        "share": share(len(waits), len(plans)),
        "avg_days": _days(sum(waits, timedelta()) / len(waits)) if waits else None,
        "median_days": _median_days(waits),
    }
    actions = {"actions": sum(by_owner.values()), "clients": len(late_plans), "by_owner": by_owner}
    return agreed, actions
