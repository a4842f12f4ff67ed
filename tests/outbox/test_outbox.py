"""E-mail that is not lost: queued with the event, marked sent only when a real SMTP server accepted it."""

import email
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from klachten import services as klachten_services
from reintegratie.documents.models import Brief
from reintegratie.documents.services import brief_notify
from reintegratie.outbox.models import Mail, MailStatus
from reintegratie.outbox.services import mail_deliver, mail_queue, outbox_flush, outbox_sweep
from tests.auth import login
from tests.documents.test_pipeline import invite
from tests.klachten.helpers import assign_klacht, fresh, register_klacht
from tests.outbox.smtp import SmtpServer, use_smtp

pytestmark = pytest.mark.django_db
PORT = 18731


@pytest.fixture
def smtp(settings):
    use_smtp(settings, PORT)
    with SmtpServer(PORT) as handler:
        yield handler


def ready_letter(coach, client_obj):
    client_obj.email = "anouk@example.org"
    client_obj.save()
    return invite(coach, client_obj)


def test_a_letter_notice_refused_by_the_server_is_not_marked_sent_and_goes_out_later(smtp, coach, client_obj):
    brief = ready_letter(coach, client_obj)
    smtp.refuse = 1

    assert brief_notify(brief_id=brief.pk) is True
    [mail] = Mail.objects.all()
    assert mail_deliver(mail.pk) is False

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.sent_at) == (MailStatus.WACHTEND, 1, None)
    assert mail.last_error == "SMTPDataError 451"
    assert smtp.received == []
    assert mail.next_attempt_at > timezone.now()  # a pause before the next attempt

    assert mail_deliver(mail.pk) is True
    mail.refresh_from_db()
    assert mail.status == MailStatus.VERZONDEN and mail.sent_at is not None
    [envelope] = smtp.received
    assert envelope.rcpt_tos == ["anouk@example.org"]
    message = email.message_from_bytes(envelope.content)
    assert message["Subject"] == "Er staat een nieuwe brief voor u klaar"
    body = message.get_payload(decode=True).decode()
    assert "Log in om de brief te lezen." in body
    for private in (client_obj.first_name, client_obj.last_name, client_obj.bsn):
        assert private not in body
    # Sent is sent: delivering again does nothing, and a second notice adds nothing.
    assert mail_deliver(mail.pk) is None
    assert brief_notify(brief_id=brief.pk) is False
    assert len(smtp.received) == 1 and Mail.objects.count() == 1


def test_the_sweep_retries_after_the_pause(smtp, coach, client_obj, django_capture_on_commit_callbacks):
    from reintegratie.celery import app as celery_app

    brief = ready_letter(coach, client_obj)
    smtp.refuse = 1
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            brief_notify(brief_id=brief.pk)  # published after commit: the first attempt is refused
        mail = Mail.objects.get()
        assert (mail.status, mail.attempts) == (MailStatus.WACHTEND, 1)
        assert outbox_sweep() == 0  # not before the pause
        with time_machine.travel(timezone.now() + timedelta(minutes=2)):
            assert outbox_sweep() == 1
    finally:
        celery_app.conf.task_always_eager = False
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.VERZONDEN, 2)
    assert len(smtp.received) == 1


def test_a_mail_the_server_keeps_refusing_is_shown_to_the_beheerder_and_can_be_sent_again(
    smtp, settings, client, beheerder
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp.refuse = 2
    mail = mail_queue(to=["coach@example.org"], subject="Termijn van zaak K-1 loopt bijna af", body="Log in.")
    assert mail_deliver(mail.pk) is False
    assert mail_deliver(mail.pk) is False
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.MISLUKT, 2)
    assert outbox_sweep() == 0  # failed for good: no more automatic attempts

    login(client, beheerder)
    page = client.get(reverse("admin:outbox_mail_changelist")).content.decode()
    assert "Termijn van zaak K-1 loopt bijna af" in page
    assert "Mislukt" in page and "Mailserver weigert tijdelijk (SMTPDataError 451)" in page
    assert "c…@example.org" in page and "coach@example.org" not in page
    detail = client.get(reverse("admin:outbox_mail_change", args=[mail.pk])).content.decode()
    assert "c…@example.org" in detail and "coach@example.org" not in detail and "Log in." not in detail

    response = client.post(
        reverse("admin:outbox_mail_changelist"), {"action": "send_again", "_selected_action": [mail.pk]}, follow=True
    )
    assert "1 e-mail staat weer klaar om te versturen." in response.content.decode()
    assert outbox_flush() == (1, 0)
    mail.refresh_from_db()
    assert mail.status == MailStatus.VERZONDEN
    assert [e.rcpt_tos for e in smtp.received] == [["coach@example.org"]]


def test_with_the_mail_server_down_a_reminder_is_recorded_and_its_mail_waits(settings, coach, teamleider, client_obj):
    use_smtp(settings, PORT + 1)  # nothing listens there
    zaak = assign_klacht(coach, register_klacht(coach, client_obj), teamleider)

    assert klachten_services.zaken_remind(today=zaak.deadline - timedelta(days=3)) == (1, 0)
    assert outbox_flush() == (0, 1)

    [mail] = Mail.objects.all()
    assert mail.status == MailStatus.WACHTEND and mail.last_error == "ConnectionRefusedError"
    assert mail.key == f"zaak-herinnering:{zaak.pk}:{zaak.deadline.isoformat()}"
    assert fresh(zaak).reminded_for == zaak.deadline
    # The next day's run adds no second reminder for the same deadline.
    assert klachten_services.zaken_remind(today=zaak.deadline - timedelta(days=2)) == (0, 0)
    assert Mail.objects.count() == 1

    with SmtpServer(PORT + 1) as server:
        assert outbox_flush() == (1, 0)
    assert [e.rcpt_tos for e in server.received] == [[teamleider.email]]


def test_a_rolled_back_event_queues_no_mail(coach, client_obj):
    brief = ready_letter(coach, client_obj)
    with pytest.raises(RuntimeError), transaction.atomic():
        brief_notify(brief_id=brief.pk)
        raise RuntimeError("the event fails after the mail was queued")
    assert Mail.objects.count() == 0
    assert Brief.objects.get(pk=brief.pk).notified_at is None


def test_djangos_own_mails_go_through_the_outbox(smtp, settings, client, client_user):
    settings.EMAIL_BACKEND = "reintegratie.outbox.backends.OutboxBackend"
    client_user.email = "klant@example.org"
    client_user.set_password("oud-wachtwoord-123")
    client_user.save()
    assert client.post(reverse("accounts:password-reset"), {"email": "klant@example.org"}).status_code == 302

    [mail] = Mail.objects.all()
    assert mail.status == MailStatus.WACHTEND and mail.to == ["klant@example.org"]
    assert smtp.received == []
    assert outbox_flush() == (1, 0)
    assert smtp.received[0].rcpt_tos == ["klant@example.org"]
    assert (
        "/account/wachtwoord-kiezen/"
        in email.message_from_bytes(smtp.received[0].content).get_payload(decode=True).decode()
    )
