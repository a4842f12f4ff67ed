"""The trajecten KPIs (totals, per instrument, per aanbieder) and the provider table, in one pass.

All four read the same rows: the trajecten of the clients in scope that started, ran or ended in
the period (a few hundred for a team). One query reads them, ordered by aanbieder then instrument
name, with the flags that need the database (an end report; for a traject that ended in the
period, its outflow to work and the 6-month follow-up, from one probe per traject); each count's
condition is then tested per row here, and the rows grouped by both names (``_group``). The totals
and the groups per instrument or per aanbieder are sums of those groups (each traject falls in
exactly one group, and every count is a count of trajecten). The order per instrument is the
database's own order of the names (``DENSE_RANK`` over the instrument name), so the tables list
their rows as a query with ``ORDER BY name`` did, whatever the collation.

Counted in SQL instead (14 ``COUNT … FILTER`` of repeated conditions and three ``EXISTS`` probes
per ended traject), the query took about 1 ms to plan and 4 ms in the page. Exact definitions:
``docs/kpi.md``.
"""

from django.db.models import Case, F, IntegerField, Max, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import DenseRank

from trajecten.models import Traject, Uitstroom
from trajecten.workflow import TRAJECT_CLOSED, FollowUp, TrajectResult, TrajectStatus

from . import statements
from .kpi import WORK, share
from .scope import in_scope

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
CLOSED = frozenset(status.value for status in TRAJECT_CLOSED)
# The outflow code of an ended traject (``_outflow_code``): 1 for work, 2 when still off benefit at
# 6 months, plus 10 when back on it.
DURABLE, FELL_BACK = 2, 10


def _rows_condition(period):
    """The trajecten any count reads: started, running at the end of, closed in, or in the period."""
    started = Q(started_on__isnull=False) & period.dates("started_on")
    running = Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
    closed = period.dates("ended_on") & Q(status__in=TRAJECT_CLOSED)
    return started | running | closed | _in_period(period)


def _in_period(period):
    # The provider table's trajecten: started, ran or ended in the period.
    return (
        Q(started_on__lte=period.end)
        & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        & Q(started_on__isnull=False)
    )


def _followup_6(status):
    # 1 when one of the traject's work outflows has this 6-month answer, else 0.
    return Max(Case(When(followup_6=status, then=Value(1)), default=Value(0)))


def _outflow_code():
    """Per traject, one probe: None without work outflow, else 1, +1 if off benefit at 6 months, +10 if back on it."""
    work = Uitstroom.objects.filter(traject=OuterRef("pk"), kind__in=WORK)
    code = (
        work.order_by()
        .values("traject")
        .annotate(code=Value(1) + _followup_6(FollowUp.NOG_UIT) + FELL_BACK * _followup_6(FollowUp.TERUG))
        .values("code")[:1]
    )
    return Subquery(code, output_field=IntegerField())


def _traject_rows(clients, period):
    ended = _in_period(period) & period.dates("ended_on") & Q(status__in=TRAJECT_CLOSED)
    return (
        in_scope(Traject.objects.filter(_rows_condition(period)), clients)
        .annotate(
            has_report=Case(When(end_report="", then=Value(False)), default=Value(True)),
            # Probed for the trajecten that ended in the period only (CASE evaluates it there):
            # an EXISTS over all of them became hashed passes over every outflow of the municipality.
            outflow=Case(When(ended, then=_outflow_code()), output_field=IntegerField()),
            instrument_rank=Window(DenseRank(), order_by=F("instrument__name").asc()),
        )
        .order_by("aanbieder__name", "instrument__name")
        .values_list(
            "aanbieder__name",
            "instrument__name",
            "instrument_rank",
            "started_on",
            "ended_on",
            "status",
            "result",
            "has_report",
            "outflow",
        )
    )


def _group(rows, period):
    """One dict per aanbieder and instrument name, in the rows' order, with every count of its trajecten."""
    start, end = period.start, period.end
    groups, group, last = [], None, None
    for aanbieder, instrument, rank, started_on, ended_on, status, result, has_report, outflow in rows:
        if (aanbieder, instrument) != last:
            last = (aanbieder, instrument)
            group = {"aanbieder__name": aanbieder, "instrument__name": instrument, "instrument_rank": rank}
            group.update(dict.fromkeys((*TRAJECT_COUNTS, *PROVIDER_COUNTS), 0))
            groups.append(group)
        # As the SQL conditions: a comparison with no date is not true.
        began = started_on is not None and started_on <= end
        closed = ended_on is not None and start <= ended_on <= end and status in CLOSED
        in_period = began and (ended_on is None or ended_on >= start)
        group["started"] += began and started_on >= start
        group["running"] += began and (ended_on is None or ended_on > end)
        group["closed"] += closed
        group["closed_with_report"] += closed and has_report
        group["trajecten"] += in_period
        if in_period and closed:
            group["ended"] += 1
            group["with_report"] += has_report
            group["early"] += status == TrajectStatus.VOORTIJDIG_BEEINDIGD
            group["goal_reached"] += result == TrajectResult.DOEL_BEREIKT
            group["partly"] += result == TrajectResult.DEELS_BEREIKT
            group["not_reached"] += result == TrajectResult.NIET_BEREIKT
            if outflow is not None:
                group["to_work"] += 1
                group["durable"] += outflow % FELL_BACK == DURABLE
                group["fell_back"] += outflow >= FELL_BACK
    return groups


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
    rows = _group(statements.rows(key, clients, lambda: _traject_rows(clients, period)), period)
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
