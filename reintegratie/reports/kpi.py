"""Manager KPIs: each one a few database aggregations over a scope of clients and a period.

Every function takes ``clients`` (a queryset of the clients the viewer may see,
from the access policy: ``Client.objects.visible_to(user)``) and, where the
figure depends on time, a :class:`Period`. Each group of figures that reads the
same rows is one query over the team's rows, counted by the database where the
count is simple (the caseload, the handovers) and in Python from those rows
otherwise (medians, the ladder, and the trajecten, zaken, outflow and plans in
``kpi_trajecten``, ``kpi_zaken``, ``kpi_outflow`` and ``kpi_plans``): the number
of queries is fixed, however many clients the scope holds. Each query is
compiled once per KPI, period and scope (``statements``). Exact definitions:
``docs/kpi.md``.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    When,
    Window,
)
from django.utils import timezone

from clients.models import Overdracht
from intake.models import Intake
from intake.workflow import IntakeStatus
from trajecten.workflow import (
    UitstroomKind,
)

from . import statements
from .scope import in_scope

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


def _median_days(durations):
    """Return the median of durations in days: the middle one, or the mean of the middle two, in sorted order.

    The rows come from the same query as the count (a team's few hundred); taking the middle of the
    sorted list works on every database (PostgreSQL would also do percentile_cont, SQLite would not).
    """
    if not durations:
        return None
    ordered = sorted(durations)
    count = len(ordered)
    middle = ordered[(count - 1) // 2 : count // 2 + 1]
    return _days(sum(middle, timedelta()) / len(middle))


def _durations_and_mean(key, clients, build):
    """Return ([expression of every row, None where not measured], the database's mean over the measured rows).

    ``build()`` returns (queryset, expression, measured). One query: the mean is a window aggregate over
    the same rows (``AVG … FILTER … OVER ()``), so it is PostgreSQL's (or SQLite's) own average, as an
    ``aggregate()`` gave it, next to the rows a median needs.
    """

    def statement():
        queryset, expression, measured = build()
        return (
            queryset.annotate(
                _d=Case(When(measured, then=expression), output_field=DurationField()),
                _mean=Window(Avg(expression, filter=measured)),
            )
            .order_by()
            .values_list("_d", "_mean")
        )

    rows = statements.rows(key, clients, statement)
    return [d for d, _mean in rows], (rows[0][1] if rows else None)


def caseload_per_coach(clients):
    """Return one row per coach: clients now, and how many of them are active."""
    rows = statements.rows(
        ("reports.caseload",),
        clients,
        lambda: (
            clients.order_by()
            .values("coach_id", "coach__first_name", "coach__last_name")
            .annotate(total=Count("pk"), active=Count("pk", filter=Q(status="actief")))
            .order_by("coach__last_name", "coach__first_name", "coach_id")
        ),
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

    def build():
        done = in_scope(Intake.objects.filter(status=IntakeStatus.AFGEROND), clients).filter(
            period.moments("completed_at")
        )
        lead = ExpressionWrapper(F("completed_at") - F("created_at"), output_field=DurationField())
        # Rows entered after the fact (completed before the row was made) have no lead time to measure.
        timed = Q(completed_at__gte=F("created_at"))
        return done, lead, timed

    leads, mean = _durations_and_mean(("reports.intakes", period.start, period.end), clients, build)
    return {
        "count": len(leads),
        "avg_days": _days(mean),
        "median_days": _median_days([d for d in leads if d is not None]),
    }


def plans_agreed(clients, period):
    """Return plan versions first proposed in the period, how many the client agreed to, and how fast."""
    from .kpi_plans import plan_figures

    return plan_figures(clients, period)[0]


def actions_overdue(clients, *, today=None):
    """Return open actions in current plans whose due date has passed, and the clients they concern."""
    from .kpi_plans import plan_figures

    # Any period will do: the actions do not depend on it.
    today = today or timezone.localdate()
    return plan_figures(clients, Period(today, today), today=today)[1]


def trajecten(clients, period):
    """Return trajecten started in, running at the end of, and closed in the period: in total and per group."""
    from .kpi_trajecten import traject_figures

    return traject_figures(clients, period)[0]


def outflow(clients, period):
    """Return outflow in the period: to work (full- and part-time), by contract, and otherwise."""
    from .kpi_outflow import outflow_figures

    return outflow_figures(clients, period)[0]


def durability(clients, period):
    """Return, for work outflows whose 6- or 12-month point falls in the period, how many lasted.

    A 6-month point falls in the period when ``on + 183 days`` does; the
    12-month point likewise with 365 days. Only recorded answers (nog_uit or
    terug) count in a share; 'not reached' and 'not yet asked' are shown apart.
    """
    from .kpi_outflow import outflow_figures

    return outflow_figures(clients, period)[1]


def ladder_movement(clients, period):
    """Return how many clients moved up (or down) one or more steps on the participatieladder in the period.

    The step at the start is the last trede before the period, else the first
    one in it; the step at the end is the last trede in the period. Only
    clients with a trede in the period are measured (``kpi_ladder``).
    """
    from .kpi_ladder import ladder_figures

    return ladder_figures(clients, period)


def handovers(clients, period, *, count=None):
    """Return changes of coach in the period, per client in scope, and the most for one client.

    ``count`` is the number of clients in scope when the caller has it (the caseload's sum).
    """
    count = clients.count() if count is None else count
    # The number of handovers per client that had one (a few hundred at most): their sum and maximum.
    per_client = statements.rows(
        ("reports.handovers", period.start, period.end),
        clients,
        lambda: (
            in_scope(Overdracht.objects.filter(from_coach__isnull=False), clients)
            .filter(period.moments("at"))
            .order_by()
            .values_list("client")
            .annotate(n=Count("pk"))
        ),
    )
    total, most = sum(n for _client, n in per_client), max((n for _client, n in per_client), default=0)
    return {"handovers": total, "clients": count, "per_client": share(total, count), "most_for_one_client": most}


def provider_performance(clients, period):
    """Return one row per provider and instrument: trajecten, end reports, results, outflow and durability.

    The row's trajecten are those of clients in scope that started, ran or
    ended in the period. Results, outflow and durability concern the trajecten
    that ended in the period; outflow is an Uitstroom to work linked to the
    traject; durable means still off benefit at the 6-month follow-up.
    """
    from .kpi_trajecten import traject_figures

    return traject_figures(clients, period)[1]


def dashboard(clients, period):
    """Return every KPI of the team dashboard for this scope and period.

    Figures that read the same rows come from one query: the trajecten and the provider table,
    outflow and durability, the complaints, sanctions and objections. The caseload's sum is the
    number of clients in scope.
    """
    from . import kpi_outflow, kpi_plans, kpi_trajecten, kpi_zaken

    caseload = caseload_per_coach(clients)
    traject_totals, providers = kpi_trajecten.traject_figures(clients, period)
    out, durable = kpi_outflow.outflow_figures(clients, period)
    complaints, sanctions, objections = kpi_zaken.zaken_figures(clients, period)
    plans, actions = kpi_plans.plan_figures(clients, period)
    return {
        "period": period,
        "caseload": caseload,
        "intakes": intakes_completed(clients, period),
        "plans": plans,
        "actions": actions,
        "trajecten": traject_totals,
        "outflow": out,
        "durability": durable,
        "ladder": ladder_movement(clients, period),
        "handovers": handovers(clients, period, count=sum(row["total"] for row in caseload)),
        "providers": providers,
        "complaints": complaints,
        "sanctions": sanctions,
        "objections": objections,
    }
