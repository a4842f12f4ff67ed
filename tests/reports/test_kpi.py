"""Every KPI on one small hand-built data set; the expected numbers are worked out by hand in the comments.

The period is 1 January – 30 June 2026. Team Noord has five clients: c1, c2, c3
(coach) and c4, c5 (colleague). One client of Team Zuid (f1) has a row of
every kind inside the period: it must never be counted.
"""

from datetime import date, datetime

import pytest
from django.utils import timezone

from clients.models import Client, Overdracht
from intake.models import Intake, Trede
from reintegratie.accounts.models import Aanbieder
from reintegratie.reports import kpi
from reintegratie.reports.kpi import Period
from tests.factories import ClientFactory
from trajecten.models import Actie, Doel, Instrument, Plan, PlanStatusChange, Traject, Uitstroom

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))


def at(y, m, d, hour=9):
    return timezone.make_aware(datetime(y, m, d, hour))


@pytest.fixture
def data(coach, colleague, other_coach):
    c1, c2, c3 = (ClientFactory(coach=coach) for _ in range(3))
    c4 = ClientFactory(coach=colleague)
    c5 = ClientFactory(coach=colleague, status="uitgestroomd")
    f1 = ClientFactory(coach=other_coach)
    return {"coach": coach, "colleague": colleague, "c": [c1, c2, c3, c4, c5], "f1": f1}


@pytest.fixture
def team(teamleider, data):
    return Client.objects.visible_to(teamleider)


def _intake(client, created, completed, status="afgerond"):
    intake = Intake.objects.create(
        client=client, kind="eerste", status=status, completed_at=completed, created_by=client.coach
    )
    Intake.objects.filter(pk=intake.pk).update(created_at=created)


def _plan(client, *, version=1, status="voorgelegd", proposed=None, agreed=None, history=(), current=True):
    plan = Plan.objects.create(
        client=client,
        version=version,
        status=status,
        proposed_at=proposed,
        agreed_at=agreed,
        agreed_how="papier" if agreed else "",
        is_current=current,
        created_by=client.coach,
    )
    for moment in history:
        change = PlanStatusChange.objects.create(
            plan=plan, from_status="concept", to_status="voorgelegd", by=client.coach
        )
        PlanStatusChange.objects.filter(pk=change.pk).update(at=moment)
    return plan


def _actie(plan, due, status="open", owner="client"):
    doel = Doel.objects.create(plan=plan, leefgebied="werk_opleiding", text="Werk vinden")
    return Actie.objects.create(doel=doel, text="Stap", owner=owner, due=due, status=status)


def test_caseload_per_coach_counts_clients_and_active_ones(team, data):
    # coach: c1, c2, c3, all active -> 3 / 3; colleague: c4 active, c5 uitgestroomd -> 2 / 1.
    rows = {r["coach_id"]: (r["total"], r["active"]) for r in kpi.caseload_per_coach(team)}
    assert rows == {data["coach"].pk: (3, 3), data["colleague"].pk: (2, 1)}


def test_intakes_completed_in_period_and_their_lead_time(team, data):
    c1, c2, c3, c4, c5 = data["c"]
    _intake(c1, at(2026, 1, 10), at(2026, 1, 20))  # 10 days
    _intake(c2, at(2026, 2, 1), at(2026, 2, 5, 21))  # 4 days 12 hours = 4.5 days
    _intake(c4, at(2026, 3, 1), at(2026, 3, 21))  # 20 days
    _intake(c3, at(2025, 12, 1), at(2025, 12, 20))  # completed before the period: out
    _intake(c4, at(2026, 2, 1), None, status="concept")  # not completed: out
    _intake(data["f1"], at(2026, 2, 1), at(2026, 2, 2))  # other team: out
    _intake(c5, at(2026, 3, 10), at(2026, 3, 1))  # recorded after the fact: completed, but no lead time
    result = kpi.intakes_completed(team, PERIOD)
    # count 4; lead time of the 3 timed ones: average (10 + 4.5 + 20) / 3 = 34.5 / 3 = 11.5; median 10.
    assert result == {"count": 4, "avg_days": 11.5, "median_days": 10.0}


def test_plans_agreed_share_and_days_from_first_proposal(team, data):
    c1, c2, c3, c4, _c5 = data["c"]
    # c1: first proposed 1 Feb, proposed again 10 Feb, agreed 15 Feb: 14 days from the FIRST proposal.
    _plan(
        c1,
        status="akkoord",
        proposed=at(2026, 2, 10, 10),
        agreed=at(2026, 2, 15, 10),
        history=[at(2026, 2, 1, 10), at(2026, 2, 10, 10)],
    )
    # c2: no history rows (older data): proposed_at counts; 1 -> 3 March = 2 days.
    _plan(c2, status="akkoord", proposed=at(2026, 3, 1, 10), agreed=at(2026, 3, 3, 10))
    # c4: proposed in the period, not agreed.
    _plan(c4, proposed=at(2026, 4, 1), history=[at(2026, 4, 1)])
    # c3: first proposed before the period: out, though agreed inside it.
    _plan(c3, status="akkoord", proposed=at(2025, 12, 15), agreed=at(2026, 1, 5), history=[at(2025, 12, 15)])
    _plan(data["f1"], proposed=at(2026, 4, 1))  # other team: out
    result = kpi.plans_agreed(team, PERIOD)
    # proposed 3 (c1, c2, c4), agreed 2 (c1, c2): share 2/3; days 14 and 2: average 8, median (2 + 14) / 2 = 8.
    assert result["proposed"] == 3 and result["agreed"] == 2
    assert result["share"] == pytest.approx(2 / 3)
    assert (result["avg_days"], result["median_days"]) == (8.0, 8.0)


def test_actions_overdue_count_open_actions_of_current_plans(team, data):
    c1, _c2, c3, c4, _c5 = data["c"]
    p1 = _plan(c1, status="akkoord", proposed=at(2026, 1, 1), agreed=at(2026, 1, 2))
    _actie(p1, date(2026, 6, 1))  # overdue (client)
    _actie(p1, date(2026, 7, 15))  # not yet due
    _actie(p1, date(2026, 5, 1), status="gedaan")  # done
    p4 = _plan(c4, proposed=at(2026, 4, 1))
    _actie(p4, date(2026, 6, 29), owner="werkcoach")  # overdue (werkcoach)
    old = _plan(c3, status="vervangen", current=False)
    _actie(old, date(2026, 1, 1))  # an old plan version: out
    _actie(_plan(data["f1"]), date(2026, 1, 1))  # other team: out
    result = kpi.actions_overdue(team, today=date(2026, 6, 30))
    # 2 actions (c1's and c4's), at 2 clients; one the client's, one the coach's.
    assert result == {"actions": 2, "clients": 2, "by_owner": {"client": 1, "werkcoach": 1}}


@pytest.fixture
def trajecten(data):
    c1, c2, c3, c4, c5 = data["c"]
    a1, a2 = Aanbieder.objects.create(name="WerkPlus"), Aanbieder.objects.create(name="TaalHuis")
    werkfit = Instrument.objects.create(name="Werkfit", category="werk_opleiding", aanbieder=a1)
    taal = Instrument.objects.create(name="Taalcursus", category="werk_opleiding", aanbieder=a2)

    def make(client, instrument, started, ended=None, status="lopend", **extra):
        if ended:
            extra.setdefault("end_report", "Eindrapportage.")
        return Traject.objects.create(
            client=client,
            instrument=instrument,
            aanbieder=instrument.aanbieder,
            reason="Past bij het doel.",
            started_on=started,
            ended_on=ended,
            status=status,
            created_by=client.coach,
            **extra,
        )

    t2 = make(c2, werkfit, date(2025, 10, 1), date(2026, 3, 31), "afgerond", result="werk")
    trajecten = {
        "t1": make(c1, werkfit, date(2026, 1, 15)),  # started, running at the end
        "t2": t2,  # closed in the period with an end report, client went to work
        "t3": make(  # started and closed early in the period
            c4,
            taal,
            date(2026, 2, 1),
            date(2026, 5, 1),
            "voortijdig_beeindigd",
            result="niet_bereikt",
            early_end_reason="Verhuisd.",
        ),
        "t4": make(c3, taal, None, status="aangemeld"),  # not started: counts nowhere
        "t5": make(c1, taal, date(2025, 6, 1), date(2025, 12, 1), "afgerond", result="doel_bereikt"),  # before
        "t6": make(data["f1"], werkfit, date(2026, 1, 10)),  # other team
        "t7": make(c5, werkfit, date(2025, 11, 1)),  # started before, still running
    }
    Uitstroom.objects.create(
        client=c2,
        on=date(2026, 4, 15),
        kind="werk_voltijd",
        contract="vast",
        traject=t2,
        followup_6="nog_uit",
        created_by=c2.coach,
    )
    return trajecten


def test_trajecten_started_running_closed_in_total_and_per_group(team, trajecten):
    result = kpi.trajecten(team, PERIOD)
    # started: t1, t3 = 2; running at 30 June: t1, t7 = 2; closed: t2, t3 = 2, both with an end report.
    assert result["total"] == {"started": 2, "running": 2, "closed": 2, "closed_with_report": 2}
    by_instrument = {r["instrument__name"]: (r["started"], r["running"], r["closed"]) for r in result["by_instrument"]}
    # Werkfit: started t1; running t1, t7; closed t2. Taalcursus: started t3, closed t3 (t4, t5 count nowhere).
    assert by_instrument == {"Werkfit": (1, 2, 1), "Taalcursus": (1, 0, 1)}
    by_aanbieder = {r["aanbieder__name"]: (r["started"], r["running"], r["closed"]) for r in result["by_aanbieder"]}
    assert by_aanbieder == {"WerkPlus": (1, 2, 1), "TaalHuis": (1, 0, 1)}


def test_provider_performance_per_provider_and_instrument(team, trajecten):
    rows = {(r["aanbieder__name"], r["instrument__name"]): r for r in kpi.provider_performance(team, PERIOD)}
    # In the period: t1, t2, t7 (WerkPlus/Werkfit) and t3 (TaalHuis/Taalcursus); t4 never started, t5 ended before.
    assert set(rows) == {("WerkPlus", "Werkfit"), ("TaalHuis", "Taalcursus")}
    werkfit = rows[("WerkPlus", "Werkfit")]
    # 3 trajecten; 1 ended (t2) with a report; it led to work that lasted 6 months: 1/1 everywhere.
    assert (werkfit["trajecten"], werkfit["ended"], werkfit["with_report"], werkfit["to_work"]) == (3, 1, 1, 1)
    assert (werkfit["report_share"], werkfit["work_share"], werkfit["durable_share"]) == (1.0, 1.0, 1.0)
    taal = rows[("TaalHuis", "Taalcursus")]
    # 1 traject, ended early, goal not reached, no work: work share 0/1 = 0, durability undefined.
    assert (taal["trajecten"], taal["ended"], taal["early"], taal["not_reached"], taal["to_work"]) == (1, 1, 1, 1, 0)
    assert (taal["work_share"], taal["durable_share"]) == (0.0, None)


def test_outflow_in_period_by_kind_and_contract(team, data):
    _c1, c2, c3, c4, c5 = data["c"]

    def out(client, on, kind, contract):
        Uitstroom.objects.create(client=client, on=on, kind=kind, contract=contract, created_by=client.coach)

    out(c2, date(2026, 4, 15), "werk_voltijd", "vast")
    out(c5, date(2026, 2, 1), "werk_deeltijd", "tijdelijk")
    out(c3, date(2026, 3, 1), "opleiding", "geen")
    out(c4, date(2025, 12, 31), "werk_deeltijd", "uitzend")  # before the period
    out(data["f1"], date(2026, 3, 1), "werk_voltijd", "vast")  # other team
    result = kpi.outflow(team, PERIOD)
    # 3 in the period: 2 to work (1 full-time vast, 1 part-time tijdelijk) and 1 to education.
    assert result == {
        "total": 3,
        "work": 2,
        "fulltime": 1,
        "parttime": 1,
        "education": 1,
        "other": 0,
        "by_contract": {"vast": 1, "tijdelijk": 1, "uitzend": 0, "zelfstandig": 0},
    }


def test_durability_at_6_and_12_months(team, data):
    c1, c2, c3, c4, c5 = data["c"]

    def out(client, on, kind="werk_voltijd", f6="", f12=""):
        Uitstroom.objects.create(
            client=client, on=on, kind=kind, contract="vast", followup_6=f6, followup_12=f12, created_by=client.coach
        )

    # 6-month points in the period: outflow on 2 Jul 2025 – 29 Dec 2025 (1 Jan 2026 - 183 days … 30 Jun - 183).
    out(c1, date(2025, 8, 1), f6="nog_uit")  # still off
    out(c3, date(2025, 9, 1), kind="werk_deeltijd", f6="terug")  # back on benefit
    out(c4, date(2025, 10, 1))  # not asked yet: unknown
    out(c4, date(2025, 12, 31), f6="nog_uit")  # 6-month point 2 Jul 2026: after the period
    out(c3, date(2025, 8, 1), kind="opleiding", f6="nog_uit")  # not work: out
    # 12-month points in the period: outflow on 1 Jan 2025 – 30 Jun 2025.
    out(c2, date(2025, 3, 1), f6="nog_uit", f12="nog_uit")  # lasted the year
    out(c5, date(2025, 4, 1), kind="werk_deeltijd", f6="terug", f12="nog_uit")  # back within the year
    out(c1, date(2025, 5, 1), f6="nog_uit", f12="onbekend")  # not reached at 12 months
    out(data["f1"], date(2025, 8, 1), f6="terug")  # other team
    result = kpi.durability(team, PERIOD)
    # 6 months: 3 due, 1 off, 1 back, 1 unknown; share 1 / (1 + 1) = 0.5.
    assert result["months_6"] == {"due": 3, "off": 1, "back": 1, "unknown": 1, "share_off": 0.5}
    # 12 months: 3 due, 1 off (c2), 1 back within the year (c5), 1 unknown; off 1/2, back 1/2.
    assert result["months_12"] == {"due": 3, "off": 1, "back": 1, "unknown": 1, "share_off": 0.5, "share_back": 0.5}


def test_ladder_movement_compares_with_the_step_before_the_period(team, data):
    c1, c2, c3, c4, c5 = data["c"]

    def step(client, on, value):
        Trede.objects.create(client=client, on=on, step=value, created_by=client.coach)

    step(c1, date(2025, 11, 1), 2)
    step(c1, date(2026, 3, 1), 3)
    step(c1, date(2026, 5, 1), 4)  # 2 -> 4: up
    step(c2, date(2026, 2, 1), 3)
    step(c2, date(2026, 4, 1), 3)  # nothing before: 3 -> 3, same
    step(c3, date(2025, 10, 1), 4)
    step(c3, date(2026, 2, 1), 2)  # 4 -> 2: down
    step(c4, date(2026, 3, 1), 1)  # only one step, in the period: 1 -> 1, same
    step(c5, date(2025, 6, 1), 3)  # no step in the period: not measured
    step(data["f1"], date(2026, 2, 1), 5)  # other team
    # measured 4 (c1–c4): up 1, same 2, down 1.
    assert kpi.ladder_movement(team, PERIOD) == {"measured": 4, "up": 1, "same": 2, "down": 1}


def test_handovers_per_client(team, data):
    c1, c2, _c3, c4, _c5 = data["c"]
    coach, colleague = data["coach"], data["colleague"]

    def handover(client, frm, to, moment):
        Overdracht.objects.create(
            client=client, from_coach=frm, to_coach=to, at=moment, reason="herverdeling", created_by=frm
        )

    handover(c1, colleague, coach, at(2026, 2, 1))
    handover(c1, colleague, coach, at(2026, 3, 1))
    handover(c4, coach, colleague, at(2026, 4, 1))
    handover(c2, colleague, coach, at(2025, 12, 1))  # before the period
    # The first assignments (from nobody) made by the factory are no handovers.
    # 3 handovers, 5 clients: 3 / 5 = 0.6 per client; c1 had 2.
    assert kpi.handovers(team, PERIOD) == {"handovers": 3, "clients": 5, "per_client": 0.6, "most_for_one_client": 2}


def test_a_scope_without_clients_gives_zeros_and_no_shares(beheerder, data):
    nobody = Client.objects.visible_to(beheerder)
    result = kpi.dashboard(nobody, PERIOD)
    assert result["intakes"] == {"count": 0, "avg_days": None, "median_days": None}
    assert result["plans"]["share"] is None
    assert result["handovers"]["per_client"] is None
    assert result["caseload"] == [] and result["providers"] == []
