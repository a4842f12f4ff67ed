"""Objections (Awb chapters 6-7) against the real database: term, handler, hearing, decision, reversal."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from klachten import deadlines, services
from klachten.models import Zaak
from klachten.workflow import GebeurtenisKind, ZaakStatus
from reintegratie.documents.models import BriefKind
from tests.dbstate import refusal
from tests.klachten.helpers import (
    assign_bezwaar,
    days_ago,
    decide_bezwaar,
    decide_maatregel,
    fresh,
    hear_bezwaar,
    impose,
    intend,
    letter_kinds,
    letters,
    maatregel_ready,
    past_decision,
    register_bezwaar,
    register_klacht,
    request_as,
    status_changes,
    timeline,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def besluit(coach, client_obj, regel):
    """A sanction the coach imposed today."""
    return impose(coach, client_obj, regel)


def sent_days_ago(zaak, days):
    """The decision was sent ``days`` ago (the services decide today)."""
    Zaak.objects.filter(pk=zaak.pk).update(decided_on=days_ago(days))
    return fresh(zaak)


def in_behandeling(coach, teamleider, against, **extra):
    # The coach took the decision: registering the objection is fine, handling it is the teamleider's.
    return assign_bezwaar(teamleider, register_bezwaar(coach, against, **extra), teamleider)


# --------------------------------------------------------------------------- register


def test_register_an_objection_on_time_with_its_terms_and_acknowledgement(coach, besluit):
    zaak = register_bezwaar(coach, besluit)

    zaak = fresh(zaak)
    term = deadlines.bezwaar_termijn(today())
    beslis = deadlines.bezwaar_beslistermijn(termijn_end=term.end)
    assert (zaak.status, zaak.client, zaak.received_on) == (ZaakStatus.ONTVANGEN, besluit.client, today())
    b = zaak.bezwaar
    assert (b.against, b.decision_sent_on, b.term_end, b.on_time) == (besluit, today(), term.end, True)
    assert (zaak.deadline, zaak.deadline_rule) == (beslis.end, "Awb 7:10 lid 1")
    assert beslis.nominal_end == term.end + timedelta(weeks=6)
    assert timeline(zaak).get().text == "Bezwaar ontvangen."
    assert letter_kinds(zaak) == [BriefKind.ONTVANGST_BEZWAAR]


def test_a_bezwaarcommissie_gives_twelve_weeks(coach, besluit):
    zaak = register_bezwaar(coach, besluit, committee=True)
    term = deadlines.bezwaar_termijn(today())
    assert fresh(zaak).deadline_nominal == term.end + timedelta(weeks=12)


def test_an_objection_against_a_warning_is_possible(coach, client_obj, regel):
    warning = decide_maatregel(coach, maatregel_ready(coach, client_obj, regel), outcome="waarschuwing")
    assert register_bezwaar(coach, warning).bezwaar.against == warning
    assert list(services.contestable_decisions(client_obj)) == [warning]


@pytest.mark.parametrize("kind", ["geen_maatregel", "voornemen", "herroepen", "klacht"])
def test_only_a_sanction_or_a_warning_can_be_objected_to(coach, client_obj, regel, kind):
    if kind == "geen_maatregel":
        against = decide_maatregel(coach, maatregel_ready(coach, client_obj, regel), outcome="geen_maatregel")
    elif kind == "voornemen":
        against = intend(coach, client_obj, regel)
    elif kind == "herroepen":
        against = past_decision(client_obj, regel, decided_on=days_ago(10), status="herroepen")
    else:
        against = register_klacht(coach, client_obj)
    with refusal(r"Kies het besluit waartegen de cliënt bezwaar maakt\.") as refused:
        register_bezwaar(coach, against)
    assert "against" in refused.value.message_dict
    assert not Zaak.objects.filter(soort="bezwaar").exists()
    assert against not in services.contestable_decisions(client_obj)


def test_register_refuses_incomplete_input(coach, besluit):
    with refusal(r"Schrijf op waarom de cliënt het niet eens is met het besluit\.") as refused:
        register_bezwaar(
            coach, besluit, grounds=" ", received_on=today() + timedelta(days=1), posted_on=today() + timedelta(days=2)
        )
    assert set(refused.value.message_dict) == {"grounds", "received_on", "posted_on"}
    with pytest.raises(ValidationError, match="Kies het besluit"):
        register_bezwaar(coach, None)
    with refusal(r"Kies hoe het bezwaar binnenkwam\.") as refused:
        register_bezwaar(coach, besluit, channel="fax")
    assert "channel" in refused.value.message_dict
    assert not Zaak.objects.filter(soort="bezwaar").exists()


def test_only_a_handler_of_the_client_registers(besluit, other_coach, aanbieder_user, client_user):
    for outsider in (other_coach, aanbieder_user, client_user):
        with pytest.raises(PermissionDenied):
            register_bezwaar(outsider, besluit)


@pytest.mark.parametrize(
    ("received_after_end", "posted_after_end", "on_time"),
    [
        (0, None, True),  # received on the last day
        (1, None, False),  # a day late
        (3, 0, True),  # posted on the last day, received within a week (Awb 6:9 lid 2)
        (7, 0, True),  # ... the last day of that week
        (8, 0, False),  # posted in time but received too late
        (3, 1, False),  # posted too late
    ],
)
def test_on_time_follows_awb_6_9_and_a_late_objection_is_flagged(
    coach, besluit, received_after_end, posted_after_end, on_time
):
    against = sent_days_ago(besluit, 60)
    term = deadlines.bezwaar_termijn(against.decided_on)
    received = term.end + timedelta(days=received_after_end)
    posted = None if posted_after_end is None else term.end + timedelta(days=posted_after_end)
    assert received <= today()

    zaak = fresh(register_bezwaar(coach, against, received_on=received, posted_on=posted))

    assert (zaak.bezwaar.on_time, zaak.bezwaar.term_end, zaak.bezwaar.posted_on) == (on_time, term.end, posted)
    created = timeline(zaak).get().text
    assert ("Na het einde van de bezwaartermijn" in created) is not on_time
    # A late objection that is handled anyway is counted from its receipt.
    start = term.end if on_time else max(term.end, received)
    assert zaak.deadline == deadlines.bezwaar_beslistermijn(termijn_end=start).end


def test_a_second_objection_against_the_same_decision_is_refused(coach, teamleider, besluit):
    first = register_bezwaar(coach, besluit)
    with pytest.raises(ValidationError, match="loopt al een bezwaar"):
        register_bezwaar(coach, besluit, grounds="Nog een keer.")
    assert Zaak.objects.filter(soort="bezwaar").count() == 1
    # Once withdrawn, the client may object again (within the term).
    services.zaak_withdraw(
        request=request_as(teamleider), zaak=first, note="Brief ingetrokken.", expected_version=first.version
    )
    assert register_bezwaar(coach, besluit).status == ZaakStatus.ONTVANGEN


# --------------------------------------------------------------------------- handler and hearing


def test_the_decision_maker_does_not_handle_the_objection(coach, teamleider, besluit):
    zaak = register_bezwaar(coach, besluit)
    with pytest.raises(ValidationError, match="nam het besluit zelf"):
        assign_bezwaar(coach, zaak, coach)
    assert (fresh(zaak).status, fresh(zaak).handler) == (ZaakStatus.ONTVANGEN, None)
    zaak = assign_bezwaar(teamleider, zaak, teamleider)
    assert (zaak.status, zaak.handler) == (ZaakStatus.IN_BEHANDELING, teamleider)
    assert status_changes(zaak) == [("ontvangen", "in_behandeling")]


def test_the_decision_maker_does_not_decide_on_the_objection(coach, teamleider, besluit):
    zaak = hear_bezwaar(teamleider, in_behandeling(coach, teamleider, besluit))
    with pytest.raises(ValidationError, match="U nam het besluit zelf"):
        decide_bezwaar(coach, zaak)
    assert fresh(zaak).status == ZaakStatus.IN_BEHANDELING
    assert decide_bezwaar(teamleider, zaak).decided_by == teamleider


def test_hearing_rules(coach, teamleider, besluit):
    zaak = register_bezwaar(coach, besluit)
    with pytest.raises(ValidationError, match="in behandeling"):
        hear_bezwaar(teamleider, zaak)
    zaak = assign_bezwaar(teamleider, zaak, teamleider)
    with refusal(r"Leg het horen vast nadat het is gebeurd\.") as refused:
        hear_bezwaar(teamleider, zaak, hearing_on=today() + timedelta(days=1), report="")
    assert set(refused.value.message_dict) == {"hearing_on", "report"}
    with refusal(r"Vul de datum van het horen in, of kies de wettelijke reden om niet te ") as refused:
        hear_bezwaar(teamleider, zaak, hearing_on=None, report="", skip="z")
    assert set(refused.value.message_dict) == {"skip"}
    with refusal(r"Licht de reden toe\.") as refused:
        hear_bezwaar(teamleider, zaak, hearing_on=None, report="", skip="c", skip_note=" ")
    assert set(refused.value.message_dict) == {"skip_note"}
    assert not timeline(zaak, GebeurtenisKind.HOREN).exists()


def test_decide_needs_a_hearing_or_a_ground_to_skip_it(coach, teamleider, besluit):
    zaak = in_behandeling(coach, teamleider, besluit)
    with pytest.raises(ValidationError, match="Hoor eerst de cliënt"):
        decide_bezwaar(teamleider, zaak)
    assert fresh(zaak).status == ZaakStatus.IN_BEHANDELING
    assert not letters(zaak, BriefKind.BESLISSING_BEZWAAR).exists()


# Awb 7:3, by hand: which outcome each ground to skip the hearing allows.
FITS = {
    "a": {"niet_ontvankelijk"},
    "b": {"ongegrond"},
    "c": {"gegrond", "ongegrond", "niet_ontvankelijk"},
    "d": {"gegrond", "ongegrond", "niet_ontvankelijk"},
    "e": {"gegrond"},
}


@pytest.mark.parametrize("ground", sorted(FITS))
def test_a_ground_to_skip_the_hearing_must_fit_the_outcome(coach, teamleider, besluit, ground):
    zaak = hear_bezwaar(
        teamleider,
        in_behandeling(coach, teamleider, besluit),
        hearing_on=None,
        report="",
        skip=ground,
        skip_note="Zie dossier.",
    )
    for outcome in {"gegrond", "ongegrond", "niet_ontvankelijk"} - FITS[ground]:
        with pytest.raises(ValidationError, match="past niet bij deze uitkomst"):
            decide_bezwaar(teamleider, zaak, outcome=outcome)
    assert fresh(zaak).status == ZaakStatus.IN_BEHANDELING
    outcome = sorted(FITS[ground])[-1]
    assert fresh(decide_bezwaar(teamleider, zaak, outcome=outcome)).bezwaar.outcome == outcome


# --------------------------------------------------------------------------- decide


def test_ongegrond_keeps_the_sanction(coach, teamleider, besluit):
    zaak = hear_bezwaar(teamleider, in_behandeling(coach, teamleider, besluit))
    zaak = decide_bezwaar(teamleider, zaak, outcome="ongegrond")

    zaak = fresh(zaak)
    assert (zaak.status, zaak.bezwaar.outcome, zaak.deadline) == (ZaakStatus.AFGEHANDELD, "ongegrond", None)
    assert (zaak.decided_on, zaak.decided_by) == (today(), teamleider)
    assert status_changes(zaak) == [("ontvangen", "in_behandeling"), ("in_behandeling", "afgehandeld")]
    assert timeline(zaak, GebeurtenisKind.STATUS).last().text == "Ongegrond"
    assert letter_kinds(zaak) == sorted([BriefKind.ONTVANGST_BEZWAAR, BriefKind.BESLISSING_BEZWAAR])
    assert fresh(besluit).status == ZaakStatus.OPGELEGD


def test_decide_needs_an_outcome_and_motivation(coach, teamleider, besluit):
    zaak = hear_bezwaar(teamleider, in_behandeling(coach, teamleider, besluit))
    with refusal(r"Kies de uitkomst\.") as refused:
        decide_bezwaar(teamleider, zaak, outcome="half", motivation=" ")
    assert set(refused.value.message_dict) == {"outcome", "motivation"}


def test_gegrond_reverses_the_sanction_and_it_no_longer_counts_as_recidive(
    coach, teamleider, client_obj, besluit, regel
):
    against = sent_days_ago(besluit, 20)
    assert services.earlier_sanctions(client_obj, breach_on=days_ago(2)) == [against]
    zaak = hear_bezwaar(teamleider, in_behandeling(coach, teamleider, against))
    zaak = decide_bezwaar(teamleider, zaak, outcome="gegrond", motivation="De cliënt was aantoonbaar ziek.")

    against = fresh(against)
    assert (against.status, against.deadline) == (ZaakStatus.HERROEPEN, None)
    assert status_changes(against)[-1] == ("opgelegd", "herroepen")
    reversal = timeline(against, GebeurtenisKind.HERROEPEN).get()
    assert zaak.reference in reversal.text and reversal.by == teamleider
    assert fresh(zaak).bezwaar.outcome == "gegrond"
    assert letters(zaak, BriefKind.BESLISSING_BEZWAAR).count() == 1
    # The reversed sanction is no recidive any more, and no contestable decision.
    assert services.earlier_sanctions(client_obj, breach_on=days_ago(2)) == []
    later = intend(coach, client_obj, regel, breach_on=days_ago(2))
    assert (fresh(later).maatregel.recidive_count, fresh(later).maatregel.previous) == (0, None)
    assert against not in services.contestable_decisions(client_obj)


def test_gegrond_reverses_a_warning_too(coach, teamleider, client_obj, regel):
    warning = decide_maatregel(coach, maatregel_ready(coach, client_obj, regel), outcome="waarschuwing")
    zaak = hear_bezwaar(teamleider, in_behandeling(coach, teamleider, warning))
    decide_bezwaar(teamleider, zaak, outcome="gegrond")
    assert fresh(warning).status == ZaakStatus.HERROEPEN


def test_a_late_objection_not_excused_can_only_be_niet_ontvankelijk(coach, teamleider, besluit):
    against = sent_days_ago(besluit, 60)
    zaak = in_behandeling(coach, teamleider, against, received_on=days_ago(1))
    assert fresh(zaak).bezwaar.on_time is False
    zaak = hear_bezwaar(teamleider, zaak)
    for outcome in ("ongegrond", "gegrond"):
        with pytest.raises(ValidationError, match="kwam te laat"):
            decide_bezwaar(teamleider, zaak, outcome=outcome)
    zaak = decide_bezwaar(teamleider, zaak, outcome="niet_ontvankelijk")
    zaak = fresh(zaak)
    assert (zaak.bezwaar.outcome, zaak.bezwaar.late_excused) == ("niet_ontvankelijk", False)
    assert fresh(against).status == ZaakStatus.OPGELEGD


def test_a_late_objection_that_is_excused_is_decided_on_its_merits(coach, teamleider, besluit):
    against = sent_days_ago(besluit, 60)
    zaak = in_behandeling(coach, teamleider, against, received_on=days_ago(1), late_excuse="In het ziekenhuis.")
    zaak = hear_bezwaar(teamleider, zaak)
    zaak = decide_bezwaar(teamleider, zaak, outcome="ongegrond", late_excused=True)
    zaak = fresh(zaak)
    assert (zaak.bezwaar.outcome, zaak.bezwaar.late_excused, zaak.bezwaar.late_excuse) == (
        "ongegrond",
        True,
        "In het ziekenhuis.",
    )


def test_an_on_time_objection_is_never_marked_late_excused(coach, teamleider, besluit):
    zaak = hear_bezwaar(teamleider, in_behandeling(coach, teamleider, besluit))
    zaak = decide_bezwaar(teamleider, zaak, late_excused=True)
    assert fresh(zaak).bezwaar.late_excused is False


# --------------------------------------------------------------------------- extension


def test_extension_moves_the_term_six_weeks_once_with_a_letter(coach, teamleider, besluit):
    """Awb 7:10 lid 3."""
    zaak = in_behandeling(coach, teamleider, besluit)
    before = zaak.deadline_nominal
    zaak = services.bezwaar_extend(
        request=request_as(teamleider), zaak=zaak, reason="Advies van de arts nodig.", expected_version=zaak.version
    )

    term = deadlines.bezwaar_termijn(today())
    extended = deadlines.bezwaar_verdaging(deadlines.bezwaar_beslistermijn(termijn_end=term.end))
    assert (zaak.deadline, zaak.deadline_nominal, zaak.deadline_rule) == (
        extended.end,
        extended.nominal_end,
        "Awb 7:10 lid 3",
    )
    assert zaak.deadline_nominal == before + timedelta(weeks=6)
    assert timeline(zaak, GebeurtenisKind.VERDAAGD).count() == 1
    assert letters(zaak, BriefKind.VERDAGING).count() == 1
    with pytest.raises(ValidationError, match="al een keer verlengd"):
        services.bezwaar_extend(
            request=request_as(teamleider), zaak=zaak, reason="Nog eens.", expected_version=zaak.version
        )
    assert fresh(zaak).deadline == extended.end
    assert letters(zaak, BriefKind.VERDAGING).count() == 1


def test_extension_is_refused_without_a_reason_or_after_the_decision(coach, teamleider, besluit):
    zaak = in_behandeling(coach, teamleider, besluit)
    with refusal(r"Schrijf op waarom meer tijd nodig is\. Dat staat ook in de brief\."):
        services.bezwaar_extend(request=request_as(teamleider), zaak=zaak, reason=" ", expected_version=zaak.version)
    zaak = decide_bezwaar(teamleider, hear_bezwaar(teamleider, zaak))
    with pytest.raises(ValidationError, match="al afgehandeld"):
        services.bezwaar_extend(request=request_as(teamleider), zaak=zaak, reason="x", expected_version=zaak.version)
    assert not letters(zaak, BriefKind.VERDAGING).exists()


# --------------------------------------------------------------------------- portal


def test_a_client_objects_in_the_portal_to_their_own_decision(client_user, client_obj, besluit):
    zaak = services.bezwaar_file(request=request_as(client_user), against=besluit, grounds="Ik was ziek.")
    zaak = fresh(zaak)
    assert (zaak.client, zaak.channel, zaak.created_by, zaak.bezwaar.on_time) == (
        client_obj,
        "portaal",
        client_user,
        True,
    )
    assert letter_kinds(zaak) == [BriefKind.ONTVANGST_BEZWAAR]


def test_a_client_cannot_object_to_another_clients_decision(client_user, other_coach, foreign_client, regel):
    theirs = impose(other_coach, foreign_client, regel)
    with pytest.raises(PermissionDenied):
        services.bezwaar_file(request=request_as(client_user), against=theirs, grounds="Niet eens.")
    with pytest.raises(PermissionDenied):
        services.bezwaar_file(request=request_as(client_user), against=None, grounds="Niet eens.")
    assert not Zaak.objects.filter(soort="bezwaar").exists()


def test_only_a_client_objects_in_the_portal(coach, besluit):
    with pytest.raises(PermissionDenied):
        services.bezwaar_file(request=request_as(coach), against=besluit, grounds="x")
