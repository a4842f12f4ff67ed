"""Complaints (Awb chapter 9) against the real database; also what every zaak shares.

Optimistic locking, the append-only timeline and the access policy are tested
here once for all soorten.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from clients.services import EditConflict
from klachten import deadlines, services
from klachten.models import Klacht, Zaak, ZaakGebeurtenis
from klachten.workflow import GebeurtenisKind, ZaakStatus
from reintegratie.audit.models import AccessLog
from reintegratie.documents.models import BriefKind
from tests.dbstate import refusal
from tests.factories import ClientFactory, UserFactory
from tests.klachten.helpers import (
    assign_klacht,
    days_ago,
    decide_klacht,
    fresh,
    hear_klacht,
    klacht_ready,
    letter_kinds,
    letters,
    register_klacht,
    request_as,
    status_changes,
    timeline,
    today,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- register


def test_register_acknowledges_in_writing_and_sets_the_six_week_term(coach, client_obj):
    received = days_ago(2)
    zaak = register_klacht(coach, client_obj, received_on=received)

    termijn = deadlines.klacht_beslistermijn(received_on=received)
    assert zaak.status == ZaakStatus.ONTVANGEN and zaak.soort == "klacht"
    assert (zaak.deadline, zaak.deadline_nominal, zaak.deadline_rule) == (
        termijn.end,
        termijn.nominal_end,
        "Awb 9:11 lid 1",
    )
    assert termijn.nominal_end == received + timedelta(weeks=6)
    assert zaak.klacht.acknowledged_on == today()
    assert zaak.handler is None and zaak.created_by == coach
    assert list(timeline(zaak).values_list("kind", "to_status")) == [(GebeurtenisKind.AANGEMAAKT, "ontvangen")]
    assert letter_kinds(zaak) == [BriefKind.ONTVANGST_KLACHT]
    assert AccessLog.objects.filter(client=client_obj, action="change").count() == 1


def test_a_complaints_committee_gives_ten_weeks(coach, client_obj):
    received = days_ago(1)
    zaak = register_klacht(coach, client_obj, received_on=received, committee=True)

    termijn = deadlines.klacht_beslistermijn(received_on=received, committee=True)
    assert zaak.deadline == termijn.end
    assert zaak.deadline_nominal == received + timedelta(weeks=10)
    assert "klachtencommissie" in zaak.deadline_reason


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("category", "onzin"),
        ("description", "   "),
        ("received_on", "tomorrow"),
        ("channel", "duif"),
    ],
)
def test_register_refuses_incomplete_input_and_writes_nothing(coach, client_obj, field, value):
    if value == "tomorrow":
        value = today() + timedelta(days=1)
    with refusal(
        r"De datum van ontvangst kan niet in de toekomst liggen\.|"
        r"Kies hoe de klacht binnenkwam\.|"
        r"Kies waar de klacht over gaat\.|"
        r"Schrijf op wat er is gebeurd\."
    ) as refused:
        register_klacht(coach, client_obj, **{field: value})
    assert field in refused.value.message_dict
    assert not Zaak.objects.exists()


def test_a_complaint_is_about_a_staff_member_not_about_a_client(coach, client_obj, client_user):
    with pytest.raises(ValidationError, match="medewerker"):
        register_klacht(coach, client_obj, about_user=client_user)
    assert not Zaak.objects.exists()


def test_only_a_coach_or_teamleider_who_sees_the_client_registers(
    client_obj, other_coach, colleague, aanbieder_user, client_user, teamleider
):
    for outsider in (other_coach, colleague, aanbieder_user, client_user):
        with pytest.raises(PermissionDenied):
            register_klacht(outsider, client_obj)
    assert register_klacht(teamleider, client_obj).status == ZaakStatus.ONTVANGEN


def test_the_acknowledgement_is_published_only_after_commit(
    django_capture_on_commit_callbacks, monkeypatch, coach, client_obj
):
    from reintegratie.documents import services as documents

    published = []
    monkeypatch.setattr(documents, "brief_publish", published.append)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        zaak = register_klacht(coach, client_obj)
        assert published == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert published == [letters(zaak).get().pk]


# --------------------------------------------------------------------------- handle and decide


def test_happy_path_register_assign_hear_decide(coach, teamleider, client_obj):
    zaak = register_klacht(coach, client_obj, about_user=coach)
    zaak = assign_klacht(teamleider, zaak, teamleider)
    assert (zaak.status, zaak.handler) == (ZaakStatus.IN_BEHANDELING, teamleider)
    zaak = hear_klacht(teamleider, zaak)
    zaak = decide_klacht(teamleider, zaak, judgement="deels_gegrond")

    zaak = fresh(zaak)
    assert zaak.status == ZaakStatus.AFGEHANDELD
    assert (zaak.decided_on, zaak.decided_by) == (today(), teamleider)
    assert zaak.motivation == "Het gesprek is nagegaan met de coach."
    assert zaak.deadline is None and zaak.deadline_rule == ""
    assert zaak.klacht.judgement == "deels_gegrond"
    assert status_changes(zaak) == [("ontvangen", "in_behandeling"), ("in_behandeling", "afgehandeld")]
    assert list(timeline(zaak).values_list("kind", flat=True)) == [
        GebeurtenisKind.AANGEMAAKT,
        GebeurtenisKind.BEHANDELAAR,
        GebeurtenisKind.STATUS,
        GebeurtenisKind.HOREN,
        GebeurtenisKind.STATUS,
    ]
    assert letter_kinds(zaak) == sorted([BriefKind.ONTVANGST_KLACHT, BriefKind.BESLISSING_KLACHT])
    assert zaak.version == 5  # created, assigned, heard, decided (+ the first save)


def test_the_person_complained_about_cannot_handle_it(coach, teamleider, client_obj):
    """Awb 9:7."""
    zaak = register_klacht(coach, client_obj, about_user=coach)
    # Neither as the one who assigns, nor as the handler.
    with pytest.raises(ValidationError, match="Deze klacht gaat over u"):
        assign_klacht(coach, zaak, coach)
    with pytest.raises(ValidationError, match="gaat over deze medewerker"):
        assign_klacht(teamleider, zaak, coach)
    after = fresh(zaak)
    assert (after.status, after.handler, after.version) == (ZaakStatus.ONTVANGEN, None, zaak.version)
    assert not timeline(zaak, GebeurtenisKind.BEHANDELAAR).exists()


@pytest.mark.parametrize("who", ["colleague", "other_coach", "client_user", "none"])
def test_the_handler_must_be_someone_who_may_see_the_client(request, coach, client_obj, who):
    handler = None if who == "none" else request.getfixturevalue(who)
    zaak = register_klacht(coach, client_obj)
    with pytest.raises(ValidationError, match="behandelaar die deze cliënt mag zien"):
        assign_klacht(coach, zaak, handler)
    assert fresh(zaak).status == ZaakStatus.ONTVANGEN


def test_decide_is_refused_without_hearing_or_a_reason_to_skip_it(coach, client_obj):
    zaak = assign_klacht(coach, register_klacht(coach, client_obj), coach)
    with pytest.raises(ValidationError, match="Hoor eerst de cliënt"):
        decide_klacht(coach, zaak)
    assert fresh(zaak).status == ZaakStatus.IN_BEHANDELING
    assert not letters(zaak, BriefKind.BESLISSING_KLACHT).exists()

    zaak = hear_klacht(coach, zaak, hearing_on=None, report="", skip_reason="De cliënt wilde niet gehoord worden.")
    assert zaak.klacht.hearing_skip_reason == "De cliënt wilde niet gehoord worden."
    assert decide_klacht(coach, zaak).status == ZaakStatus.AFGEHANDELD


def test_decide_is_refused_on_a_complaint_nobody_handles_yet(coach, client_obj):
    zaak = register_klacht(coach, client_obj)
    with pytest.raises(ValidationError, match="kan niet naar 'Beslist'"):
        decide_klacht(coach, zaak)
    # Also when the status says in behandeling but no handler was chosen.
    Zaak.objects.filter(pk=zaak.pk).update(status=ZaakStatus.IN_BEHANDELING)
    Klacht.objects.filter(pk=zaak.pk).update(hearing_skip_reason="Niet nodig.")
    with pytest.raises(ValidationError, match="Kies eerst een behandelaar"):
        decide_klacht(coach, fresh(zaak))
    assert fresh(zaak).status == ZaakStatus.IN_BEHANDELING


def test_the_person_complained_about_cannot_decide(coach, teamleider, client_obj):
    zaak = klacht_ready(coach, client_obj, handler=teamleider, about_user=coach)
    with pytest.raises(ValidationError, match="klacht gaat over u"):
        decide_klacht(coach, zaak)
    assert fresh(zaak).status == ZaakStatus.IN_BEHANDELING
    assert decide_klacht(teamleider, zaak).decided_by == teamleider


def test_decide_needs_findings_a_judgement_and_conclusions(coach, client_obj):
    zaak = klacht_ready(coach, client_obj)
    with refusal(r"Schrijf op wat er is onderzocht en gevonden\.") as refused:
        decide_klacht(coach, zaak, findings=" ", judgement="weet niet", conclusions="")
    assert set(refused.value.message_dict) == {"findings", "judgement", "conclusions"}
    assert fresh(zaak).version == zaak.version


def test_a_decided_complaint_cannot_be_decided_again(coach, client_obj):
    zaak = decide_klacht(coach, klacht_ready(coach, client_obj))
    with pytest.raises(ValidationError, match="kan niet naar"):
        decide_klacht(coach, zaak)
    assert letters(zaak, BriefKind.BESLISSING_KLACHT).count() == 1


def test_hearing_rules(coach, client_obj):
    zaak = register_klacht(coach, client_obj)
    with pytest.raises(ValidationError, match="in behandeling"):
        hear_klacht(coach, zaak)
    zaak = assign_klacht(coach, zaak, coach)
    with refusal(r"Leg het horen vast nadat het is gebeurd\.") as refused:
        hear_klacht(coach, zaak, hearing_on=today() + timedelta(days=1), report="")
    assert set(refused.value.message_dict) == {"hearing_on", "report"}
    with refusal(r"Vul de datum van het horen in, of schrijf op waarom de cliënt niet is ") as refused:
        hear_klacht(coach, zaak, hearing_on=None, report="", skip_reason=" ")
    assert set(refused.value.message_dict) == {"skip_reason"}
    assert not timeline(zaak, GebeurtenisKind.HOREN).exists()


# --------------------------------------------------------------------------- informal settlement


def test_informal_settlement_needs_the_clients_confirmed_satisfaction(coach, client_obj):
    """Awb 9:5: the satisfaction must be provable."""
    zaak = register_klacht(coach, client_obj)
    with refusal(r"Schrijf op hoe de cliënt liet weten tevreden te zijn, bijvoorbeeld per") as refused:
        services.klacht_settle(
            request=request_as(coach),
            zaak=zaak,
            solution="Excuses gemaakt.",
            satisfaction_confirmed="  ",
            expected_version=zaak.version,
        )
    assert set(refused.value.message_dict) == {"satisfaction_confirmed"}
    assert fresh(zaak).status == ZaakStatus.ONTVANGEN

    settled = services.klacht_settle(
        request=request_as(coach),
        zaak=zaak,
        solution="Excuses gemaakt.",
        satisfaction_confirmed="Per e-mail van 3 maart bevestigd.",
        expected_version=zaak.version,
    )
    settled = fresh(settled)
    assert settled.status == ZaakStatus.INFORMEEL_OPGELOST
    assert settled.klacht.satisfaction_confirmed == "Per e-mail van 3 maart bevestigd."
    assert (settled.decided_on, settled.decided_by, settled.deadline) == (today(), coach, None)
    assert status_changes(settled) == [("ontvangen", "informeel_opgelost")]
    assert letter_kinds(settled) == [BriefKind.ONTVANGST_KLACHT]


def test_a_settled_complaint_cannot_be_settled_or_decided_again(coach, client_obj):
    zaak = assign_klacht(coach, register_klacht(coach, client_obj), coach)
    zaak = services.klacht_settle(
        request=request_as(coach),
        zaak=zaak,
        solution="Opgelost.",
        satisfaction_confirmed="Aan de telefoon.",
        expected_version=zaak.version,
    )
    with pytest.raises(ValidationError, match="kan niet naar"):
        services.klacht_settle(
            request=request_as(coach),
            zaak=zaak,
            solution="Opgelost.",
            satisfaction_confirmed="Aan de telefoon.",
            expected_version=zaak.version,
        )
    assert status_changes(zaak) == [("ontvangen", "in_behandeling"), ("in_behandeling", "informeel_opgelost")]


# --------------------------------------------------------------------------- extension


def test_extension_moves_the_term_four_weeks_once_with_a_letter(coach, client_obj):
    """Awb 9:11 lid 2."""
    received = days_ago(10)
    zaak = register_klacht(coach, client_obj, received_on=received)
    before = zaak.deadline_nominal
    zaak = services.klacht_extend(
        request=request_as(coach), zaak=zaak, reason="Wij wachten op de aanbieder.", expected_version=zaak.version
    )

    termijn = deadlines.klacht_verdaging(deadlines.klacht_beslistermijn(received_on=received))
    assert (zaak.deadline, zaak.deadline_nominal) == (termijn.end, termijn.nominal_end)
    assert zaak.deadline_nominal == before + timedelta(weeks=4)
    assert zaak.deadline_rule == "Awb 9:11 lid 2"
    assert (zaak.extended_on, zaak.extension_reason) == (today(), "Wij wachten op de aanbieder.")
    assert timeline(zaak, GebeurtenisKind.VERDAAGD).count() == 1
    assert letters(zaak, BriefKind.VERDAGING).count() == 1

    with pytest.raises(ValidationError, match="al een keer verlengd"):
        services.klacht_extend(
            request=request_as(coach), zaak=zaak, reason="Nog meer tijd.", expected_version=zaak.version
        )
    assert fresh(zaak).deadline == termijn.end
    assert letters(zaak, BriefKind.VERDAGING).count() == 1


def test_extension_with_a_committee_counts_from_the_ten_week_term(coach, client_obj):
    received = days_ago(3)
    zaak = register_klacht(coach, client_obj, received_on=received, committee=True)
    zaak = services.klacht_extend(
        request=request_as(coach), zaak=zaak, reason="Commissie.", expected_version=zaak.version
    )
    assert zaak.deadline_nominal == received + timedelta(weeks=14)


def test_extension_is_refused_after_the_deadline_or_without_a_reason(coach, client_obj):
    zaak = register_klacht(coach, client_obj, received_on=days_ago(60))
    assert zaak.deadline < today()
    with pytest.raises(ValidationError, match="al voorbij"):
        services.klacht_extend(request=request_as(coach), zaak=zaak, reason="Te laat.", expected_version=zaak.version)
    with refusal(r"Schrijf op waarom meer tijd nodig is\. Dat staat ook in de brief\.") as refused:
        services.klacht_extend(request=request_as(coach), zaak=zaak, reason=" ", expected_version=zaak.version)
    assert "reason" in refused.value.message_dict
    after = fresh(zaak)
    assert after.extended_on is None and after.deadline == zaak.deadline
    assert not letters(zaak, BriefKind.VERDAGING).exists()


def test_a_closed_complaint_is_not_extended(coach, client_obj):
    zaak = decide_klacht(coach, klacht_ready(coach, client_obj))
    with pytest.raises(ValidationError, match="al afgehandeld"):
        services.klacht_extend(request=request_as(coach), zaak=zaak, reason="x", expected_version=zaak.version)


# --------------------------------------------------------------------------- withdraw


def test_withdrawal_needs_a_note_and_closes_the_term(coach, client_obj):
    zaak = register_klacht(coach, client_obj)
    with refusal(r"Schrijf op hoe de cliënt liet weten de zaak in te trekken\."):
        services.zaak_withdraw(request=request_as(coach), zaak=zaak, note=" ", expected_version=zaak.version)
    zaak = services.zaak_withdraw(
        request=request_as(coach), zaak=zaak, note="Cliënt belde.", expected_version=zaak.version
    )
    assert (zaak.status, zaak.deadline) == (ZaakStatus.INGETROKKEN, None)
    assert status_changes(zaak) == [("ontvangen", "ingetrokken")]
    with pytest.raises(ValidationError, match="kan niet naar"):
        services.zaak_withdraw(request=request_as(coach), zaak=zaak, note="Nog eens.", expected_version=zaak.version)


# --------------------------------------------------------------------------- portal


def test_a_client_files_a_complaint_about_their_own_coach_in_the_portal(coach, teamleider, client_obj, client_user):
    zaak = services.klacht_file(
        request=request_as(client_user),
        category="bejegening",
        description="Mijn coach luistert niet.",
        about_coach=True,
    )
    assert (zaak.client, zaak.channel, zaak.created_by) == (client_obj, "portaal", client_user)
    assert zaak.klacht.about_user == coach
    assert zaak.received_on == today()
    assert zaak.deadline == deadlines.klacht_beslistermijn(received_on=today()).end
    assert letter_kinds(zaak) == [BriefKind.ONTVANGST_KLACHT]
    # The coach it is about cannot handle it; the teamleider can.
    with refusal(r"Deze klacht gaat over u\. Een collega behandelt de klacht; u kunt hier "):
        assign_klacht(coach, zaak, coach)
    assert assign_klacht(teamleider, zaak, teamleider).handler == teamleider


def test_only_a_client_files_in_the_portal(coach, aanbieder_user, client_obj):
    for user in (coach, aanbieder_user):
        with pytest.raises(PermissionDenied):
            services.klacht_file(request=request_as(user), category="anders", description="x")
    client_without_file = UserFactory(client_account=True)
    with pytest.raises(PermissionDenied):
        services.klacht_file(request=request_as(client_without_file), category="anders", description="x")
    assert not Zaak.objects.exists()


# --------------------------------------------------------------------------- optimistic locking


def test_a_stale_edit_raises_edit_conflict_and_writes_nothing(coach, teamleider, client_obj):
    zaak = register_klacht(coach, client_obj)
    stale = zaak.version
    services.zaak_update(request=request_as(coach), zaak=zaak, expected_version=stale, description="Eerste versie.")
    events = timeline(zaak).count()

    with pytest.raises(EditConflict) as conflict:
        services.zaak_update(request=request_as(teamleider), zaak=zaak, expected_version=stale, description="Tweede.")
    assert conflict.value.code == "conflict"
    after = fresh(zaak)
    assert after.version == stale + 1
    assert after.klacht.description == "Eerste versie."
    assert timeline(zaak).count() == events


def test_a_stale_transition_raises_edit_conflict_and_writes_nothing(coach, client_obj):
    zaak = register_klacht(coach, client_obj)
    services.zaak_update(request=request_as(coach), zaak=zaak, expected_version=zaak.version, wish="Excuses.")
    with pytest.raises(EditConflict):
        assign_klacht(coach, zaak, coach)  # zaak.version is one behind now
    after = fresh(zaak)
    assert (after.status, after.handler, after.version) == (ZaakStatus.ONTVANGEN, None, zaak.version + 1)
    assert status_changes(zaak) == []
    assert not timeline(zaak, GebeurtenisKind.BEHANDELAAR).exists()


def test_zaak_update_corrects_only_descriptive_fields_of_an_open_zaak(coach, client_obj):
    zaak = register_klacht(coach, client_obj)
    with pytest.raises(ValueError, match="not editable"):
        services.zaak_update(request=request_as(coach), zaak=zaak, expected_version=zaak.version, committee=True)
    with refusal(r"Dit veld mag niet leeg zijn\.") as refused:
        services.zaak_update(
            request=request_as(coach), zaak=zaak, expected_version=zaak.version, description=" ", category="x"
        )
    assert set(refused.value.message_dict) == {"description", "category"}

    updated = services.zaak_update(
        request=request_as(coach), zaak=zaak, expected_version=zaak.version, category="brieven"
    )
    assert updated.version == zaak.version + 1
    assert fresh(zaak).klacht.category == "brieven"
    edit = timeline(zaak, GebeurtenisKind.GEWIJZIGD).get()
    assert edit.for_client is False

    closed = services.zaak_withdraw(request=request_as(coach), zaak=updated, note="x", expected_version=updated.version)
    with pytest.raises(ValidationError, match="afgehandelde zaak"):
        services.zaak_update(request=request_as(coach), zaak=closed, expected_version=closed.version, wish="y")


# --------------------------------------------------------------------------- append-only timeline


def test_a_timeline_row_cannot_be_saved_again(coach, client_obj):
    row = timeline(register_klacht(coach, client_obj)).get()
    row.text = "Achteraf aangepast."
    with pytest.raises(ValueError, match="append-only"):
        row.save()
    assert ZaakGebeurtenis.objects.get(pk=row.pk).text == "Klacht ontvangen."


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE klachten_zaakgebeurtenis SET text = 'weg' WHERE id = %s",
        "DELETE FROM klachten_zaakgebeurtenis WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_a_timeline_row(require_postgres, coach, client_obj, sql):
    row = timeline(register_klacht(coach, client_obj)).get()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [row.pk])
    assert ZaakGebeurtenis.objects.get(pk=row.pk).text == "Klacht ontvangen."


def test_the_orm_update_of_a_timeline_is_refused_too(require_postgres, coach, client_obj):
    zaak = register_klacht(coach, client_obj)
    with pytest.raises(DatabaseError), transaction.atomic():
        ZaakGebeurtenis.objects.filter(zaak=zaak).update(for_client=False)
    assert timeline(zaak).get().for_client is True


# --------------------------------------------------------------------------- access


def test_visible_to_follows_the_one_access_policy(
    coach,
    colleague,
    other_coach,
    teamleider,
    other_teamleider,
    aanbieder_user,
    beheerder,
    client_obj,
    client_user,
    foreign_client,
):
    mine = register_klacht(coach, client_obj)
    theirs = register_klacht(other_coach, foreign_client)

    def visible(user):
        return set(Zaak.objects.visible_to(user))

    assert visible(coach) == {mine}
    assert visible(teamleider) == {mine}
    assert visible(client_user) == {mine}
    assert visible(other_coach) == {theirs}
    assert visible(other_teamleider) == {theirs}
    assert visible(colleague) == set()
    assert visible(aanbieder_user) == set()
    assert visible(beheerder) == set()
    # Another client of the same coach sees nothing of this one.
    neighbour = ClientFactory(coach=coach)
    neighbour.user = UserFactory(client_account=True)
    neighbour.save(update_fields=["user"])
    assert visible(neighbour.user) == set()
