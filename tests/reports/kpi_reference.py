"""The per-KPI queries the team dashboard used before its one-pass reads: the reference its figures are
compared with (``test_kpi_one_pass.py``). They keep to the scope by client (``client_id IN (scope)``), as
the KPIs did before they read a team's rows by coach (``reports/scope.py``): the reference does not
depend on ``kpi_coach_id``."""

from datetime import timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Sign

from intake.models import Intake, Trede
from intake.workflow import IntakeStatus
from reintegratie.expressions import RowExists
from reintegratie.reports.kpi import FOLLOWUP_6_DAYS, FOLLOWUP_12_DAYS, WORK, _days, share
from trajecten.models import Actie, Plan, PlanStatusChange, Traject, Uitstroom
from trajecten.workflow import (
    TRAJECT_CLOSED,
    Contract,
    FollowUp,
    PlanStatus,
    TrajectResult,
    TrajectStatus,
    UitstroomKind,
)


def _in_scope(queryset, clients, field="client"):
    return queryset.filter(**{f"{field}__in": clients.values("pk")})


def _ref_median(queryset, expression, count):
    ordered = queryset.annotate(_d=expression).order_by("_d").values_list("_d", flat=True)
    if not count:
        return None
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    return _days(sum(middle, timedelta()) / len(middle))


def ref_intakes(clients, period):
    done = _in_scope(Intake.objects.filter(status=IntakeStatus.AFGEROND), clients).filter(
        period.moments("completed_at")
    )
    lead = ExpressionWrapper(F("completed_at") - F("created_at"), output_field=DurationField())
    timed = Q(completed_at__gte=F("created_at"))
    figures = done.aggregate(count=Count("pk"), timed=Count("pk", filter=timed), avg=Avg(lead, filter=timed))
    return {
        "count": figures["count"],
        "avg_days": _days(figures["avg"]),
        "median_days": _ref_median(done.filter(timed), lead, figures["timed"]),
    }


def ref_plans(clients, period):
    first = (
        PlanStatusChange.objects.filter(plan=OuterRef("pk"), to_status=PlanStatus.VOORGELEGD)
        .order_by("at")
        .values("at")[:1]
    )
    plans = (
        _in_scope(Plan.objects.filter(proposed_at__gte=period.start_at), clients)
        .annotate(first_proposed_at=Coalesce(Subquery(first), F("proposed_at")))
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
        "median_days": _ref_median(plans.filter(is_agreed), wait, figures["agreed"]),
    }


def ref_actions(clients, today):
    overdue = _in_scope(
        Actie.objects.filter(status="open", due__lt=today, doel__plan__is_current=True), clients, "doel__plan__client"
    )
    by_owner = dict(overdue.order_by().values_list("owner").annotate(n=Count("pk")))
    return {
        "actions": overdue.count(),
        "clients": overdue.values("doel__plan__client").distinct().count(),
        "by_owner": by_owner,
    }


def _ref_traject_counts(period):
    started = Q(started_on__isnull=False) & period.dates("started_on")
    running = Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
    closed = period.dates("ended_on") & Q(status__in=TRAJECT_CLOSED)
    return {
        "started": Count("pk", filter=started),
        "running": Count("pk", filter=running),
        "closed": Count("pk", filter=closed),
        "closed_with_report": Count("pk", filter=closed & ~Q(end_report="")),
    }


def ref_trajecten(clients, period):
    scoped = _in_scope(Traject.objects.all(), clients)

    def grouped(*fields):
        return list(
            scoped.order_by()
            .values(*fields)
            .annotate(**_ref_traject_counts(period))
            .filter(Q(started__gt=0) | Q(running__gt=0) | Q(closed__gt=0))
            .order_by(*fields)
        )

    return {
        "total": scoped.aggregate(**_ref_traject_counts(period)),
        "by_instrument": grouped("instrument__name"),
        "by_aanbieder": grouped("aanbieder__name"),
    }


def ref_providers(clients, period):
    uitstroom = Uitstroom.objects.filter(traject=OuterRef("pk"), kind__in=WORK)
    scoped = (
        _in_scope(Traject.objects.all(), clients)
        .filter(
            Q(started_on__lte=period.end)
            & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
            & Q(started_on__isnull=False)
        )
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


def ref_outflow(clients, period):
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


def ref_durability(clients, period):
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


def ref_ladder(clients, period):
    treden = Trede.objects.filter(client=OuterRef("pk"))
    before = treden.filter(on__lt=period.start).order_by("-on", "-pk").values("step")[:1]
    first_in = treden.filter(period.dates("on")).order_by("on", "pk").values("step")[:1]
    last_in = treden.filter(period.dates("on")).order_by("-on", "-pk").values("step")[:1]
    in_period = Trede.objects.filter(period.dates("on")).values("client_id")
    measured = (
        clients.order_by()
        .filter(pk__in=in_period)
        .annotate(step_end=Subquery(last_in))
        .annotate(step_start=Coalesce(Subquery(before), Subquery(first_in)))
    )
    moves = dict(
        measured.annotate(move=Sign(F("step_end") - F("step_start"))).values_list("move").annotate(n=Count("pk"))
    )
    return {
        "measured": sum(moves.values()),
        "up": moves.get(1, 0),
        "same": moves.get(0, 0),
        "down": moves.get(-1, 0),
    }
