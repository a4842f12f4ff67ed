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

from .kpi import WORK, _in_scope, share

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
    started = Q(started_on__isnull=False) & period.dates("started_on")
    running = Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
    closed = period.dates("ended_on") & Q(status__in=TRAJECT_CLOSED)
    # The provider table's trajecten: started, ran or ended in the period.
    in_period = (
        Q(started_on__lte=period.end)
        & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        & Q(started_on__isnull=False)
    )
    return started, running, closed, in_period


def _grouped_rows(clients, period):
    started, running, closed, in_period = _conditions(period)
    ended = in_period & closed
    uitstroom = Uitstroom.objects.filter(traject=OuterRef("pk"), kind__in=WORK)
    return (
        _in_scope(Traject.objects.all(), clients)
        .filter(started | running | closed | in_period)
        # Probed per traject of the team (RowExists): an Exists here became hashed passes over
        # every outflow of the municipality.
        .annotate(
            to_work_=RowExists(uitstroom),
            durable_=RowExists(uitstroom.filter(followup_6=FollowUp.NOG_UIT)),
            fell_back_=RowExists(uitstroom.filter(followup_6=FollowUp.TERUG)),
        )
        .order_by()
        .values("aanbieder__name", "instrument__name")
        .annotate(
            started=Count("pk", filter=started),
            running=Count("pk", filter=running),
            closed=Count("pk", filter=closed),
            closed_with_report=Count("pk", filter=closed & ~Q(end_report="")),
            trajecten=Count("pk", filter=in_period),
            ended=Count("pk", filter=ended),
            with_report=Count("pk", filter=ended & ~Q(end_report="")),
            early=Count("pk", filter=ended & Q(status=TrajectStatus.VOORTIJDIG_BEEINDIGD)),
            goal_reached=Count("pk", filter=ended & Q(result=TrajectResult.DOEL_BEREIKT)),
            partly=Count("pk", filter=ended & Q(result=TrajectResult.DEELS_BEREIKT)),
            not_reached=Count("pk", filter=ended & Q(result=TrajectResult.NIET_BEREIKT)),
            to_work=Count("pk", filter=ended & Q(to_work_=True)),
            durable=Count("pk", filter=ended & Q(durable_=True)),
            fell_back=Count("pk", filter=ended & Q(fell_back_=True)),
        )
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
    rows = list(_grouped_rows(clients, period))
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
