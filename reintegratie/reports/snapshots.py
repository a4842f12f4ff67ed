"""The municipality-wide KPI snapshot: every dashboard figure over all clients, made once a night.

The team dashboard stays live (about 600 clients, fast through the coach
index). Over all 40,000 clients the same figures take seconds, so a nightly
task stores them in :class:`KpiSnapshot` and the page reads that one row. The
figures are the very same functions (``kpi.dashboard``) over a different
scope; a test checks that the stored numbers equal the live ones.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from clients.models import Client

from . import kpi
from .models import KpiSnapshot


def snapshot_period(today=None):
    """The period a nightly snapshot covers: 1 January up to and including yesterday.

    On 1 January that is the whole previous year.
    """
    yesterday = (today or timezone.localdate()) - timedelta(days=1)
    return kpi.Period(date(yesterday.year, 1, 1), yesterday)


def _to_json(data):
    return {key: value for key, value in data.items() if key != "period"}


def kpi_snapshot_make(*, period=None, today=None):
    """Compute every KPI over all clients for the period and store it; replace an earlier run for that period.

    Idempotent per period (a unique constraint on the period). The aggregate is
    municipality-wide on purpose: it holds figures only, no client, and is the
    input of the municipality dashboard. Sends nothing out.
    """
    period = period or snapshot_period(today)
    everyone = Client.objects.all()
    data = kpi.dashboard(everyone, period)
    with transaction.atomic():
        snapshot, _created = KpiSnapshot.objects.update_or_create(
            period_start=period.start,
            period_end=period.end,
            defaults={"computed_at": timezone.now(), "clients": everyone.count(), "data": _to_json(data)},
        )
    return snapshot


def latest_snapshot():
    """Return the newest snapshot, or None before the first night."""
    return KpiSnapshot.objects.order_by("-period_end", "-computed_at").first()


def snapshot_data(snapshot):
    """Return the snapshot's figures in the shape of ``kpi.dashboard`` (for the tables and charts)."""
    return {**snapshot.data, "period": kpi.Period(snapshot.period_start, snapshot.period_end)}
