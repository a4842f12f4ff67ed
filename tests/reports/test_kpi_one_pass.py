"""The dashboard's one-pass queries give exactly the figures of one query per KPI.

``kpi.dashboard`` reads the trajecten and the provider table in one pass (counted per row in Python),
outflow and durability in one pass, the zaken in one pass, the intake lead times with their mean and
median from one query, and the plans' first proposals from one query; each statement is compiled once
per connection (``statements``). Here the figures are compared with the per-KPI
queries they replaced (kept below as the reference, and ``kpi_zaken.complaints/sanctions/objections``)
on a seeded municipality plus the awkward rows: a traject without aanbieder, names whose order
depends on case, a closed traject that never started, one that ended before it started, one only
in the provider table, two outflows to work on one traject. Every period runs twice (the second
time from the compiled SQL).
"""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import connections
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Sign
from django.test import override_settings
from django.utils import timezone

from clients.models import Client
from intake.models import Intake, Trede
from intake.workflow import IntakeStatus
from reintegratie.accounts.models import Aanbieder, Role, User
from reintegratie.expressions import RowExists
from reintegratie.reports import kpi, kpi_trajecten, kpi_zaken, statements
from reintegratie.reports.kpi import FOLLOWUP_6_DAYS, FOLLOWUP_12_DAYS, WORK, Period, _days, _in_scope, share
from trajecten.models import Actie, Doel, Instrument, Plan, PlanStatusChange, Traject, Uitstroom
from trajecten.workflow import (
    TRAJECT_CLOSED,
    Contract,
    FollowUp,
    PlanStatus,
    TrajectResult,
    TrajectStatus,
    UitstroomKind,
)

pytestmark = pytest.mark.django_db

# --- The per-KPI queries the dashboard used before (reference) ------------------------------------------------


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


# --- The comparison ---------------------------------------------------------------------------------------------


@pytest.fixture
def municipality():
    with override_settings(DEBUG=True):
        call_command("seed_scale", clients=400, stdout=open("/dev/null", "w"))  # noqa: SIM115
    leider = User.objects.filter(role=Role.TEAMLEIDER).order_by("pk").first()
    clients = list(Client.objects.visible_to(leider).order_by("pk")[:6])
    coach = clients[0].coach
    other = Aanbieder.objects.create(name="aanbieder met kleine letter")
    same_name = [
        Instrument.objects.create(name="Dubbel", category="werk_opleiding"),
        Instrument.objects.create(name="Zeer laat", category="werk_opleiding"),
        Instrument.objects.create(name="dubbel klein", category="werk_opleiding"),
    ]
    today = timezone.localdate()

    def traject(client, instrument, started, ended=None, status="lopend", aanbieder=None, **extra):
        return Traject.objects.create(
            client=client,
            instrument=instrument,
            aanbieder=aanbieder,
            reason="Test.",
            started_on=started,
            ended_on=ended,
            status=status,
            created_by=coach,
            **extra,
        )

    start = date(today.year, 1, 1)
    traject(clients[0], same_name[0], start, aanbieder=None)  # no aanbieder
    traject(clients[1], same_name[1], start, aanbieder=other)
    traject(
        clients[2], same_name[2], None, start, "afgerond", end_report="Klaar.", result="doel_bereikt"
    )  # closed, never started
    traject(
        clients[3], same_name[2], today, start - timedelta(days=3), "lopend", aanbieder=other
    )  # ended before it started
    # Started before and "ended" in the period without being closed: in the provider table only.
    t = traject(clients[4], same_name[0], start - timedelta(days=40), start, "lopend", aanbieder=other)
    Uitstroom.objects.create(
        client=clients[4],
        on=start,
        kind="werk_voltijd",
        contract="vast",
        traject=t,
        followup_6="terug",
        created_by=coach,
    )
    # An earlier plan version, no longer current, proposed this year, with an open action past its date:
    # it counts as proposed (and agreed), its action not (only current plans' actions are open work).
    older = Plan.objects.create(
        client=clients[1],
        version=90,
        is_current=False,
        status="akkoord",
        proposed_at=timezone.make_aware(datetime.combine(start, time(9))),
        agreed_at=timezone.make_aware(datetime.combine(start + timedelta(days=3), time(9))),
        agreed_how="portaal",
        created_by=coach,
    )
    goal = Doel.objects.create(plan=older, leefgebied="werk_opleiding", text="Oud doel.")
    Actie.objects.create(doel=goal, text="Oude actie.", owner="werkcoach", due=start - timedelta(days=2))
    # Ended in the period with two outflows to work, one still off benefit at 6 months and one back on it,
    # and an outflow to education that came back (not work: it counts for none of the three).
    t = traject(
        clients[0],
        same_name[1],
        start - timedelta(days=60),
        start + timedelta(days=1),
        "afgerond",
        aanbieder=other,
        end_report="Klaar.",
        result="deels_bereikt",
    )
    for kind, followup in (("werk_deeltijd", "nog_uit"), ("werk_voltijd", "terug"), ("opleiding", "terug")):
        Uitstroom.objects.create(
            client=clients[0], on=start + timedelta(days=1), kind=kind, traject=t, followup_6=followup, created_by=coach
        )
    # The ladder's ties: steps on one day count in id order (the later row is the later step), a step
    # before the period is the start, and treden on the period's first and last day count.
    for client, steps in (
        (clients[5], [(start - timedelta(days=1), 2), (start, 4), (start, 1), (today, 3), (today, 6), (today, 5)]),
        (clients[4], [(start, 6), (start, 2), (start + timedelta(days=1), 2)]),
        (clients[3], [(start - timedelta(days=9), 6), (start - timedelta(days=9), 1)]),
    ):
        Trede.objects.filter(client=client).delete()
        for on, step in steps:
            Trede.objects.create(client=client, on=on, step=step, created_by=coach)
    return Client.objects.visible_to(leider)


PERIODS = [
    lambda today: Period(date(today.year, 1, 1), today),
    lambda today: Period(date(today.year - 2, 3, 1), today),
    lambda today: Period(today - timedelta(days=20), today - timedelta(days=5)),
    lambda today: Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
]


@pytest.mark.parametrize("make_period", PERIODS)
def test_one_pass_figures_equal_the_per_kpi_queries(municipality, make_period):
    team = municipality
    period = make_period(timezone.localdate())
    data = kpi.dashboard(team, period)
    assert kpi.dashboard(team, period) == data
    assert data["trajecten"] == ref_trajecten(team, period)
    assert data["providers"] == ref_providers(team, period)
    assert data["intakes"] == ref_intakes(team, period)
    assert data["plans"] == ref_plans(team, period)
    assert data["actions"] == ref_actions(team, timezone.localdate())
    assert data["actions"]["actions"] > 0
    assert data["ladder"] == ref_ladder(team, period)
    assert data["handovers"]["clients"] == team.count()
    assert data["handovers"] == kpi.handovers(team, period)
    assert data["outflow"] == ref_outflow(team, period)
    assert data["durability"] == ref_durability(team, period)
    assert data["complaints"] == kpi_zaken.complaints(team, period)
    assert data["sanctions"] == kpi_zaken.sanctions(team, period)
    assert data["objections"] == kpi_zaken.objections(team, period)
    # The same over every client (the nightly snapshot's scope), and the wrappers agree.
    everyone = Client.objects.all()
    assert kpi.dashboard(everyone, period)["handovers"] == kpi.handovers(everyone, period)
    assert kpi_trajecten.traject_figures(everyone, period) == (
        ref_trajecten(everyone, period),
        ref_providers(everyone, period),
    )
    assert kpi_zaken.zaken_figures(everyone, period) == (
        kpi_zaken.complaints(everyone, period),
        kpi_zaken.sanctions(everyone, period),
        kpi_zaken.objections(everyone, period),
    )


# --- The kept statements (reports.statements) ---------------------------------------------------------------------


@pytest.mark.parametrize("make_period", PERIODS)
def test_kept_statements_give_the_figures_of_the_plain_orm(municipality, make_period):
    """Every KPI query compiled once per KPI, period and scope reads what the ORM builds afresh reads."""
    period = make_period(timezone.localdate())
    # The team, two werkcoaches' own clients (other SQL parameters), every client, and none.
    coaches = list(User.objects.filter(role=Role.WERKCOACH).order_by("pk")[:2])

    def scopes():
        return [
            Client.objects.visible_to(User.objects.get(role=Role.TEAMLEIDER, team=coaches[0].team)),
            *(Client.objects.visible_to(coach) for coach in coaches),
            Client.objects.all(),
            Client.objects.none(),
        ]

    with statements.uncached():
        expected = [kpi.dashboard(scope, period) for scope in scopes()]
    assert expected[1]["caseload"] != expected[2]["caseload"]
    for _round in range(2):  # compiled, then from the kept statements; new querysets each time
        assert [kpi.dashboard(scope, period) for scope in scopes()] == expected


def test_kept_statements_depend_on_the_scope_sql_and_are_forgotten_on_a_setting_change(municipality):
    period = Period(date(2000, 1, 1), timezone.localdate())
    coaches = list(User.objects.filter(role=Role.WERKCOACH).order_by("pk")[:2])
    first, second = (Client.objects.visible_to(coach) for coach in coaches)
    assert statements.scope_key(first) != statements.scope_key(second)
    assert kpi.caseload_per_coach(first) != kpi.caseload_per_coach(second)
    with statements.uncached():
        assert kpi.caseload_per_coach(second) == kpi.caseload_per_coach(Client.objects.visible_to(coaches[1]))
    assert kpi.handovers(first, period) == kpi.handovers(Client.objects.visible_to(coaches[0]), period)
    with override_settings(TIME_ZONE="UTC"):  # forgets the kept statements: the period's moments move
        with statements.uncached():
            expected = kpi.plans_agreed(first, period)
        assert kpi.plans_agreed(Client.objects.visible_to(coaches[0]), period) == expected


def test_kept_statements_follow_the_active_time_zone(municipality):
    """A period's moments are made aware in the active time zone: another zone is another statement."""
    period = Period(date(2000, 1, 1), timezone.localdate())
    kpi.plans_agreed(municipality, period)
    kept = connections["default"].__dict__["_report_statements"]
    plans = [key for key in kept if key[0][:3] == ("reports.plans", period.start, period.end)]
    assert len(plans) == 1
    with timezone.override("Pacific/Kiritimati"):
        with statements.uncached():
            expected = kpi.plans_agreed(municipality, period), kpi.intakes_completed(municipality, period)
        assert (kpi.plans_agreed(municipality, period), kpi.intakes_completed(municipality, period)) == expected
    moments = {kept[key].params for key in kept if key[0][:3] == ("reports.plans", period.start, period.end)}
    assert len(moments) == 2  # the period's first moment in each zone


def test_an_ended_traject_with_two_work_outflows_is_durable_and_fell_back_once_each(municipality):
    today = timezone.localdate()
    if today < date(today.year, 1, 2):
        pytest.skip("the fixture's traject ends on 2 January")
    _trajecten, providers = kpi_trajecten.traject_figures(municipality, Period(date(today.year, 1, 1), today))
    row = next(
        p
        for p in providers
        if (p["aanbieder__name"], p["instrument__name"]) == ("aanbieder met kleine letter", "Zeer laat")
    )
    # The running traject of clients[1] and the ended one of clients[0], whose outflow to education does not count.
    assert {
        key: row[key] for key in ("trajecten", "ended", "with_report", "partly", "to_work", "durable", "fell_back")
    } == {
        "trajecten": 2,
        "ended": 1,
        "with_report": 1,
        "partly": 1,
        "to_work": 1,
        "durable": 1,
        "fell_back": 1,
    }
    assert (row["work_share"], row["durable_share"]) == (1.0, 0.5)
