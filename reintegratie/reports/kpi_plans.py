"""The plan KPIs (plans proposed and agreed in a period, open actions past their date) in one statement.

Both read the team's plans: the plan versions proposed since the period began (for the first
proposal and the agreement) and the current plans (for their open actions). One statement reads
those plans once, with the first proposal looked up once per plan in the select list, and after them
(``UNION ALL``) the current plans' open actions past their date, a row per action in the same shape.
Read by coach (``scope``), only the current plans whose earliest open action lies before today
(``kpi_open_due``, migration reports/0005) are probed for their goals and actions: probing every
current plan's goals was half of this query at 40,000 clients. Exact definitions: ``docs/kpi.md``.
"""

from datetime import timedelta

from django.db.models import Case, CharField, DateTimeField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from trajecten.models import Actie, Plan, PlanStatusChange
from trajecten.workflow import ActieStatus, PlanStatus

from . import scope, statements
from .kpi import _days, _median_days, share
from .scope import in_scope


def _plan_rows(clients, period, today):
    first = PlanStatusChange.objects.filter(plan=OuterRef("pk"), to_status=PlanStatus.VOORGELEGD)
    first_proposed_at = Coalesce(Subquery(first.order_by("at").values("at")[:1]), F("proposed_at"))
    # proposed_at is the latest proposal, never before the first: a cheap first cut.
    proposed_since = Q(proposed_at__gte=period.start_at)
    plans = (
        in_scope(Plan.objects.filter(proposed_since | Q(is_current=True)), clients)
        .annotate(
            # Looked up only for the plans proposed since the period began (CASE evaluates it there).
            first=Case(When(proposed_since, then=first_proposed_at)),
            owner=Value(None, output_field=CharField()),
        )
        .order_by()
        .values_list("pk", "is_current", "first", "agreed_at", "owner")
    )
    # The open actions past their date of the current plans, as rows of the same shape (a plan's pk,
    # current, no proposal, the owner). Read by coach, only the plans whose earliest open action lies
    # before today are probed for them (scope.OpenDueBefore); otherwise every current plan.
    current = in_scope(Plan.objects.filter(is_current=True), clients)
    if scope.by_coach(current, clients) is not None:
        current = current.filter(scope.OpenDueBefore(today))
    late = (
        Actie.objects.filter(status=ActieStatus.OPEN, due__lt=today, doel__plan__in=current.values("pk"))
        .annotate(
            current=Value(True),
            no_first=Value(None, output_field=DateTimeField()),
            no_agreement=Value(None, output_field=DateTimeField()),
        )
        .order_by()
        .values_list("doel__plan_id", "current", "no_first", "no_agreement", "owner")
    )
    return plans.union(late, all=True)


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
