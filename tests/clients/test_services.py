from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from clients import services
from clients.models import Afspraak, Client, Overdracht
from clients.workflow import AfspraakOutcome, Channel, OverdrachtReason
from reintegratie.audit.models import AccessLog
from tests.dbstate import refusal
from tests.factories import AfspraakFactory, ClientFactory, UserFactory, bsn_for

pytestmark = pytest.mark.django_db


def request_as(user):
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
    request.user = user
    return request


def client_fields(**overrides):
    fields = {
        "bsn": bsn_for(900),
        "first_name": "Piet",
        "last_name": "Jansen",
        "date_of_birth": timezone.localdate().replace(year=1980),
    }
    fields.update(overrides)
    return fields


def test_register_client_records_first_assignment_and_audit(coach):
    client = services.client_register(request=request_as(coach), coach=coach, **client_fields())

    assert client.coach == coach
    overdracht = Overdracht.objects.get(client=client)
    assert overdracht.from_coach is None
    assert overdracht.reason == OverdrachtReason.EERSTE_TOEWIJZING
    assert overdracht.acknowledged_at is not None  # own registration: nothing to read
    log = AccessLog.objects.get(client=client)
    assert (log.user, log.action, log.ip) == (coach, "change", "10.1.2.3")


def test_register_client_numbers_follow_each_other(coach):
    first = services.client_register(request=request_as(coach), coach=coach, **client_fields())
    second = services.client_register(request=request_as(coach), coach=coach, **client_fields(bsn=bsn_for(901)))
    assert second.client_number == first.client_number + 1


def test_register_client_refuses_duplicate_bsn_and_writes_nothing(coach):
    services.client_register(request=request_as(coach), coach=coach, **client_fields())
    with refusal(r"Er bestaat al een Cliënt met eenzelfde BSN\.") as excinfo:
        services.client_register(request=request_as(coach), coach=coach, **client_fields(first_name="Ander"))
    assert "bsn" in excinfo.value.message_dict
    assert Client.objects.count() == 1
    assert Overdracht.objects.count() == 1


def test_register_client_refuses_a_non_coach_as_coach(coach, teamleider):
    with refusal(r"Kies een actieve werkcoach\.") as excinfo:
        services.client_register(request=request_as(teamleider), coach=teamleider, **client_fields())
    assert "coach" in excinfo.value.message_dict
    assert not Client.objects.exists()


def test_register_client_refuses_invalid_bsn(coach):
    with refusal(r"Dit BSN klopt niet: het voldoet niet aan de elfproef\. Misschien is er "):
        services.client_register(request=request_as(coach), coach=coach, **client_fields(bsn="123456781"))
    assert not Client.objects.exists()


def test_reassign_records_handover_with_note_and_changes_coach(teamleider, coach, colleague):
    clients = ClientFactory.create_batch(3, coach=coach)
    count = services.clients_reassign(
        request=request_as(teamleider),
        client_ids=[c.pk for c in clients],
        to_coach=colleague,
        reason=OverdrachtReason.HERVERDELING,
        note="Let op: ochtenden zijn lastig.",
    )
    assert count == 3
    for client in clients:
        client.refresh_from_db()
        assert client.coach == colleague
        handover = Overdracht.objects.get(client=client, from_coach__isnull=False)
        assert (handover.from_coach, handover.to_coach, handover.note) == (
            coach,
            colleague,
            "Let op: ochtenden zijn lastig.",
        )
        assert handover.acknowledged_at is None
    assert AccessLog.objects.filter(action="change", user=teamleider).count() == 3


def test_reassign_is_refused_for_a_werkcoach(coach, colleague):
    client = ClientFactory(coach=coach)
    with refusal(r"Alleen een teamleider kan cliënten overdragen\."):
        services.clients_reassign(
            request=request_as(coach), client_ids=[client.pk], to_coach=colleague, reason="herverdeling", note="x"
        )
    client.refresh_from_db()
    assert client.coach == coach


def test_reassign_is_all_or_nothing_when_one_client_is_outside_the_team(teamleider, coach, colleague, foreign_client):
    own = ClientFactory(coach=coach)
    with refusal(r"Een of meer cliënten horen niet bij uw team\."):
        services.clients_reassign(
            request=request_as(teamleider),
            client_ids=[own.pk, foreign_client.pk],
            to_coach=colleague,
            reason=OverdrachtReason.HERVERDELING,
            note="Notitie",
        )
    own.refresh_from_db()
    assert own.coach == coach
    assert not Overdracht.objects.filter(from_coach__isnull=False).exists()


@pytest.mark.parametrize(
    ("reason", "note", "field"),
    [
        ("eerste_toewijzing", "Notitie", "reason"),
        ("onzin", "Notitie", "reason"),
        ("herverdeling", "   ", "note"),
    ],
)
def test_reassign_needs_a_real_reason_and_a_note(teamleider, coach, colleague, reason, note, field):
    client = ClientFactory(coach=coach)
    with refusal(
        r"Kies een reden voor de overdracht\.|"
        r"Schrijf een overdrachtsnotitie voor de nieuwe werkcoach\."
    ) as excinfo:
        services.clients_reassign(
            request=request_as(teamleider), client_ids=[client.pk], to_coach=colleague, reason=reason, note=note
        )
    assert field in excinfo.value.message_dict


def test_reassign_to_the_current_coach_is_refused(teamleider, coach):
    client = ClientFactory(coach=coach)
    with refusal(r"Sanne de Vries is al de werkcoach van 1 van deze cliënten\."):
        services.clients_reassign(
            request=request_as(teamleider), client_ids=[client.pk], to_coach=coach, reason="herverdeling", note="x"
        )


def test_reassign_to_an_inactive_coach_is_refused(teamleider, coach, colleague):
    colleague.is_active = False
    colleague.save()
    client = ClientFactory(coach=coach)
    with refusal(r"Kies een actieve werkcoach\."):
        services.clients_reassign(
            request=request_as(teamleider), client_ids=[client.pk], to_coach=colleague, reason="herverdeling", note="x"
        )


def test_only_the_new_coach_acknowledges_a_handover(teamleider, coach, colleague):
    client = ClientFactory(coach=coach)
    services.clients_reassign(
        request=request_as(teamleider), client_ids=[client.pk], to_coach=colleague, reason="herverdeling", note="x"
    )
    handover = Overdracht.objects.get(client=client, from_coach=coach)
    with refusal(r"Alleen de nieuwe werkcoach kan de overdracht als gelezen markeren\."):
        services.overdracht_acknowledge(overdracht=handover, user=coach)
    services.overdracht_acknowledge(overdracht=handover, user=colleague)
    handover.refresh_from_db()
    assert handover.acknowledged_at is not None


def test_contactmoment_in_the_future_is_refused(client_obj, coach):
    with refusal(r"Een contactmoment kan niet in de toekomst liggen\.") as excinfo:
        services.contactmoment_create(
            request=request_as(coach),
            client=client_obj,
            at=timezone.now() + timedelta(days=1),
            channel=Channel.TELEFOON,
            summary="x",
            agreements="",
            shared_with_client=False,
        )
    assert "at" in excinfo.value.message_dict


def test_afspraak_in_the_past_is_refused(client_obj, coach):
    with refusal(r"Een nieuwe afspraak moet in de toekomst liggen\.") as excinfo:
        services.afspraak_create(
            request=request_as(coach),
            client=client_obj,
            starts_at=timezone.now() - timedelta(hours=1),
            duration_minutes=30,
            place="Stadswinkel",
            purpose="Gesprek",
        )
    assert "starts_at" in excinfo.value.message_dict
    assert not Afspraak.objects.exists()


def test_afspraak_defaults_to_the_clients_coach(client_obj, teamleider):
    afspraak = services.afspraak_create(
        request=request_as(teamleider),
        client=client_obj,
        starts_at=timezone.now() + timedelta(days=2),
        duration_minutes=30,
        place="Stadswinkel",
        purpose="Gesprek",
    )
    assert afspraak.with_user == client_obj.coach


def test_future_afspraak_can_only_be_cancelled(client_obj, coach):
    afspraak = AfspraakFactory(client=client_obj)
    for outcome in (AfspraakOutcome.VERSCHENEN, AfspraakOutcome.NIET_VERSCHENEN):
        with refusal(r"Deze afspraak is nog niet begonnen\. U kunt alleen 'Afgezegd' kiezen\."):
            services.afspraak_record_outcome(request=request_as(coach), afspraak=afspraak, outcome=outcome, note="x")
    services.afspraak_record_outcome(request=request_as(coach), afspraak=afspraak, outcome=AfspraakOutcome.AFGEZEGD)
    afspraak.refresh_from_db()
    assert afspraak.outcome == AfspraakOutcome.AFGEZEGD
    assert afspraak.outcome_recorded_by == coach


def test_no_show_needs_a_note(client_obj, coach):
    afspraak = AfspraakFactory(client=client_obj, starts_at=timezone.now() - timedelta(hours=2))
    with refusal(r"Schrijf op wat u weet over het niet verschijnen\.") as excinfo:
        services.afspraak_record_outcome(
            request=request_as(coach), afspraak=afspraak, outcome=AfspraakOutcome.NIET_VERSCHENEN, note=" "
        )
    assert "note" in excinfo.value.message_dict
    services.afspraak_record_outcome(
        request=request_as(coach), afspraak=afspraak, outcome=AfspraakOutcome.NIET_VERSCHENEN, note="Niet gebeld."
    )


def test_outcome_is_recorded_only_once(client_obj, coach):
    afspraak = AfspraakFactory(client=client_obj, starts_at=timezone.now() - timedelta(hours=2))
    services.afspraak_record_outcome(request=request_as(coach), afspraak=afspraak, outcome=AfspraakOutcome.VERSCHENEN)
    with refusal(r"De uitkomst van deze afspraak is al vastgelegd\."):
        services.afspraak_record_outcome(request=request_as(coach), afspraak=afspraak, outcome=AfspraakOutcome.AFGEZEGD)
    afspraak.refresh_from_db()
    assert afspraak.outcome == AfspraakOutcome.VERSCHENEN


def test_unknown_outcome_is_refused(client_obj, coach):
    afspraak = AfspraakFactory(client=client_obj)
    with refusal(r"Kies een uitkomst\."):
        services.afspraak_record_outcome(request=request_as(coach), afspraak=afspraak, outcome="weggelopen")


def test_user_factory_roles_satisfy_database_constraints(db):
    # The check constraints on User hold for every role the factories make.
    UserFactory(teamleider=True)
    UserFactory(beheerder=True)
    UserFactory(client_account=True)
    UserFactory(aanbieder_account=True)


def test_contactmoment_more_than_five_years_back_is_refused(client_obj, coach):
    with refusal(r"Deze datum ligt meer dan 5 jaar terug\. Controleer de datum\.") as excinfo:
        services.contactmoment_create(
            request=request_as(coach),
            client=client_obj,
            at=timezone.now() - timedelta(days=6 * 365),
            channel=Channel.TELEFOON,
            summary="x",
        )
    assert "5 jaar" in excinfo.value.message_dict["at"][0]


def test_afspraak_more_than_two_years_ahead_is_refused(client_obj, coach):
    with refusal(r"Deze datum ligt meer dan 2 jaar vooruit\. Controleer de datum\.") as excinfo:
        services.afspraak_create(
            request=request_as(coach),
            client=client_obj,
            starts_at=timezone.now() + timedelta(days=3 * 365),
            duration_minutes=30,
            place="Stadswinkel",
            purpose="Gesprek",
        )
    assert "2 jaar" in excinfo.value.message_dict["starts_at"][0]
