"""Reads of the access log, shaped for people: who opened a file, per person per day."""

from collections import defaultdict

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import AccessLog


def per_person_per_day(logs):
    """Group access-log rows by person (user and role) and local day, newest day first.

    Returns a queryset of dicts: user_id, role, day, total, one count per action
    (view, change, print, export), first and last. Paginate it like any queryset.
    """
    counts = {f"n_{action}": Count("pk", filter=Q(action=action)) for action in AccessLog.Action.values}
    return (
        logs.annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
        .values("user_id", "role", "day")
        .annotate(total=Count("pk"), first=Min("at"), last=Max("at"), **counts)
        .order_by("-day", "-last", "user_id")
    )


def times_of(logs, groups):
    """The local times of each group's visits: {(user_id, role, day): [time, …]}, in one query."""
    groups = list(groups)
    if not groups:
        return {}
    start = min(g["first"] for g in groups)
    end = max(g["last"] for g in groups)
    users = {g["user_id"] for g in groups}
    times = defaultdict(list)
    rows = (
        logs.filter(at__gte=start, at__lte=end, user_id__in=users).order_by("at").values_list("user_id", "role", "at")
    )
    for user_id, role, at in rows:
        local = timezone.localtime(at)
        times[(user_id, role, local.date())].append(local)
    return times
