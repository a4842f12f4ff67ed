"""The trajecten KPIs (totals, per instrument, per aanbieder) and the provider table, in one pass.

All four read the same rows: the trajecten of the clients in scope, grouped by
aanbieder and instrument. One query groups them by both names with every count
FILTERed, ordered by aanbieder then instrument; the totals and the groups per
instrument or per aanbieder are sums of those rows (each traject falls in
exactly one group, and every count is a count of trajecten). The order per
instrument is the database's own order of the names (``DENSE_RANK`` over the
instrument name), so the tables list their rows as a query with
``ORDER BY name`` did, whatever the collation. Exact definitions:
``docs/kpi.md``.
"""

from django.db.models import Count, F, OuterRef, Q, Window
from django.db.models.functions import DenseRank

from reintegratie.expressions import RowExists
from trajecten.models import Traject, Uitstroom
from trajecten.workflow import TRAJECT_CLOSED, FollowUp, TrajectResult, TrajectStatus

from . import statements
from .kpi import WORK, _in_scope, compiled_conditions, share

TRAJECT_COUNTS = ("started", "running", "closed", "closed_with_report")
PROVIDER_COUNTS = (
    "trajecten",
    "ended",
    "with_report",
    "early",
    "goal_reached",
    "partly",
    "not_reached",
    "to_work",
    "durable",
    "fell_back",
)


def _conditions(period):
    """Each count's condition on the traject's own columns, and ``rows`` for the trajecten any count reads."""
    started = Q(started_on__isnull=False) & period.dates("started_on")
    running = Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
    closed = period.dates("ended_on") & Q(status__in=TRAJECT_CLOSED)
    # The provider table's trajecten: started, ran or ended in the period.
    in_period = (
        Q(started_on__lte=period.end)
        & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        & Q(started_on__isnull=False)
    )
    ended = in_period & closed
    # Probed per traject of the team (RowExists): an Exists here became hashed passes over
    # every outflow of the municipality.
    uitstroom = Uitstroom.objects.filter(traject=OuterRef("pk"), kind__in=WORK)
    return {
        "rows": started | running | closed | in_period,
        "started": started,
        "running": running,
        "closed": closed,
        "closed_with_report": closed & ~Q(end_report=""),
        "trajecten": in_period,
        "ended": ended,
        "with_report": ended & ~Q(end_report=""),
        "early": ended & Q(status=TrajectStatus.VOORTIJDIG_BEEINDIGD),
        "goal_reached": ended & Q(result=TrajectResult.DOEL_BEREIKT),
        "partly": ended & Q(result=TrajectResult.DEELS_BEREIKT),
        "not_reached": ended & Q(result=TrajectResult.NIET_BEREIKT),
        "to_work": ended & Q(RowExists(uitstroom)),
        "durable": ended & Q(RowExists(uitstroom.filter(followup_6=FollowUp.NOG_UIT))),
        "fell_back": ended & Q(RowExists(uitstroom.filter(followup_6=FollowUp.TERUG))),
    }


def _grouped_rows(clients, period):
    key = ("reports.trajecten", period.start, period.end)
    conditions = compiled_conditions(key, clients, Traject, lambda: _conditions(period))
    rows = conditions.pop("rows")
    return (
        _in_scope(Traject.objects.filter(rows), clients)
        .order_by()
        .values("aanbieder__name", "instrument__name")
        .annotate(**{name: Count("pk", filter=condition) for name, condition in conditions.items()})
        # A second annotate(): in the first one Django would group by the window too.
        .annotate(instrument_rank=Window(DenseRank(), order_by=F("instrument__name").asc()))
        .order_by("aanbieder__name", "instrument__name")
    )


def _sum_by(rows, key):
    """Sum the traject counts of rows per value of key, in the order the keys first appear."""
    groups = {}
    for row in rows:
        group = groups.get(row[key])
        if group is None:
            group = groups[row[key]] = {key: row[key], **dict.fromkeys(TRAJECT_COUNTS, 0)}
        for name in TRAJECT_COUNTS:
            group[name] += row[name]
    # As a HAVING on started, running or closed did.
    return [g for g in groups.values() if g["started"] or g["running"] or g["closed"]]


def traject_figures(clients, period):
    """Return (trajecten, providers): what ``trajecten`` and ``provider_performance`` return, from one query."""
    key = ("reports.trajecten", period.start, period.end)
    rows = statements.rows(key, clients, lambda: _grouped_rows(clients, period))
    total = {name: sum(row[name] for row in rows) for name in TRAJECT_COUNTS}
    by_instrument = _sum_by(sorted(rows, key=lambda row: row["instrument_rank"]), "instrument__name")
    by_aanbieder = _sum_by(rows, "aanbieder__name")
    providers = []
    for row in rows:
        if not row["trajecten"]:
            continue
        provider = {key: row[key] for key in ("aanbieder__name", "instrument__name", *PROVIDER_COUNTS)}
        provider["report_share"] = share(row["with_report"], row["ended"])
        provider["work_share"] = share(row["to_work"], row["ended"])
        provider["durable_share"] = share(row["durable"], row["durable"] + row["fell_back"])
        providers.append(provider)
    trajecten = {"total": total, "by_instrument": by_instrument, "by_aanbieder": by_aanbieder}
    return trajecten, providers
