"""The portal home's blocks read the client's own rows with SQL compiled once per process
(``clients.compiled.client_rows``): they must show what the policy-scoped reads they replaced showed."""

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.db.models import Prefetch, prefetch_related_objects
from django.test import RequestFactory
from django.utils import timezone

from clients.models import Afspraak, AfspraakOutcome
from clients.portal_views import next_afspraak
from klachten import client_sections as klachten_sections
from klachten.models import Maatregel, Zaak
from klachten.portal_views import client_zaken
from klachten.workflow import Soort, ZaakStatus
from tests.factories import AfspraakFactory, ClientFactory, UserFactory
from trajecten import client_sections as trajecten_sections
from trajecten.models import Actie, Doel, Plan
from trajecten.portal_views import shown_plan
from trajecten.workflow import ActieStatus, Owner, PlanStatus

pytestmark = pytest.mark.django_db


def _as(user):
    request = RequestFactory().get("/mijn/")
    request.user = user
    return request


def _person(coach):
    person = ClientFactory(coach=coach)
    person.user = UserFactory(client_account=True)
    person.save(update_fields=["user"])
    return person


def _old_home_acties(request, client):
    """What the home page's actions block read before (``shown_plan`` with its goals and actions)."""
    plan = shown_plan(request, client, details=False)
    mine, theirs = [], []
    if plan is not None:
        prefetch_related_objects([plan], Prefetch("doelen", queryset=Doel.objects.prefetch_related("acties")))
        for doel in plan.doelen.all():
            for actie in doel.acties.all():
                if actie.status == ActieStatus.OPEN:
                    (mine if actie.owner == Owner.CLIENT else theirs).append(actie)

    def by_due(actie):
        return (actie.due is None, actie.due, actie.pk)

    return plan, sorted(mine, key=by_due), sorted(theirs, key=by_due)


def _plan(
    coach, person, version, status, *, current, kinds=(ActieStatus.OPEN, ActieStatus.GEDAAN, ActieStatus.VERVALLEN)
):
    agreed = {"agreed_at": timezone.now(), "agreed_how": "papier"} if status == PlanStatus.AKKOORD else {}
    plan = Plan.objects.create(
        client=person, version=version, status=status, is_current=current, created_by=coach, **agreed
    )
    today = timezone.localdate()
    for n, owner in enumerate((Owner.CLIENT, Owner.WERKCOACH, Owner.AANBIEDER)):
        doel = Doel.objects.create(plan=plan, leefgebied="werk_opleiding", text=f"Doel {version}.{n}")
        for m, (status_, due) in enumerate(itertools.product(kinds, (None, today, today + timedelta(days=3)))):
            Actie.objects.create(doel=doel, text=f"Actie {version}.{n}.{m}", owner=owner, status=status_, due=due)
    return plan


# Each client's plan history, oldest version first: (status, is_current[, the statuses of its actions]).
HISTORIES = [
    [(PlanStatus.AKKOORD, True, (ActieStatus.GEDAAN,))],
    [(PlanStatus.AKKOORD, False), (PlanStatus.VOORGELEGD, True, ())],
    [],
    [(PlanStatus.CONCEPT, True)],
    [(PlanStatus.VOORGELEGD, True)],
    [(PlanStatus.AKKOORD, True)],
    [(PlanStatus.AKKOORD, False), (PlanStatus.CONCEPT, True)],
    [(PlanStatus.AKKOORD, False), (PlanStatus.VOORGELEGD, True)],
    [(PlanStatus.AKKOORD, False), (PlanStatus.AKKOORD, False), (PlanStatus.AKKOORD, True)],
]


def test_the_actions_block_shows_what_the_policy_scoped_plan_read_showed(coach):
    people = []
    for history in HISTORIES:
        person = _person(coach)
        for version, (status, current, *kinds) in enumerate(history, start=1):
            _plan(coach, person, version, status, current=current, **({"kinds": kinds[0]} if kinds else {}))
        people.append(person)
    shown = []
    for person in people + people:  # twice: the second round runs the SQL compiled in the first
        request = _as(person.user)
        plan, mine, theirs = _old_home_acties(request, person)
        context = trajecten_sections._portal_home_context(request, person)
        assert (context["plan"] and context["plan"].pk) == (plan and plan.pk)
        if plan is not None:
            new = context["plan"]
            assert (new.version, new.status, new.is_current) == (plan.version, plan.status, plan.is_current)
        assert [a.pk for a in context["mijn_acties"]] == [a.pk for a in mine]
        assert [a.pk for a in context["andere_acties"]] == [a.pk for a in theirs]
        assert context["can_mark_done"] == (plan is not None and plan.is_current)
        shown.append((plan is not None, bool(mine)))
    assert {(True, True), (True, False), (False, False)} <= set(shown)  # the comparison compares something


def test_the_zaken_block_counts_what_the_policy_scoped_count_counted(coach):
    people = []
    for soort, status, sent in itertools.product(Soort.values, ZaakStatus.values, (None, True)):
        person = _person(coach)
        for _ in range(2 if sent else 1):
            zaak = Zaak.objects.create(
                soort=soort,
                client=person,
                status=status,
                received_on=timezone.localdate(),
                decided_on=timezone.localdate(),
                motivation="Zo besloten.",
                created_by=coach,
            )
            if soort == Soort.MAATREGEL:
                Maatregel.objects.create(
                    zaak=zaak,
                    breach_on=timezone.localdate(),
                    breach_description="Niet gekomen.",
                    intention_sent_on=timezone.localdate() if sent else None,
                )
        people.append(person)
    counted = []
    for person in people + people:
        request = _as(person.user)
        old = client_zaken(request, person).open().count()
        assert klachten_sections._portal_home_context(request, person) == {"open_zaken": old}
        counted.append(old)
    assert 0 in counted and 2 in counted


def test_the_next_appointment_is_the_one_the_policy_scoped_query_found(coach):
    """From the start of today on, compiled once a day, the first one from now picked in Python; when
    more appointments than it reads lie earlier today, the policy-scoped query decides."""
    now = timezone.make_aware(timezone.datetime(2026, 12, 2, 14, 30))
    hour = timedelta(hours=1)
    plans = {
        "none": [],
        "past only": [(-26 * hour, ""), (-2 * hour, AfspraakOutcome.VERSCHENEN)],
        "earlier today, no outcome": [(-3 * hour, ""), (-hour, ""), (2 * hour, AfspraakOutcome.AFGEZEGD)],
        "now": [(-hour, ""), (timedelta(0), ""), (hour, "")],
        "tomorrow": [(-hour, ""), (20 * hour, ""), (40 * hour, "")],
        "many earlier today": [(-n * timedelta(minutes=10), "") for n in range(1, 9)] + [(3 * hour, "")],
        "many earlier today, none later": [(-n * timedelta(minutes=10), "") for n in range(1, 9)],
    }
    people = {}
    with time_machine.travel(now, tick=False):
        for name, afspraken in plans.items():
            person = people[name] = _person(coach)
            for offset, outcome in afspraken:
                recorded = {"outcome_recorded_at": now} if outcome else {}
                AfspraakFactory(client=person, starts_at=now + offset, outcome=outcome, **recorded)
        for name, person in list(people.items()) * 2:
            request = _as(person.user)
            old = (
                Afspraak.objects.visible_to(person.user)
                .filter(client=person, starts_at__gte=now, outcome="")
                .order_by("starts_at")
                .first()
            )
            new = next_afspraak(request, person, now)
            assert (new and new.pk) == (old and old.pk), name
            if new is not None:
                assert (new.starts_at, new.with_user.get_full_name()) == (old.starts_at, old.with_user.get_full_name())
    assert next_afspraak(_as(people["many earlier today"].user), people["many earlier today"], now) is not None
