"""The coach's plan page's reads of one client's plans, from SQL compiled once per process (issue #17).

The plan page shows the current version with its goals, actions and status history, and, while that
version is not agreed, the newest agreed one with its goals and actions (what changed). With
``plan_with_details`` Django builds and compiles that SQL again on every request, a prefetch per list;
here each list is one query from :func:`clients.compiled.client_rows` (the client was found through the
access policy), and the rows are put where ``prefetch_related`` would put them, so ``plan.doelen.all()``,
``doel.acties.all()`` and ``plan.history.all()`` answer without a query, as they did.
"""

from django.db.models import Q, Subquery

from clients.compiled import client_rows

from .models import Actie, Doel, Plan, PlanStatusChange
from .workflow import PlanStatus


def _newest_agreed(client_id):
    return Plan.objects.filter(client_id=client_id, status=PlanStatus.AKKOORD).order_by("-version")


def _current(client_id):
    return Plan.objects.filter(client_id=client_id, is_current=True).select_related("based_on")[:1]


def _agreed(client_id):
    return _newest_agreed(client_id).select_related("based_on")[:1]


def _shown(prefix, client_id):
    """The current version and the newest agreed one, as a condition on ``prefix`` (a path to the plan)."""
    agreed = Subquery(_newest_agreed(client_id).values("pk")[:1])
    return Q(**{f"{prefix}__client_id": client_id}) & (
        Q(**{f"{prefix}__is_current": True}) | Q(**{f"{prefix}_id": agreed})
    )


def _doelen(client_id):
    return Doel.objects.filter(_shown("plan", client_id))


def _acties(client_id):
    return Actie.objects.filter(_shown("doel__plan", client_id))


def _history(client_id):
    return PlanStatusChange.objects.filter(plan__client_id=client_id, plan__is_current=True).select_related("by")


def _attach(owner, name, rows, field):
    """``owner.<name>.all()`` answers ``rows``, each row's ``field`` is ``owner``: as ``prefetch_related`` does."""
    for row in rows:
        field.set_cached_value(row, owner)
    queryset = getattr(owner, name).all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    owner.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _details(plans, doelen, acties):
    by_plan = {plan.pk: [] for plan in plans}
    for doel in doelen:
        if doel.plan_id in by_plan:
            by_plan[doel.plan_id].append(doel)
    by_doel = {doel.pk: [] for doel in doelen}
    for actie in acties:
        if actie.doel_id in by_doel:
            by_doel[actie.doel_id].append(actie)
    for plan in plans:
        _attach(plan, "doelen", by_plan[plan.pk], Doel._meta.get_field("plan"))
        for doel in by_plan[plan.pk]:
            _attach(doel, "acties", by_doel[doel.pk], Actie._meta.get_field("doel"))


def current_and_agreed(client):
    """The client's current plan and the newest agreed version (the same object when the current one is
    agreed), each with its goals and actions, the current one with its status history (and who), as
    ``plan_with_details`` gives them; (None, None) without a plan. Four queries, five while the current
    version is not agreed; one without a plan."""
    found = client_rows("plan_page.current", _current, client)
    if not found:
        return None, None
    plan = found[0]
    if plan.status == PlanStatus.AKKOORD:
        agreed = plan
    else:
        agreed_rows = client_rows("plan_page.agreed", _agreed, client)
        agreed = agreed_rows[0] if agreed_rows else None
    plans = [plan] if agreed is None or agreed.pk == plan.pk else [plan, agreed]
    doelen = client_rows("plan_page.doelen", _doelen, client)
    acties = client_rows("plan_page.acties", _acties, client)
    _details(plans, doelen, acties)
    history = [change for change in client_rows("plan_page.history", _history, client) if change.plan_id == plan.pk]
    _attach(plan, "history", history, PlanStatusChange._meta.get_field("plan"))
    return plan, agreed
