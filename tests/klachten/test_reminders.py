"""zaken_remind: a reminder before each deadline, an overdue notice after it, once each, without personal data."""

from datetime import timedelta

import pytest

from klachten import services
from klachten.workflow import GebeurtenisKind
from reintegratie.dates import datum
from reintegratie.outbox.services import outbox_flush
from tests.factories import UserFactory
from tests.klachten.helpers import assign_klacht, fresh, register_klacht, request_as, timeline, today

pytestmark = pytest.mark.django_db


def remind(day):
    """Run the daily reminders, then let the outbox deliver what they queued."""
    result = services.zaken_remind(today=day)
    outbox_flush()
    return result


def assert_no_personal_data(message, client):
    text = f"{message.subject}\n{message.body}"
    for value in (client.first_name, client.last_name, client.bsn, str(client.client_number)):
        assert value not in text


def test_one_reminder_per_deadline_to_the_handler(mailoutbox, coach, teamleider, client_obj):
    zaak = assign_klacht(coach, register_klacht(coach, client_obj), teamleider)
    deadline = zaak.deadline

    assert remind(deadline - timedelta(days=3)) == (1, 0)

    [message] = mailoutbox
    assert message.to == [teamleider.email]
    assert zaak.reference in message.subject and "loopt bijna af" in message.subject
    assert datum(deadline) in message.body and "over 3 dagen" in message.body
    assert_no_personal_data(message, client_obj)
    assert fresh(zaak).reminded_for == deadline
    assert timeline(zaak, GebeurtenisKind.HERINNERING).get().for_client is False

    # Not twice: not the same day, not the days after.
    assert remind(deadline - timedelta(days=3)) == (0, 0)
    assert remind(deadline - timedelta(days=1)) == (0, 0)
    assert remind(deadline) == (0, 0)
    assert len(mailoutbox) == 1


def test_a_new_deadline_gets_its_own_reminder(mailoutbox, coach, client_obj):
    zaak = register_klacht(coach, client_obj)
    assert remind(zaak.deadline - timedelta(days=2)) == (1, 0)
    zaak = services.klacht_extend(
        request=request_as(coach), zaak=zaak, reason="Wachten op de aanbieder.", expected_version=zaak.version
    )

    assert remind(zaak.deadline - timedelta(days=1)) == (1, 0)
    assert len(mailoutbox) == 2
    assert datum(zaak.deadline) in mailoutbox[1].body
    assert fresh(zaak).reminded_for == zaak.deadline
    assert timeline(zaak, GebeurtenisKind.HERINNERING).count() == 2


@pytest.mark.parametrize(("days_before", "sent"), [(6, 0), (5, 1), (1, 1), (0, 1)])
def test_the_reminder_comes_five_days_before_the_deadline(mailoutbox, coach, client_obj, days_before, sent):
    zaak = register_klacht(coach, client_obj)
    assert remind(zaak.deadline - timedelta(days=days_before)) == (sent, 0)
    assert len(mailoutbox) == sent


def test_without_a_handler_the_coach_is_reminded(mailoutbox, coach, client_obj):
    zaak = register_klacht(coach, client_obj)
    assert zaak.handler is None
    remind(zaak.deadline - timedelta(days=1))
    assert [m.to for m in mailoutbox] == [[coach.email]]


def test_an_overdue_zaak_is_flagged_once_to_the_handler_and_the_teamleider(
    mailoutbox, coach, teamleider, other_teamleider, client_obj
):
    UserFactory(teamleider=True, team=teamleider.team, is_active=False)
    zaak = register_klacht(coach, client_obj)
    deadline = zaak.deadline

    assert remind(deadline + timedelta(days=1)) == (0, 1)

    [message] = mailoutbox
    assert sorted(message.to) == sorted([coach.email, teamleider.email])
    assert zaak.reference in message.subject and "verstreken" in message.subject
    assert datum(deadline) in message.body
    assert_no_personal_data(message, client_obj)
    assert fresh(zaak).overdue_notified_for == deadline
    assert timeline(zaak, GebeurtenisKind.TE_LAAT).get().for_client is False

    assert remind(deadline + timedelta(days=1)) == (0, 0)
    assert remind(deadline + timedelta(days=10)) == (0, 0)
    assert len(mailoutbox) == 1


def test_a_teamleider_who_handles_the_zaak_gets_the_overdue_notice_once(mailoutbox, coach, teamleider, client_obj):
    zaak = assign_klacht(coach, register_klacht(coach, client_obj), teamleider)
    remind(zaak.deadline + timedelta(days=1))
    [message] = mailoutbox
    assert message.to == [teamleider.email]


def test_closed_zaken_get_nothing(mailoutbox, coach, client_obj):
    zaak = register_klacht(coach, client_obj)
    deadline = zaak.deadline
    zaak = services.klacht_settle(
        request=request_as(coach),
        zaak=zaak,
        solution="Excuses gemaakt.",
        satisfaction_confirmed="Aan de telefoon bevestigd.",
        expected_version=zaak.version,
    )
    assert zaak.deadline is None
    for day in (today(), deadline - timedelta(days=1), deadline, deadline + timedelta(days=30)):
        assert remind(day) == (0, 0)
    assert mailoutbox == []
    assert not timeline(zaak, GebeurtenisKind.HERINNERING).exists()


def test_the_task_runs_the_service(mailoutbox, coach, client_obj):
    from klachten.tasks import zaken_remind_task

    register_klacht(coach, client_obj, received_on=today() - timedelta(days=60))
    assert zaken_remind_task() == {"reminded": 0, "overdue": 1}
    assert zaken_remind_task() is None  # once per day: a second beat's run does nothing
