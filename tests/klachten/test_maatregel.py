"""Sanctions (Participatiewet art. 18) against the real database: signal, voornemen, zienswijze, decision."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from klachten import deadlines, services
from klachten.models import Maatregel, SanctieRegel, Zaak
from klachten.workflow import GebeurtenisKind, ZaakStatus
from reintegratie.documents.models import BriefKind
from tests.dbstate import refusal
from tests.factories import AfspraakFactory, ClientFactory
from tests.klachten.helpers import (
    days_ago,
    decide_maatregel,
    fresh,
    impose,
    intend,
    letter_kinds,
    letters,
    maatregel_ready,
    past_decision,
    request_as,
    status_changes,
    timeline,
    today,
    zienswijze,
)
from tests.trajecten.helpers import agreed_plan, instrument
from trajecten import services as trajecten_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(coach, client_obj, aanbieder_user):
    """The provider user, with a running traject for client_obj at its organisation."""
    plan = agreed_plan(coach, client_obj)
    trajecten_services.traject_start(
        request=request_as(coach),
        client=client_obj,
        instrument=instrument(aanbieder=aanbieder_user.aanbieder),
        doel=plan.doelen.first(),
        reason="Werkritme opdoen.",
    )
    return aanbieder_user


def figures(maatregel):
    voorstel = services.proposal(maatregel)
    return voorstel.percentage, voorstel.duration_months


def signal(user, client, **extra):
    fields = {"breach_on": days_ago(2), "description": "Drie dagen niet verschenen zonder bericht.", **extra}
    return services.maatregel_signal(request=request_as(user), client=client, **fields)


# --------------------------------------------------------------------------- signal


def test_a_provider_signals_and_the_coach_gets_the_zaak(coach, teamleider, client_obj, provider):
    zaak = signal(provider, client_obj)

    zaak = fresh(zaak)
    assert (zaak.status, zaak.handler, zaak.created_by) == (ZaakStatus.GESIGNALEERD, coach, provider)
    assert zaak.maatregel.signalled_by == provider and zaak.maatregel.rule is None
    assert (zaak.deadline, zaak.deadline_rule) == (today() + timedelta(days=14), "werkafspraak")
    created = timeline(zaak).get()
    assert created.kind == GebeurtenisKind.AANGEMAAKT and created.for_client is False
    assert provider.aanbieder.name in created.text
    assert not letters(zaak).exists()  # a signal imposes nothing
    # The provider signals; it never sees the zaak. The coach and the teamleider do.
    assert not Zaak.objects.visible_to(provider).exists()
    assert list(Zaak.objects.visible_to(coach)) == [zaak]
    assert list(Zaak.objects.visible_to(teamleider)) == [zaak]


def test_only_a_provider_with_a_running_traject_for_the_client_signals(
    coach, client_obj, aanbieder_user, foreign_client
):
    with pytest.raises(PermissionDenied):
        signal(aanbieder_user, client_obj)  # no traject at its organisation
    with pytest.raises(PermissionDenied):
        signal(coach, client_obj)  # a coach goes straight to a voornemen
    assert not Zaak.objects.exists()


def test_a_provider_cannot_signal_for_another_client(client_obj, provider, foreign_client):
    with pytest.raises(PermissionDenied):
        signal(provider, foreign_client)


def test_a_signal_needs_what_happened_and_when(client_obj, provider):
    with refusal(r"Schrijf op wat er is gebeurd\.") as refused:
        signal(provider, client_obj, description=" ", breach_on=today() + timedelta(days=1))
    assert set(refused.value.message_dict) == {"description", "breach_on"}
    with refusal(r"Vul de datum van de gedraging in\.") as refused:
        signal(provider, client_obj, breach_on=None)
    assert "breach_on" in refused.value.message_dict
    assert not Zaak.objects.exists()


def test_a_provider_cannot_announce_or_decide_a_sanction(coach, client_obj, provider, regel):
    with pytest.raises(PermissionDenied):
        intend(provider, client_obj, regel)
    zaak = maatregel_ready(coach, client_obj, regel)
    with pytest.raises(PermissionDenied):
        decide_maatregel(provider, zaak)
    with pytest.raises(PermissionDenied):
        services.maatregel_drop(request=request_as(provider), zaak=zaak, motivation="x", expected_version=zaak.version)
    assert fresh(zaak).status == ZaakStatus.BEOORDELING


def test_the_coach_turns_a_signal_into_a_voornemen(coach, client_obj, provider, regel):
    signalled = signal(provider, client_obj)
    zaak = intend(coach, client_obj, regel, signal=signalled, expected_version=signalled.version)

    assert zaak.pk == signalled.pk
    zaak = fresh(zaak)
    assert zaak.status == ZaakStatus.VOORNEMEN and zaak.handler == coach
    assert zaak.maatregel.rule == regel and zaak.maatregel.signalled_by == provider
    assert status_changes(zaak) == [("gesignaleerd", "voornemen")]
    assert letter_kinds(zaak) == [BriefKind.VOORNEMEN_MAATREGEL]


def test_a_signal_of_another_client_cannot_become_this_voornemen(coach, client_obj, provider, regel):
    signalled = signal(provider, client_obj)
    other = ClientFactory(coach=coach)
    with pytest.raises(ValidationError, match="hoort niet bij deze cliënt"):
        intend(coach, other, regel, signal=signalled, expected_version=signalled.version)
    assert fresh(signalled).status == ZaakStatus.GESIGNALEERD
    assert not Zaak.objects.filter(client=other).exists()


def test_dropping_a_signal_tells_nobody_but_dropping_a_voornemen_sends_a_letter(coach, client_obj, provider, regel):
    signalled = signal(provider, client_obj)
    dropped = services.maatregel_drop(
        request=request_as(coach), zaak=signalled, motivation="Was ziek gemeld.", expected_version=signalled.version
    )
    assert (dropped.status, dropped.deadline) == (ZaakStatus.GEEN_MAATREGEL, None)
    assert timeline(dropped, GebeurtenisKind.STATUS).get().for_client is False
    assert not letters(dropped).exists()

    voornemen = intend(coach, client_obj, regel)
    dropped = services.maatregel_drop(
        request=request_as(coach), zaak=voornemen, motivation="Toch verschoonbaar.", expected_version=voornemen.version
    )
    assert dropped.status == ZaakStatus.GEEN_MAATREGEL
    assert timeline(dropped, GebeurtenisKind.STATUS).get().for_client is True
    assert letters(dropped, BriefKind.GEEN_MAATREGEL).count() == 1

    beoordeling = maatregel_ready(coach, client_obj, regel)
    with pytest.raises(ValidationError, match="kan niet naar"):
        services.maatregel_drop(
            request=request_as(coach), zaak=beoordeling, motivation="x", expected_version=beoordeling.version
        )


# --------------------------------------------------------------------------- voornemen and zienswijze


def test_the_voornemen_sets_the_zienswijze_term_and_sends_its_letter(coach, client_obj, regel):
    zaak = intend(coach, client_obj, regel, zienswijze_days=21)

    termijn = deadlines.zienswijze_termijn(sent_on=today(), days=21)
    zaak = fresh(zaak)
    assert zaak.status == ZaakStatus.VOORNEMEN and zaak.handler == coach
    assert zaak.maatregel.intention_sent_on == today()
    assert zaak.maatregel.zienswijze_deadline == termijn.end
    assert (zaak.deadline, zaak.deadline_rule) == (termijn.end, "Awb 4:8")
    assert (zaak.maatregel.recidive_count, zaak.maatregel.previous) == (0, None)
    assert letter_kinds(zaak) == [BriefKind.VOORNEMEN_MAATREGEL]
    assert list(timeline(zaak).values_list("kind", flat=True)) == [GebeurtenisKind.AANGEMAAKT]


def test_the_voornemen_refuses_bad_input(coach, client_obj, foreign_client, regel):
    with refusal(r"Schrijf op wat er is gebeurd\.") as refused:
        intend(coach, client_obj, regel, description="", breach_on=today() + timedelta(days=1), zienswijze_days=5)
    assert set(refused.value.message_dict) == {"description", "breach_on", "zienswijze_days"}
    foreign_afspraak = AfspraakFactory(client=foreign_client)
    with refusal(r"Deze afspraak hoort niet bij deze cliënt\.") as refused:
        intend(coach, client_obj, regel, afspraak=foreign_afspraak)
    assert set(refused.value.message_dict) == {"afspraak"}
    with refusal(r"Kies de categorie uit de verordening\.") as refused:
        intend(coach, client_obj, None)
    assert set(refused.value.message_dict) == {"rule"}
    assert not Zaak.objects.exists()


def test_the_rule_valid_on_the_day_of_the_breach_applies(coach, client_obj, regel):
    newer = SanctieRegel.objects.create(
        gemeente=regel.gemeente,
        code=regel.code,
        name=regel.name,
        description=regel.description,
        legal_basis=regel.legal_basis,
        percentage=40,
        duration_months=1,
        valid_from=days_ago(10),
    )
    with pytest.raises(ValidationError, match="gold niet op de datum"):
        intend(coach, client_obj, newer, breach_on=days_ago(30))
    assert intend(coach, client_obj, newer, breach_on=days_ago(5)).maatregel.rule == newer


def test_the_voornemen_is_linked_to_the_appointment_it_is_about(coach, client_obj, regel):
    afspraak = AfspraakFactory(client=client_obj, geweest=True)
    zaak = intend(coach, client_obj, regel, afspraak=afspraak)
    assert fresh(zaak).maatregel.afspraak == afspraak


def test_no_decision_before_the_zienswijze_step(coach, client_obj, regel):
    zaak = intend(coach, client_obj, regel)
    with pytest.raises(ValidationError, match="kan niet naar"):
        decide_maatregel(coach, zaak, percentage=30, duration_months=1, starts_on=today())
    assert fresh(zaak).status == ZaakStatus.VOORNEMEN


def test_a_zienswijze_without_text_before_its_deadline_is_refused(coach, client_obj, regel):
    zaak = intend(coach, client_obj, regel)
    with pytest.raises(ValidationError, match="kan nog reageren tot en met") as refused:
        zienswijze(coach, zaak, zienswijze="")
    assert set(refused.value.message_dict) == {"zienswijze"}
    assert fresh(zaak).status == ZaakStatus.VOORNEMEN
    with refusal(r"De datum kan niet in de toekomst liggen\.") as refused:
        zienswijze(coach, zaak, given_on=today() + timedelta(days=1))
    assert set(refused.value.message_dict) == {"given_on"}
    assert not timeline(zaak, GebeurtenisKind.ZIENSWIJZE).exists()


def test_a_zienswijze_moves_the_zaak_into_assessment(coach, client_obj, regel):
    zaak = zienswijze(coach, intend(coach, client_obj, regel))

    zaak = fresh(zaak)
    assert zaak.status == ZaakStatus.BEOORDELING
    assert (zaak.maatregel.zienswijze, zaak.maatregel.zienswijze_on) == ("Ik was ziek en kon niet bellen.", today())
    assert (zaak.deadline, zaak.deadline_rule) == (today() + timedelta(days=14), "werkafspraak")
    assert status_changes(zaak) == [("voornemen", "beoordeling")]
    assert timeline(zaak, GebeurtenisKind.ZIENSWIJZE).get().text == "Zienswijze ontvangen."


def test_a_recorded_reason_or_a_passed_term_also_closes_the_zienswijze_step(coach, client_obj, regel):
    skipped = zienswijze(
        coach, intend(coach, client_obj, regel), zienswijze="", skip_reason="Cliënt ziet af van reactie."
    )
    assert fresh(skipped).maatregel.zienswijze_skip_reason == "Cliënt ziet af van reactie."

    late = intend(coach, client_obj, regel)
    Maatregel.objects.filter(pk=late.pk).update(zienswijze_deadline=days_ago(1))
    late = zienswijze(coach, fresh(late), zienswijze="")
    assert fresh(late).status == ZaakStatus.BEOORDELING
    assert fresh(late).maatregel.zienswijze_skip_reason.startswith("Geen reactie ontvangen")


# --------------------------------------------------------------------------- decision


def test_imposing_the_proposed_sanction(coach, client_obj, regel):
    zaak = maatregel_ready(coach, client_obj, regel)
    zaak = decide_maatregel(coach, zaak, percentage=30, duration_months=1, starts_on=today())

    zaak = fresh(zaak)
    limit = today() + relativedelta(months=3)
    assert zaak.status == ZaakStatus.OPGELEGD
    assert (zaak.decided_on, zaak.decided_by) == (today(), coach)
    m = zaak.maatregel
    assert (m.percentage, m.duration_months, m.starts_on, m.culpability) == (30, 1, today(), "volledig")
    assert m.heroverweging_on == limit
    assert (zaak.deadline, zaak.deadline_rule) == (limit, "Pw art. 18 lid 3")
    assert status_changes(zaak) == [("voornemen", "beoordeling"), ("beoordeling", "opgelegd")]
    assert letter_kinds(zaak) == sorted([BriefKind.VOORNEMEN_MAATREGEL, BriefKind.BESLUIT_MAATREGEL])


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"culpability": ""}, {"culpability"}),
        ({"culpability_note": " "}, {"culpability_note"}),
        ({"urgent_reasons": None}, {"urgent_reasons"}),
        ({"urgent_reasons": True, "urgent_reasons_note": ""}, {"urgent_reasons_note"}),
        ({"motivation": ""}, {"motivation"}),
    ],
)
def test_a_decision_needs_culpability_urgent_reasons_and_motivation(coach, client_obj, regel, changes, fields):
    zaak = maatregel_ready(coach, client_obj, regel)
    with refusal(
        r"Beoordeel of de cliënt iets te verwijten valt\.|"
        r"Beoordeel of er dringende redenen zijn\.|"
        r"Leg uit waarom\.|"
        r"Schrijf de motivering\. Die staat in de brief\.|"
        r"Schrijf op welke dringende redenen\."
    ) as refused:
        decide_maatregel(coach, zaak, **changes)
    assert fields <= set(refused.value.message_dict)
    after = fresh(zaak)
    assert (after.status, after.version, after.maatregel.culpability) == (ZaakStatus.BEOORDELING, zaak.version, "")
    assert not letters(zaak, BriefKind.BESLUIT_MAATREGEL).exists()


def test_an_unknown_outcome_is_refused(coach, client_obj, regel):
    zaak = maatregel_ready(coach, client_obj, regel)
    with pytest.raises(ValidationError, match="Kies een besluit"):
        decide_maatregel(coach, zaak, outcome="herroepen")


@pytest.mark.parametrize("outcome", ["opgelegd", "waarschuwing"])
def test_no_culpability_means_no_sanction_and_no_warning(coach, client_obj, regel, outcome):
    """Art. 18 lid 9."""
    zaak = maatregel_ready(coach, client_obj, regel)
    with pytest.raises(ValidationError, match="lid 9") as refused:
        decide_maatregel(coach, zaak, outcome=outcome, culpability="geen")
    assert "outcome" in refused.value.message_dict
    assert fresh(zaak).status == ZaakStatus.BEOORDELING


def test_no_culpability_ends_in_no_sanction_with_a_letter(coach, client_obj, regel):
    zaak = maatregel_ready(coach, client_obj, regel)
    zaak = decide_maatregel(coach, zaak, outcome="geen_maatregel", culpability="geen")
    zaak = fresh(zaak)
    assert (zaak.status, zaak.deadline, zaak.maatregel.percentage) == (ZaakStatus.GEEN_MAATREGEL, None, None)
    assert letters(zaak, BriefKind.GEEN_MAATREGEL).count() == 1


@pytest.mark.parametrize("culpability", ["", "geen"])
def test_the_database_refuses_a_percentage_without_culpability(coach, client_obj, regel, culpability):
    zaak = maatregel_ready(coach, client_obj, regel)
    with pytest.raises(IntegrityError), transaction.atomic():
        Maatregel.objects.filter(pk=zaak.pk).update(percentage=30, culpability=culpability)
    assert fresh(zaak).maatregel.percentage is None


def test_deviating_from_the_proposal_needs_urgent_reasons_or_reduced_culpability(coach, client_obj, regel):
    """Art. 18 lid 10: the verordening gives 30 % for 1 month."""
    zaak = maatregel_ready(coach, client_obj, regel)
    with pytest.raises(ValidationError, match="De verordening geeft 30% voor 1 maand"):
        decide_maatregel(coach, zaak, percentage=20)
    with pytest.raises(ValidationError, match="De verordening geeft"):
        decide_maatregel(coach, zaak, duration_months=2)
    assert fresh(zaak).status == ZaakStatus.BEOORDELING

    urgent = decide_maatregel(
        coach, zaak, percentage=10, urgent_reasons=True, urgent_reasons_note="Anders dreigt huisuitzetting."
    )
    assert (fresh(urgent).maatregel.percentage, fresh(urgent).maatregel.urgent_reasons) == (10, True)

    reduced = decide_maatregel(
        coach, maatregel_ready(coach, client_obj, regel), percentage=15, culpability="verminderd"
    )
    assert fresh(reduced).maatregel.percentage == 15


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"percentage": 0}, "percentage"),
        ({"percentage": 101}, "percentage"),
        ({"duration_months": 13}, "duration_months"),
        ({"starts_on": None}, "starts_on"),
        ({"starts_on": "last month"}, "starts_on"),
        ({"heroverweging_on": "3 months and a day"}, "heroverweging_on"),
        ({"heroverweging_on": "yesterday"}, "heroverweging_on"),
    ],
)
def test_a_sanction_needs_valid_figures_and_a_heroverweging_within_three_months(
    coach, client_obj, regel, changes, field
):
    """Art. 18 lid 3: heroverweging at most 3 months after the decision."""
    dates = {
        "last month": today().replace(day=1) - timedelta(days=1),
        "3 months and a day": today() + relativedelta(months=3) + timedelta(days=1),
        "yesterday": days_ago(1),
    }
    changes = {key: dates.get(value, value) for key, value in changes.items()}
    zaak = maatregel_ready(coach, client_obj, regel)
    with refusal(
        r"Een maatregel gaat niet in vóór de maand van het besluit\.|"
        r"Heroverweeg binnen 3 maanden: uiterlijk \d{1,2} [a-z]+ \d{4}\.|"
        r"Vul een duur in van 1 tot en met 12 maanden\.|"
        r"Vul een percentage in van 1 tot en met 100\.|"
        r"Vul in wanneer de maatregel ingaat\."
    ) as refused:
        decide_maatregel(coach, zaak, **changes)
    assert field in refused.value.message_dict
    assert fresh(zaak).status == ZaakStatus.BEOORDELING


def test_a_heroverweging_date_up_to_three_months_is_kept(coach, client_obj, regel):
    day = today() + relativedelta(months=3)
    zaak = decide_maatregel(coach, maatregel_ready(coach, client_obj, regel), heroverweging_on=day)
    assert fresh(zaak).maatregel.heroverweging_on == day == fresh(zaak).deadline


def test_the_heroverweging_is_recorded_once(coach, client_obj, regel):
    zaak = impose(coach, client_obj, regel)
    with refusal(r"Schrijf de uitkomst van de heroverweging op\."):
        services.maatregel_reconsider(request=request_as(coach), zaak=zaak, note=" ", expected_version=zaak.version)
    zaak = services.maatregel_reconsider(
        request=request_as(coach),
        zaak=zaak,
        note="Cliënt werkt nu mee; maatregel blijft.",
        expected_version=zaak.version,
    )
    zaak = fresh(zaak)
    assert (zaak.maatregel.heroverweging_done_on, zaak.deadline) == (today(), None)
    assert timeline(zaak, GebeurtenisKind.HEROVERWEGING).get().for_client is False
    with pytest.raises(ValidationError, match="al heroverwogen"):
        services.maatregel_reconsider(
            request=request_as(coach), zaak=zaak, note="Nog eens.", expected_version=zaak.version
        )


# --------------------------------------------------------------------------- warning


def test_a_warning_where_the_verordening_allows_one(coach, client_obj, regel):
    zaak = decide_maatregel(coach, maatregel_ready(coach, client_obj, regel), outcome="waarschuwing")
    zaak = fresh(zaak)
    assert (zaak.status, zaak.deadline, zaak.maatregel.percentage) == (ZaakStatus.WAARSCHUWING, None, None)
    assert letters(zaak, BriefKind.WAARSCHUWING).count() == 1


def test_no_warning_where_the_verordening_does_not_allow_one(coach, client_obj, regels):
    zaak = maatregel_ready(coach, client_obj, regels["medewerking"])
    with pytest.raises(ValidationError, match="niet volstaan met een waarschuwing"):
        decide_maatregel(coach, zaak, outcome="waarschuwing")
    assert fresh(zaak).status == ZaakStatus.BEOORDELING


@pytest.mark.parametrize("earlier", ["waarschuwing", "opgelegd"])
def test_no_second_warning_after_a_warning_or_sanction_in_the_window(coach, client_obj, regel, earlier):
    past_decision(client_obj, regel, decided_on=days_ago(90), status=earlier)
    zaak = maatregel_ready(coach, client_obj, regel)
    with pytest.raises(ValidationError, match="al een maatregel of waarschuwing"):
        decide_maatregel(coach, zaak, outcome="waarschuwing")
    assert fresh(zaak).status == ZaakStatus.BEOORDELING


def test_a_warning_long_ago_or_a_reversed_one_does_not_block_a_new_warning(coach, client_obj, regel):
    past_decision(client_obj, regel, decided_on=days_ago(400), status="waarschuwing")
    past_decision(client_obj, regel, decided_on=days_ago(30), status="herroepen")
    zaak = decide_maatregel(coach, maatregel_ready(coach, client_obj, regel), outcome="waarschuwing")
    assert zaak.status == ZaakStatus.WAARSCHUWING


# --------------------------------------------------------------------------- recidive


def test_an_earlier_sanction_within_twelve_months_doubles_the_duration(coach, client_obj, regel):
    earlier = past_decision(client_obj, regel, decided_on=days_ago(100))
    zaak = maatregel_ready(coach, client_obj, regel)

    m = fresh(zaak).maatregel
    assert (m.recidive_count, m.previous) == (1, earlier)
    voorstel = services.proposal(m)
    assert (voorstel.percentage, voorstel.duration_months) == (30, 2)
    # The first-time sanction is now a deviation.
    with pytest.raises(ValidationError, match="De verordening geeft 30% voor 2 maand"):
        decide_maatregel(coach, zaak, percentage=30, duration_months=1)
    zaak = decide_maatregel(coach, zaak)
    assert (fresh(zaak).maatregel.percentage, fresh(zaak).maatregel.duration_months) == (30, 2)


def test_recidive_under_art_18_is_100_percent_for_two_then_three_months(coach, client_obj, regels):
    arbeid = regels["arbeidsverplichting"]
    first = past_decision(client_obj, arbeid, decided_on=days_ago(200))
    second = intend(coach, client_obj, arbeid)
    assert (fresh(second).maatregel.recidive_count, fresh(second).maatregel.previous) == (1, first)
    assert figures(fresh(second).maatregel) == (100, 2)

    latest = past_decision(client_obj, arbeid, decided_on=days_ago(50))
    third = intend(coach, client_obj, arbeid)
    assert (fresh(third).maatregel.recidive_count, fresh(third).maatregel.previous) == (2, latest)
    assert figures(fresh(third).maatregel) == (100, 3)


def test_a_breach_within_twelve_months_of_a_lid_6_verlaging_gets_lid_7_though_lid_5_is_older(coach, client_obj, regels):
    # Art. 18 lid 7 looks at the lid-6 verlaging only: its own predecessor may be 22 months back.
    arbeid = regels["arbeidsverplichting"]
    breach = days_ago(3)
    lid5 = past_decision(client_obj, arbeid, decided_on=breach - relativedelta(months=22))
    lid6 = past_decision(client_obj, arbeid, decided_on=breach - relativedelta(months=10))
    # The lid-6 breach (25 days before its decision) lay within 12 months after the lid-5 decision.
    assert deadlines.within_recidive(earlier_decided_on=lid5.decided_on, breach_on=lid6.maatregel.breach_on)

    zaak = intend(coach, client_obj, arbeid, breach_on=breach)
    m = fresh(zaak).maatregel
    assert (m.recidive_count, m.previous) == (1, lid6)  # one verlaging in the last 12 months
    assert figures(m) == (100, 3)
    assert "art. 18 lid 7" in services.proposal(m).explanation
    assert services.art18_chain(client_obj, breach_on=breach) == 2


def test_a_sanction_of_another_category_does_not_count_for_art_18(coach, client_obj, regels):
    # An earlier 30 % sanction for the plan van aanpak; then a first breach of an arbeidsverplichting: lid 5.
    past_decision(client_obj, regels["plan-van-aanpak"], decided_on=days_ago(60))
    zaak = intend(coach, client_obj, regels["arbeidsverplichting"])
    m = fresh(zaak).maatregel
    assert (m.recidive_count, m.previous) == (0, None)
    assert figures(m) == (100, 1)


def test_an_art_18_sanction_does_not_double_a_sanction_of_another_category(coach, client_obj, regels):
    past_decision(client_obj, regels["arbeidsverplichting"], decided_on=days_ago(60))
    zaak = intend(coach, client_obj, regels["plan-van-aanpak"])
    m = fresh(zaak).maatregel
    assert (m.recidive_count, m.previous) == (0, None)
    assert figures(m) == (30, 1)


def test_the_art_18_chain_breaks_when_a_link_is_more_than_twelve_months(coach, client_obj, regels):
    arbeid = regels["arbeidsverplichting"]
    breach = days_ago(3)
    # Lid-5 verlaging 13 months before the breach of the next one: that one was lid 5 again.
    past_decision(client_obj, arbeid, decided_on=breach - relativedelta(months=25))
    again = past_decision(client_obj, arbeid, decided_on=breach - relativedelta(months=11))
    assert services.art18_chain(client_obj, breach_on=breach) == 1
    m = fresh(intend(coach, client_obj, arbeid, breach_on=breach)).maatregel
    assert (m.previous, figures(m)) == (again, (100, 2))


def test_a_sanction_more_than_twelve_months_back_does_not_count(coach, client_obj, regel):
    breach = days_ago(3)
    past_decision(client_obj, regel, decided_on=breach - relativedelta(months=12) - timedelta(days=1))
    zaak = intend(coach, client_obj, regel, breach_on=breach)
    assert (fresh(zaak).maatregel.recidive_count, fresh(zaak).maatregel.previous) == (0, None)
    assert figures(fresh(zaak).maatregel) == (30, 1)


def test_the_recidive_window_ends_exactly_twelve_months_after_the_decision(client_obj, regel):
    edge = past_decision(client_obj, regel, decided_on=date(2025, 3, 14))
    assert services.earlier_sanctions(client_obj, breach_on=date(2026, 3, 14)) == [edge]
    assert services.earlier_sanctions(client_obj, breach_on=date(2026, 3, 15)) == []


def test_the_recidive_window_is_twelve_calendar_months_also_across_a_leap_day(client_obj, regel):
    # 1 June 2023 to 1 June 2024 is 366 days: 29 February 2024 lies in between.
    edge = past_decision(client_obj, regel, decided_on=date(2023, 6, 1))
    assert services.earlier_sanctions(client_obj, breach_on=date(2024, 6, 1)) == [edge]
    assert services.earlier_sanctions(client_obj, breach_on=date(2024, 6, 2)) == []


def test_only_imposed_earlier_sanctions_of_this_client_before_the_breach_count(
    coach, client_obj, foreign_client, regel
):
    breach = days_ago(10)
    counted = past_decision(client_obj, regel, decided_on=days_ago(60))
    past_decision(client_obj, regel, decided_on=days_ago(40), status="herroepen")
    past_decision(client_obj, regel, decided_on=days_ago(30), status="waarschuwing")
    past_decision(client_obj, regel, decided_on=days_ago(5))  # after the breach
    past_decision(client_obj, regel, decided_on=breach)  # the same day is not "earlier"
    past_decision(foreign_client, regel, decided_on=days_ago(60))
    assert services.earlier_sanctions(client_obj, breach_on=breach) == [counted]
    zaak = intend(coach, client_obj, regel, breach_on=breach)
    assert (fresh(zaak).maatregel.recidive_count, fresh(zaak).maatregel.previous) == (1, counted)


def test_a_sanction_imposed_through_the_services_counts_for_the_next_breach(coach, client_obj, regel):
    first = impose(coach, client_obj, regel)
    Zaak.objects.filter(pk=first.pk).update(decided_on=days_ago(40))
    second = intend(coach, client_obj, regel, breach_on=days_ago(2))
    assert (fresh(second).maatregel.recidive_count, fresh(second).maatregel.previous) == (1, fresh(first))
