"""Manager KPIs: each one a few database aggregations over a scope of clients and a period.

Every function takes ``clients`` (a queryset of the clients the viewer may see,
from the access policy: ``Client.objects.visible_to(user)``) and, where the
figure depends on time, a :class:`Period`. Figures are computed by the
database (``aggregate``/``annotate`` with filtered counts and subqueries): the
number of queries is fixed, however many clients the scope holds. Exact
definitions: ``docs/kpi.md``.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Sign
from django.utils import timezone

from clients.models import Overdracht
from intake.models import Intake, Trede
from intake.workflow import IntakeStatus
from reintegratie.expressions import RowExists
from trajecten.models import Actie, Plan, PlanStatusChange, Traject, Uitstroom
from trajecten.workflow import (
    TRAJECT_CLOSED,
    ActieStatus,
    Contract,
    FollowUp,
    PlanStatus,
    TrajectResult,
    TrajectStatus,
    UitstroomKind,
)

# The follow-up points, as the caseload's reminders count them (clients.selectors).
FOLLOWUP_6_DAYS = 183
FOLLOWUP_12_DAYS = 365
WORK = (UitstroomKind.WERK_VOLTIJD, UitstroomKind.WERK_DEELTIJD)
DAY = 86400


@dataclass(frozen=True)
class Period:
    """A closed range of calendar dates: start and end both count."""

    start: date
    end: date

    @property
    def start_at(self):
        """The first moment of the period, in the project's time zone."""
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_before(self):
        """The first moment after the period."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def moments(self, field):
        """Return a Q for a datetime field inside the period."""
        return Q(**{f"{field}__gte": self.start_at, f"{field}__lt": self.end_before})

    def dates(self, field):
        """Return a Q for a date field inside the period."""
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})


def share(part, whole):
    """Return part / whole, or None when there is nothing to divide."""
    return part / whole if whole else None


def _days(duration):
    return None if duration is None else round(duration.total_seconds() / DAY, 1)


def _median_days(queryset, expression, count):
    """Return the median of a duration expression in days, in one bounded query.

    Taking the middle one or two of ``count`` ordered rows works on every
    database (PostgreSQL would also do percentile_cont, SQLite would not).
    """
    ordered = queryset.annotate(_d=expression).order_by("_d").values_list("_d", flat=True)
    if not count:
        return None
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    return _days(sum(middle, timedelta()) / len(middle))


def _in_scope(queryset, clients, field="client"):
    return queryset.filter(**{f"{field}__in": clients.values("pk")})


def caseload_per_coach(clients):
    """Return one row per coach: clients now, and how many of them are active."""
    rows = (
        clients.order_by()
        .values("coach_id", "coach__first_name", "coach__last_name")
        .annotate(total=Count("pk"), active=Count("pk", filter=Q(status="actief")))
        .order_by("coach__last_name", "coach__first_name", "coach_id")
    )
    return [
        {
            "coach_id": r["coach_id"],
            "coach": f"{r['coach__first_name']} {r['coach__last_name']}".strip(),
            "total": r["total"],
            "active": r["active"],
        }
        for r in rows
    ]


def intakes_completed(clients, period):
    """Return intakes completed in the period and their lead time (created → completed) in days.

    An intake recorded after it was completed (completed_at before created_at)
    counts as completed but has no lead time.
    """
    done = _in_scope(Intake.objects.filter(status=IntakeStatus.AFGEROND), clients).filter(
        period.moments("completed_at")
    )
    lead = ExpressionWrapper(F("completed_at") - F("created_at"), output_field=DurationField())
    # Rows entered after the fact (completed before the row was made) have no lead time to measure.
    timed = Q(completed_at__gte=F("created_at"))
    figures = done.aggregate(count=Count("pk"), timed=Count("pk", filter=timed), avg=Avg(lead, filter=timed))
    return {
        "count": figures["count"],
        "avg_days": _days(figures["avg"]),
        "median_days": _median_days(done.filter(timed), lead, figures["timed"]),
    }


def plans_agreed(clients, period):
    """Return plan versions first proposed in the period, how many the client agreed to, and how fast."""
    first_proposed = (
        PlanStatusChange.objects.filter(plan=OuterRef("pk"), to_status=PlanStatus.VOORGELEGD)
        .order_by("at")
        .values("at")[:1]
    )
    plans = (
        # proposed_at is the latest proposal, never before the first: a cheap first cut.
        _in_scope(Plan.objects.filter(proposed_at__gte=period.start_at), clients)
        .annotate(first_proposed_at=Coalesce(Subquery(first_proposed), F("proposed_at")))
        .filter(period.moments("first_proposed_at"))
    )
    is_agreed = Q(agreed_at__isnull=False)
    wait = ExpressionWrapper(F("agreed_at") - F("first_proposed_at"), output_field=DurationField())
    figures = plans.aggregate(
        proposed=Count("pk"), agreed=Count("pk", filter=is_agreed), avg=Avg(wait, filter=is_agreed)
    )
    return {
        "proposed": figures["proposed"],
        "agreed": figures["agreed"],
        "share": share(figures["agreed"], figures["proposed"]),
        "avg_days": _days(figures["avg"]),
        "median_days": _median_days(plans.filter(is_agreed), wait, figures["agreed"]),
    }


def actions_overdue(clients, *, today=None):
    """Return open actions in current plans whose due date has passed, and the clients they concern."""
    today = today or timezone.localdate()
    overdue = _in_scope(
        Actie.objects.filter(status=ActieStatus.OPEN, due__lt=today, doel__plan__is_current=True),
        clients,
        "doel__plan__client",
    )
    # One pass over the team's overdue actions: a count per owner and client (a few hundred rows at most).
    per_owner_client = overdue.order_by().values_list("owner", "doel__plan__client").annotate(n=Count("pk"))
    by_owner, clients_seen = {}, set()
    for owner, client_id, n in per_owner_client:
        by_owner[owner] = by_owner.get(owner, 0) + n
        clients_seen.add(client_id)
    return {"actions": sum(by_owner.values()), "clients": len(clients_seen), "by_owner": by_owner}


def _traject_counts(period):
    started = Q(started_on__isnull=False) & period.dates("started_on")
    running = Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
    closed = period.dates("ended_on") & Q(status__in=TRAJECT_CLOSED)
    return {
        "started": Count("pk", filter=started),
        "running": Count("pk", filter=running),
        "closed": Count("pk", filter=closed),
        "closed_with_report": Count("pk", filter=closed & ~Q(end_report="")),
    }


def trajecten(clients, period):
    """Return trajecten started in, running at the end of, and closed in the period: in total and per group."""
    scoped = _in_scope(Traject.objects.all(), clients)
    counts = _traject_counts(period)

    def grouped(*fields):
        return list(
            scoped.order_by()
            .values(*fields)
            .annotate(**_traject_counts(period))
            .filter(Q(started__gt=0) | Q(running__gt=0) | Q(closed__gt=0))
            .order_by(*fields)
        )

    return {
        "total": scoped.aggregate(**counts),
        "by_instrument": grouped("instrument__name"),
        "by_aanbieder": grouped("aanbieder__name"),
    }


def outflow(clients, period):
    """Return outflow in the period: to work (full- and part-time), by contract, and otherwise."""
    scoped = _in_scope(Uitstroom.objects.filter(period.dates("on")), clients)
    contracts = [value for value in Contract.values if value != "geen"]
    figures = scoped.aggregate(
        total=Count("pk"),
        work=Count("pk", filter=Q(kind__in=WORK)),
        fulltime=Count("pk", filter=Q(kind=UitstroomKind.WERK_VOLTIJD)),
        parttime=Count("pk", filter=Q(kind=UitstroomKind.WERK_DEELTIJD)),
        education=Count("pk", filter=Q(kind=UitstroomKind.OPLEIDING)),
        other=Count("pk", filter=Q(kind=UitstroomKind.ANDERS)),
        **{f"contract_{value}": Count("pk", filter=Q(kind__in=WORK, contract=value)) for value in contracts},
    )
    figures["by_contract"] = {value: figures.pop(f"contract_{value}") for value in contracts}
    return figures


def durability(clients, period):
    """Return, for work outflows whose 6- or 12-month point falls in the period, how many lasted.

    A 6-month point falls in the period when ``on + 183 days`` does; the
    12-month point likewise with 365 days. Only recorded answers (nog_uit or
    terug) count in a share; 'not reached' and 'not yet asked' are shown apart.
    """
    work = _in_scope(Uitstroom.objects.filter(kind__in=WORK), clients)
    at_6 = Q(
        on__gte=period.start - timedelta(days=FOLLOWUP_6_DAYS), on__lte=period.end - timedelta(days=FOLLOWUP_6_DAYS)
    )
    at_12 = Q(
        on__gte=period.start - timedelta(days=FOLLOWUP_12_DAYS),
        on__lte=period.end - timedelta(days=FOLLOWUP_12_DAYS),
    )
    back_in_year = Q(followup_6=FollowUp.TERUG) | Q(followup_12=FollowUp.TERUG)
    # Both points in one pass over the team's outflow to work.
    figures = work.filter(at_6 | at_12).aggregate(
        due_6=Count("pk", filter=at_6),
        off_6=Count("pk", filter=at_6 & Q(followup_6=FollowUp.NOG_UIT)),
        back_6=Count("pk", filter=at_6 & Q(followup_6=FollowUp.TERUG)),
        unknown_6=Count("pk", filter=at_6 & Q(followup_6__in=["", FollowUp.ONBEKEND])),
        due_12=Count("pk", filter=at_12),
        off_12=Count("pk", filter=at_12 & Q(followup_12=FollowUp.NOG_UIT) & ~Q(followup_6=FollowUp.TERUG)),
        back_12=Count("pk", filter=at_12 & back_in_year),
        unknown_12=Count("pk", filter=at_12 & ~back_in_year & Q(followup_12__in=["", FollowUp.ONBEKEND])),
    )
    six, twelve = ({key: figures[f"{key}_{months}"] for key in ("due", "off", "back", "unknown")} for months in (6, 12))
    for figures in (six, twelve):
        figures["share_off"] = share(figures["off"], figures["off"] + figures["back"])
    twelve["share_back"] = share(twelve["back"], twelve["off"] + twelve["back"])
    return {"months_6": six, "months_12": twelve}


def ladder_movement(clients, period):
    """Return how many clients moved up (or down) one or more steps on the participatieladder in the period.

    The step at the start is the last trede before the period, else the first
    one in it; the step at the end is the last trede in the period. Only
    clients with a trede in the period are measured.
    """
    treden = Trede.objects.filter(client=OuterRef("pk"))
    before = treden.filter(on__lt=period.start).order_by("-on", "-pk").values("step")[:1]
    first_in = treden.filter(period.dates("on")).order_by("on", "pk").values("step")[:1]
    last_in = treden.filter(period.dates("on")).order_by("-on", "-pk").values("step")[:1]
    # Narrow to clients with a trede in the period first (a semi-join), so the
    # per-client subqueries run only for the clients that are measured.
    in_period = Trede.objects.filter(period.dates("on")).values("client_id")
    measured = (
        clients.order_by()
        .filter(pk__in=in_period)
        .annotate(step_end=Subquery(last_in))
        .annotate(step_start=Coalesce(Subquery(before), Subquery(first_in)))
    )
    # One group per direction of the move (-1, 0, 1; NULL when a step is unknown): PostgreSQL
    # computes the grouping key once per client. Counts FILTERed on the two columns made it
    # inline the inner query and run its three subqueries again inside every COUNT.
    moves = dict(
        measured.annotate(move=Sign(F("step_end") - F("step_start"))).values_list("move").annotate(n=Count("pk"))
    )
    return {
        "measured": sum(moves.values()),
        "up": moves.get(1, 0),
        "same": moves.get(0, 0),
        "down": moves.get(-1, 0),
    }


def handovers(clients, period):
    """Return changes of coach in the period, per client in scope, and the most for one client."""
    scoped = _in_scope(Overdracht.objects.filter(from_coach__isnull=False), clients).filter(period.moments("at"))
    count = clients.count()
    figures = scoped.order_by().values("client").annotate(n=Count("pk")).aggregate(total=Sum("n"), most=Max("n"))
    total, most = figures["total"] or 0, figures["most"] or 0
    return {"handovers": total, "clients": count, "per_client": share(total, count), "most_for_one_client": most}


def provider_performance(clients, period):
    """Return one row per provider and instrument: trajecten, end reports, results, outflow and durability.

    The row's trajecten are those of clients in scope that started, ran or
    ended in the period. Results, outflow and durability concern the trajecten
    that ended in the period; outflow is an Uitstroom to work linked to the
    traject; durable means still off benefit at the 6-month follow-up.
    """
    uitstroom = Uitstroom.objects.filter(traject=OuterRef("pk"), kind__in=WORK)
    scoped = (
        _in_scope(Traject.objects.all(), clients)
        .filter(
            Q(started_on__lte=period.end)
            & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
            & Q(started_on__isnull=False)
        )
        # Probed per traject of the team (RowExists): an Exists here became hashed passes over
        # every outflow of the municipality.
        .annotate(
            to_work=RowExists(uitstroom),
            durable=RowExists(uitstroom.filter(followup_6=FollowUp.NOG_UIT)),
            fell_back=RowExists(uitstroom.filter(followup_6=FollowUp.TERUG)),
        )
    )
    ended = period.dates("ended_on") & Q(status__in=TRAJECT_CLOSED)
    rows = (
        scoped.order_by()
        .values("aanbieder__name", "instrument__name")
        .annotate(
            trajecten=Count("pk"),
            ended=Count("pk", filter=ended),
            with_report=Count("pk", filter=ended & ~Q(end_report="")),
            early=Count("pk", filter=ended & Q(status=TrajectStatus.VOORTIJDIG_BEEINDIGD)),
            goal_reached=Count("pk", filter=ended & Q(result=TrajectResult.DOEL_BEREIKT)),
            partly=Count("pk", filter=ended & Q(result=TrajectResult.DEELS_BEREIKT)),
            not_reached=Count("pk", filter=ended & Q(result=TrajectResult.NIET_BEREIKT)),
            to_work=Count("pk", filter=ended & Q(to_work=True)),
            durable=Count("pk", filter=ended & Q(durable=True)),
            fell_back=Count("pk", filter=ended & Q(fell_back=True)),
        )
        .order_by("aanbieder__name", "instrument__name")
    )
    result = []
    for row in rows:
        row["report_share"] = share(row["with_report"], row["ended"])
        row["work_share"] = share(row["to_work"], row["ended"])
        row["durable_share"] = share(row["durable"], row["durable"] + row["fell_back"])
        result.append(row)
    return result


def dashboard(clients, period):
    """Return every KPI of the team dashboard for this scope and period."""
    from . import kpi_zaken

    return {
        "period": period,
        "caseload": caseload_per_coach(clients),
        "intakes": intakes_completed(clients, period),
        "plans": plans_agreed(clients, period),
        "actions": actions_overdue(clients),
        "trajecten": trajecten(clients, period),
        "outflow": outflow(clients, period),
        "durability": durability(clients, period),
        "ladder": ladder_movement(clients, period),
        "handovers": handovers(clients, period),
        "providers": provider_performance(clients, period),
        "complaints": kpi_zaken.complaints(clients, period),
        "sanctions": kpi_zaken.sanctions(clients, period),
        "objections": kpi_zaken.objections(clients, period),
    }
