"""The coach's plan page reads the client's plans with SQL compiled once per process (``trajecten.plan_rows``):
the same plans, goals, actions and history as ``plan_with_details`` through the access policy."""

import pytest

from tests.factories import ClientFactory
from tests.intake.test_services import request_as
from trajecten import plan_rows, services
from trajecten.models import Plan
from trajecten.selectors import plan_with_details

pytestmark = pytest.mark.django_db


def _old(coach, client):
    """What the plan page read before: ``plan_with_details`` through the policy."""
    plans = plan_with_details(Plan.objects.visible_to(coach).filter(client=client))
    plan = plans.filter(is_current=True).first()
    if plan is None:
        return None, None
    return plan, plan if plan.status == "akkoord" else plans.filter(status="akkoord").first()


def _shape(plan, *, history=True):
    if plan is None:
        return None
    return (
        plan.pk,
        plan.version,
        plan.status,
        plan.based_on and plan.based_on.version,
        [(d.pk, d.plan_id, [(a.pk, a.doel_id, a.text, a.status) for a in d.acties.all()]) for d in plan.doelen.all()],
        [(c.pk, c.to_status, c.by.pk) for c in plan.history.all()] if history else None,
    )


def _agree(coach, plan):
    services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
    return services.plan_transition(request=request_as(coach), plan=plan, to_status="akkoord", agreed_how="papier")


def _goals(coach, plan, names):
    for name in names:
        doel = services.doel_add(request=request_as(coach), plan=plan, leefgebied="werk_opleiding", text=name)
        for owner in ("client", "werkcoach", "aanbieder"):
            services.actie_add(request=request_as(coach), doel=doel, text=f"{name}: {owner}", owner=owner)


def _clients(coach):
    """No plan; a concept; a proposal; an agreed plan; a new version after one or two agreed ones."""
    people = [ClientFactory(coach=coach) for _ in range(7)]
    _goals(coach, services.plan_create(request=request_as(coach), client=people[1]), ["A", "B"])
    for person in people[2:]:
        plan = services.plan_create(request=request_as(coach), client=person)
        _goals(coach, plan, ["Eerste", "Tweede"])
        if person is people[2]:
            services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
            continue
        plan = _agree(coach, plan)
        for round_ in range({3: 0, 4: 1, 5: 1, 6: 2}[people.index(person)]):
            plan = services.plan_new_version(request=request_as(coach), plan=plan)
            _goals(coach, plan, [f"Nieuw {round_}"])
            if round_ == 0 and person is people[6]:
                plan = _agree(coach, Plan.objects.get(pk=plan.pk))
        if person is people[5]:
            services.plan_transition(
                request=request_as(coach), plan=Plan.objects.get(pk=plan.pk), to_status="voorgelegd"
            )
    return people


def test_the_plan_page_reads_what_plan_with_details_read(coach):
    people = _clients(coach)
    seen = set()
    for person in people + people:  # twice: the second round runs the SQL compiled in the first
        old_plan, old_agreed = _old(coach, person)
        plan, agreed = plan_rows.current_and_agreed(person)
        assert _shape(plan) == _shape(old_plan)
        assert _shape(agreed, history=False) == _shape(old_agreed, history=False)
        assert (agreed is plan) == (old_agreed is old_plan)
        seen.add((plan and plan.status, agreed is not None and agreed is not plan))
    # Every case the page knows: no plan, a concept, a proposal, agreed, and a new version after an agreed one.
    assert {(None, False), ("concept", False), ("voorgelegd", False), ("akkoord", False)} <= seen
    assert {("concept", True), ("voorgelegd", True)} <= seen


def test_the_rows_cost_no_more_queries_afterwards(coach, django_assert_num_queries):
    person = _clients(coach)[6]
    plan, agreed = plan_rows.current_and_agreed(person)
    with django_assert_num_queries(0):
        _shape(plan), _shape(agreed, history=False)
