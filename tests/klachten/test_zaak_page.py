"""The zaak page (/zaken/<id>/): what it shows of each soort, and the exact number of queries it takes."""

import pytest
from django.urls import reverse

from klachten import selectors, services
from klachten.workflow import ZaakStatus
from tests.factories import AfspraakFactory
from tests.klachten.helpers import (
    days_ago,
    decide_maatregel,
    impose,
    intend,
    maatregel_ready,
    past_decision,
    register_bezwaar,
    register_klacht,
    request_as,
)

pytestmark = pytest.mark.django_db

# Every staff page: session, user, OTP device; the access-log row; the session saved again (in a test's
# transaction inside a savepoint: two more).
SHARED = 7


def _page(client, zaak):
    return client.get(reverse("klachten:zaak-detail", kwargs={"zaak_id": zaak.pk}))


def _signal(provider_user, client_obj, coach):
    from tests.trajecten.helpers import agreed_plan, instrument
    from trajecten import services as traject_services

    plan = agreed_plan(coach, client_obj)
    traject = traject_services.traject_start(
        request=request_as(coach),
        client=client_obj,
        instrument=instrument(aanbieder=provider_user.aanbieder),
        doel=plan.doelen.first(),
        reason="Past.",
    )
    traject_services.traject_transition(request=request_as(coach), traject=traject, to_status="lopend")
    return services.maatregel_signal(
        request=request_as(provider_user), client=client_obj, breach_on=days_ago(2), description="Niet gekomen."
    )


def test_a_complaint_page_takes_the_zaak_its_complaint_timeline_and_letters(
    client, coach, teamleider, client_obj, django_assert_num_queries
):
    from tests.auth import login

    zaak = register_klacht(coach, client_obj, about_user=teamleider)
    login(client, coach)
    _page(client, zaak)  # the first request of a session saves its OTP state: not counted
    # zaak with client and handler, the complaint with whom it is about, timeline, letters.
    with django_assert_num_queries(SHARED + 4):
        response = _page(client, zaak)
    body = response.content.decode()
    assert teamleider.get_full_name() in body and "Mijn coach was onvriendelijk" in body
    assert "Ontvangstbevestiging klacht" in body  # the letter the registration asked for


def test_a_sanction_page_reads_the_earlier_decisions_once_for_the_list_and_the_proposal(
    client, coach, client_obj, regels, django_assert_num_queries
):
    from tests.auth import login

    regel = regels["plan-van-aanpak"]
    same = past_decision(client_obj, regel, decided_on=days_ago(100))
    other = past_decision(client_obj, regels["registratie-uwv"], decided_on=days_ago(60))
    afspraak = AfspraakFactory(client=client_obj, with_user=coach)
    zaak = intend(coach, client_obj, regel, afspraak=afspraak)
    login(client, coach)
    _page(client, zaak)
    # zaak, the sanction with its rule and appointment, timeline, letters, earlier decisions.
    # No objections query: an undecided sanction cannot be objected to.
    with django_assert_num_queries(SHARED + 5):
        response = _page(client, zaak)
    assert [e.pk for e in response.context["earlier"]] == [other.pk, same.pk]
    voorstel = response.context["voorstel"]
    assert voorstel == services.proposal(zaak.maatregel)  # counted apart: only the same category
    assert (voorstel.percentage, voorstel.duration_months) == (30, 2)
    body = response.content.decode()
    assert same.reference in body and other.reference in body and str(afspraak) in body


def test_a_decided_sanction_page_lists_the_objections_against_it(
    client, coach, teamleider, client_obj, regel, django_assert_num_queries
):
    from tests.auth import login

    besluit = impose(coach, client_obj, regel)
    bezwaar = register_bezwaar(coach, besluit)
    login(client, teamleider)
    _page(client, besluit)
    # zaak, sanction, timeline, objections, letters; the client has no earlier sanction: no query for it.
    with django_assert_num_queries(SHARED + 5):
        response = _page(client, besluit)
    assert [b.zaak_id for b in response.context["bezwaren"]] == [bezwaar.pk]
    assert "Bezwaren tegen dit besluit" in response.content.decode()
    assert bezwaar.reference in response.content.decode()
    assert "Geen. Dit telt als een eerste keer." in response.content.decode()


def test_a_first_sanction_without_objection_asks_neither(
    client, coach, client_obj, regel, regels, django_assert_num_queries
):
    from tests.auth import login

    past_decision(client_obj, regel, decided_on=days_ago(20), status=ZaakStatus.HERROEPEN)  # does not count
    past_decision(client_obj, regels["registratie-uwv"], decided_on=days_ago(1))  # after the breach
    besluit = decide_maatregel(coach, maatregel_ready(coach, client_obj, regel))
    login(client, coach)
    _page(client, besluit)
    # zaak, the sanction with both flags, timeline, letters.
    with django_assert_num_queries(SHARED + 4):
        response = _page(client, besluit)
    assert (response.context["earlier"], response.context["bezwaren"]) == ([], [])
    assert response.context["voorstel"] == services.proposal(besluit.maatregel)
    assert "Geen. Dit telt als een eerste keer." in response.content.decode()


def test_an_objection_page_shows_the_contested_decision(
    client, coach, teamleider, client_obj, regel, django_assert_num_queries
):
    from tests.auth import login

    besluit = impose(coach, client_obj, regel)
    bezwaar = register_bezwaar(coach, besluit)
    login(client, teamleider)
    _page(client, bezwaar)
    # zaak, the objection with the contested decision, timeline, letters.
    with django_assert_num_queries(SHARED + 4):
        response = _page(client, bezwaar)
    body = response.content.decode()
    assert besluit.reference in body and "Ik was ziek, dat heb ik ook gezegd." in body
    # The coach took the decision: he reads along, takes no step.
    login(client, coach)
    response = _page(client, bezwaar)
    assert response.context["involved"] and response.context["steps"] == []


def test_a_signalled_sanction_page_names_the_provider_without_an_extra_query(
    client, coach, client_obj, aanbieder_user, django_assert_num_queries
):
    from tests.auth import login

    zaak = _signal(aanbieder_user, client_obj, coach)
    login(client, coach)
    _page(client, zaak)
    # zaak, the sanction with who signalled it and their provider, timeline, letters.
    with django_assert_num_queries(SHARED + 4):
        response = _page(client, zaak)
    assert str(aanbieder_user.aanbieder) in response.content.decode()


@pytest.mark.parametrize("code", ["plan-van-aanpak", "arbeidsverplichting", "verantwoordelijkheid"])
def test_sanction_history_gives_what_the_separate_reads_give(coach, client_obj, regels, code):
    rule = regels[code]
    for other, ago in (("plan-van-aanpak", 300), ("arbeidsverplichting", 200), ("registratie-uwv", 120)):
        past_decision(client_obj, regels[other], decided_on=days_ago(ago))
    past_decision(client_obj, rule, decided_on=days_ago(40))
    past_decision(client_obj, rule, decided_on=days_ago(500))  # outside every window
    past_decision(client_obj, rule, decided_on=days_ago(20), status=ZaakStatus.HERROEPEN)  # does not count
    zaak = maatregel_ready(coach, client_obj, rule)
    maatregel = selectors.zaak_page(coach, zaak.pk).maatregel
    assert maatregel.earlier_decided and not maatregel.objected
    earlier, voorstel = services.sanction_history(maatregel, any_earlier=maatregel.earlier_decided)
    assert earlier == selectors.earlier_decisions(zaak)
    assert voorstel == services.proposal(zaak.maatregel)
    assert len(earlier) == 4


def test_an_art_18_chain_reads_further_back_than_the_page_list(coach, client_obj, regels):
    # Lid 7: the lid-6 verlaging 10 months back, and its own predecessor 22 months back.
    from dateutil.relativedelta import relativedelta

    arbeid = regels["arbeidsverplichting"]
    breach = days_ago(3)
    past_decision(client_obj, arbeid, decided_on=breach - relativedelta(months=22))
    past_decision(client_obj, arbeid, decided_on=breach - relativedelta(months=10))
    zaak = intend(coach, client_obj, arbeid, breach_on=breach)
    earlier, voorstel = services.sanction_history(selectors.zaak_page(coach, zaak.pk).maatregel)
    assert len(earlier) == 1
    assert voorstel == services.proposal(zaak.maatregel) and "art. 18 lid 7" in voorstel.explanation


def test_zaak_page_follows_the_policy_and_loads_only_the_soort_detail(
    coach, other_coach, aanbieder_user, client_obj, regel, django_assert_num_queries
):
    zaak = decide_maatregel(coach, maatregel_ready(coach, client_obj, regel), outcome="waarschuwing")
    assert selectors.zaak_page(other_coach, zaak.pk) is None
    assert selectors.zaak_page(aanbieder_user, zaak.pk) is None
    with django_assert_num_queries(2):
        page = selectors.zaak_page(coach, zaak.pk)
    with django_assert_num_queries(0):
        assert (page.client, page.handler, page.detail.rule, page.maatregel.zaak) == (client_obj, coach, regel, page)
