"""The outbox: queue a mail with the event that causes it; deliver it; try again; keep failures visible.

A mail is a row first (written in the caller's transaction, so a rolled-back
event sends nothing) and is published to Celery after commit. Delivery hands
it to the mail server configured in ``EMAIL_URL`` and marks it 'verzonden'
only when the server accepted it. A refused or unreachable server leaves the
mail waiting; the sweep tries again with a growing pause, and after
``OUTBOX_MAX_ATTEMPTS`` the mail is 'mislukt' and shown to the beheerder in
/beheer/ (with a button to send it again). A worker that dies between the
server's acceptance and the status update may send a mail twice; no mail is
ever lost.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Mail, MailStatus

logger = logging.getLogger(__name__)

# A mail whose message was lost (broker down, worker killed) is published again after this.
QUEUED_TOO_LONG = timedelta(seconds=60)
# Longer than the task's hard time limit: a claim this old belongs to a dead worker.
CLAIM_EXPIRES = timedelta(seconds=180)
# Pause before attempt n+1 after n failed attempts: a mail server that is down for an hour loses nothing.
BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1), timedelta(hours=3)]
SWEEP_BATCH = 500


def mail_queue(*, to, subject, body, key=None, from_email=None):
    """Put one mail in the outbox and publish it after commit. Call inside the event's transaction.

    Rule: a mail with a ``key`` is queued once; a second call with the same key
    adds nothing and returns None. No address, no mail (returns None).
    """
    addresses = list(dict.fromkeys(a.strip() for a in to if a and a.strip()))
    if not addresses:
        return None
    fields = {
        "to": addresses,
        "subject": subject[:300],
        "body": body,
        "from_email": from_email or "",
        "next_attempt_at": timezone.now() + QUEUED_TOO_LONG,
    }
    try:
        with transaction.atomic():
            mail = Mail.objects.create(key=key, **fields)
    except IntegrityError:
        if key and Mail.objects.filter(key=key).exists():
            return None
        raise
    transaction.on_commit(lambda: mail_publish(mail.pk))
    return mail


def mail_publish(mail_id):
    """Hand the mail to Celery; when the broker is down the sweep publishes it later. Never raises."""
    from .tasks import deliver_mail_task

    try:
        deliver_mail_task.apply_async(
            args=[mail_id],
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2},
        )
    except Exception as error:  # broker errors come in many classes; all mean "try later"
        logger.warning("mail %s not published, the sweep will retry: %s", mail_id, type(error).__name__)
        return False
    return True


def _describe(error):
    """What went wrong, without addresses: the server's reply code and the error's class."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _message in error.recipients.values()})
        return f"{type(error).__name__} {' '.join(codes)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__} {error.smtp_code}"
    return type(error).__name__


def mail_deliver(mail_id):
    """Send one mail, once. Returns True when the server accepted it, False when it did not, None when nothing to do.

    Idempotent: a mail that is sent, failed for good, or being sent by a live
    worker is left alone. The SMTP conversation runs outside any transaction.
    """
    now = timezone.now()
    claimable = Q(status=MailStatus.WACHTEND) | Q(status=MailStatus.BEZIG, claimed_at__lt=now - CLAIM_EXPIRES)
    if not Mail.objects.filter(claimable, pk=mail_id).update(
        status=MailStatus.BEZIG, claimed_at=now, attempts=F("attempts") + 1
    ):
        return None
    mail = Mail.objects.get(pk=mail_id)
    mine = Mail.objects.filter(pk=mail_id, status=MailStatus.BEZIG, claimed_at=mail.claimed_at)
    try:
        connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
        message = EmailMessage(mail.subject, mail.body, mail.from_email or None, mail.to, connection=connection)
        if message.send() != 1:
            raise smtplib.SMTPException("not accepted")
    except Exception as error:
        failed = mail.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        pause = BACKOFF[min(mail.attempts, len(BACKOFF)) - 1]
        mine.update(
            status=MailStatus.MISLUKT if failed else MailStatus.WACHTEND,
            last_error=_describe(error)[:300],
            next_attempt_at=None if failed else timezone.now() + pause,
        )
        logger.warning("mail %s not accepted (attempt %s): %s", mail_id, mail.attempts, _describe(error))
        return False
    mine.update(status=MailStatus.VERZONDEN, sent_at=timezone.now(), last_error="", next_attempt_at=None)
    return True


def _due(now):
    return Mail.objects.filter(
        Q(status=MailStatus.WACHTEND, next_attempt_at__lte=now)
        | Q(status=MailStatus.BEZIG, claimed_at__lt=now - CLAIM_EXPIRES)
    )


def outbox_sweep():
    """Publish again the mails whose turn has come (a retry, or a lost message). Returns how many."""
    now = timezone.now()
    count = 0
    for mail_id in list(_due(now).values_list("pk", flat=True)[:SWEEP_BATCH]):
        Mail.objects.filter(pk=mail_id).update(next_attempt_at=now + QUEUED_TOO_LONG)
        count += mail_publish(mail_id)
    return count


def outbox_flush():
    """Deliver every waiting mail now, in this process, ignoring the pause between attempts.

    For the `outbox_send` command (after the mail server is repaired) and tests.
    Returns (sent, not sent).
    """
    sent = failed = 0
    for mail_id in list(Mail.objects.filter(status=MailStatus.WACHTEND).values_list("pk", flat=True)):
        result = mail_deliver(mail_id)
        sent += result is True
        failed += result is False
    return sent, failed


def mail_retry(*, mail_ids):
    """Put failed mails back in the queue (the beheerder's action). Returns how many."""
    with transaction.atomic():
        ids = list(Mail.objects.filter(pk__in=mail_ids, status=MailStatus.MISLUKT).values_list("pk", flat=True))
        Mail.objects.filter(pk__in=ids).update(
            status=MailStatus.WACHTEND, attempts=0, last_error="", next_attempt_at=timezone.now() + QUEUED_TOO_LONG
        )
        for mail_id in ids:
            transaction.on_commit(lambda mail_id=mail_id: mail_publish(mail_id))
    return len(ids)
