"""The letter pipeline: request, publish, render, sweep, notify.

The Brief row is the source of truth. It is written in the same transaction as
the event that causes it and published to Celery only after commit. A worker
that dies, or a broker that is down, loses nothing: the sweep publishes again
whatever waits too long. Rendering is idempotent: a letter that is ready is
never rendered again, and its PDF has a fixed file name.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.outbox.services import mail_queue

from . import letters
from .models import Brief, BriefKind, BriefStatus, brief_upload_to
from .plain_language import check, html_to_text

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# A letter waiting this long has lost its message (broker down, worker killed).
QUEUED_TOO_LONG = timedelta(seconds=settings.LETTER_REQUEUE_AFTER_SECONDS)
# Longer than the task's hard time limit: a claim this old belongs to a dead worker.
CLAIM_EXPIRES = timedelta(seconds=settings.LETTER_CLAIM_EXPIRES_SECONDS)


def _client_model():
    """The model a letter is addressed to, without importing the app that defines it."""
    return Brief._meta.get_field("client").related_model


def _brief_create(*, client, kind, source, created_by, personal_note="", shared_with_client=True, period=None):
    """Write the next version of this letter, with a kenmerk of its own, and publish it after commit.

    Two requests at once for the same client would pick the same version and
    the same letter number; the client row is locked first so they take turns.
    (Locking the letters themselves cannot work: there is no row yet for a
    first letter, and Django drops select_for_update from an aggregate.) The
    unique constraints on the kenmerk and on (client, number) hold even so.
    """
    _client_model().objects.select_for_update().filter(pk=client.pk).values_list("pk", flat=True).get()
    source_type = ContentType.objects.get_for_model(source)
    latest = Brief.objects.filter(source_type=source_type, source_id=str(source.pk), kind=kind).aggregate(
        v=Max("version")
    )["v"]
    number = (Brief.objects.filter(client=client).aggregate(n=Max("number"))["n"] or 0) + 1
    brief = Brief.objects.create(
        client=client,
        kind=kind,
        source_type=source_type,
        source_id=str(source.pk),
        version=(latest or 0) + 1,
        number=number,
        reference=kenmerk(client, kind, number),
        personal_note=personal_note.strip(),
        shared_with_client=shared_with_client,
        created_by=created_by,
        queued_at=timezone.now(),
        period=period,
    )
    transaction.on_commit(lambda: brief_publish(brief.pk))
    return brief


def kenmerk(client, kind, number):
    """The kenmerk printed on a letter: client number, the kind's code, the client's letter number.

    No BSN, no name. E.g. ``1042-VGR-7``: the seventh letter to client 1042, a progress report.
    """
    return f"{client.client_number}-{letters.code_for(kind)}-{number}"


def brief_request(*, request, client, kind, source, personal_note="", shared_with_client=True):
    """Ask for a letter. Call inside the transaction of the event that causes it.

    Rule: a letter's source must belong to the client. Each new request for
    the same source and kind is a new version. Publishes the render task after
    commit; writes a 'print' access-log row.
    """
    if kind not in letters.LETTERS or not letters.source_for(kind, client, source):
        raise ValidationError(_("Deze brief past niet bij deze cliënt."))
    with transaction.atomic():
        brief = _brief_create(
            client=client,
            kind=kind,
            source=source,
            created_by=request.user,
            personal_note=personal_note,
            shared_with_client=shared_with_client,
        )
        access_log_write(request=request, client=client, action=AccessLog.Action.PRINT)
    return brief


def brief_publish(brief_id):
    """Try to hand the letter to Celery; if the broker is down, the sweep will try again.

    Never raises: the request that asked for the letter has already succeeded.
    """
    from .tasks import render_brief_task

    try:
        render_brief_task.apply_async(
            args=[str(brief_id)],
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2},
        )
    except Exception as error:  # broker errors come in many classes; all mean "try later"
        logger.warning("letter %s not published, the sweep will retry: %s", brief_id, type(error).__name__)
        return False
    return True


def _claim(brief_id):
    """Take the letter for rendering; return the claimed row or None when there is nothing to do."""
    now = timezone.now()
    claimable = Q(status=BriefStatus.IN_WACHTRIJ) | Q(status=BriefStatus.BEZIG, claimed_at__lt=now - CLAIM_EXPIRES)
    claimed = Brief.objects.filter(claimable, pk=brief_id).update(
        status=BriefStatus.BEZIG, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return Brief.objects.select_related("client", "client__coach").get(pk=brief_id)


def brief_render(*, brief_id):
    """Render one letter to PDF, once.

    Idempotent: returns at once when the letter is ready, or being rendered by
    a live worker. After MAX_ATTEMPTS failed attempts the letter is 'mislukt'
    and the coach sees a retry button. Sends the client a notification mail.
    """
    from .renderer import render_html_to_pdf

    brief = _claim(brief_id)
    if brief is None:
        return None
    if brief.attempts > MAX_ATTEMPTS:
        Brief.objects.filter(pk=brief.pk, status=BriefStatus.BEZIG).update(
            status=BriefStatus.MISLUKT, last_error="te veel pogingen"
        )
        return None
    try:
        template, context = letters.letter_context(brief)
        html = render_to_string(template, context)
        pdf = render_html_to_pdf(html)
        readability = check(html_to_text(html)).as_dict()
    except Exception as error:
        logger.exception("letter %s failed to render (attempt %s)", brief.pk, brief.attempts)
        failed = brief.attempts >= MAX_ATTEMPTS
        Brief.objects.filter(pk=brief.pk, status=BriefStatus.BEZIG, claimed_at=brief.claimed_at).update(
            status=BriefStatus.MISLUKT if failed else BriefStatus.IN_WACHTRIJ,
            last_error=type(error).__name__[:200],
            queued_at=timezone.now(),
        )
        return None
    with transaction.atomic():
        # Only the claim holder may finish; a worker whose claim expired stops here.
        current = Brief.objects.select_for_update().get(pk=brief.pk)
        if current.status != BriefStatus.BEZIG or current.claimed_at != brief.claimed_at:
            return None
        # The name is fixed: a file left by an attempt whose commit failed is
        # overwritten, never kept next to a renamed copy.
        name = brief_upload_to(current, "")
        storage = current.pdf.storage
        if storage.exists(name):
            storage.delete(name)
        current.pdf.save(name, ContentFile(pdf), save=False)
        if current.pdf.name != name:
            raise RuntimeError("letter file name is not the fixed name")
        current.sha256 = hashlib.sha256(pdf).hexdigest()
        current.readability = readability
        current.status = BriefStatus.KLAAR
        current.rendered_at = timezone.now()
        current.last_error = ""
        current.save()
        transaction.on_commit(lambda: brief_notify(brief_id=current.pk))
    return current


def brief_notify(*, brief_id):
    """Mail the client that a letter is waiting, once. The mail holds no personal details.

    The mail goes into the outbox in the same transaction that sets
    ``notified_at``: both happen or neither. The outbox marks it sent only when
    the mail server accepted it, and tries again until then.
    """
    brief = Brief.objects.select_related("client").get(pk=brief_id)
    if not brief.shared_with_client or not brief.client.email:
        return False
    with transaction.atomic():
        if not Brief.objects.filter(pk=brief_id, notified_at__isnull=True).update(notified_at=timezone.now()):
            return False
        mail_queue(
            to=[brief.client.email],
            subject=_("Er staat een nieuwe brief voor u klaar"),
            body=_(
                "Beste meneer, mevrouw,\n\n"
                "Er staat een nieuwe brief voor u klaar in Mijn re-integratie.\n"
                "Log in om de brief te lezen.\n\n"
                "Heeft u vragen? Bel dan uw werkcoach.\n\n"
                "Met vriendelijke groet,\nWerk en re-integratie"
            ),
            key=f"brief-klaar:{brief_id}",
        )
    return True


def brief_retry(*, request, brief):
    """Put a failed letter back in the queue (the coach's retry button)."""
    with transaction.atomic():
        updated = Brief.objects.filter(pk=brief.pk, status=BriefStatus.MISLUKT).update(
            status=BriefStatus.IN_WACHTRIJ, attempts=0, last_error="", queued_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("Deze brief is niet mislukt; opnieuw proberen is niet nodig."))
        access_log_write(request=request, client=brief.client, action=AccessLog.Action.PRINT)
        transaction.on_commit(lambda: brief_publish(brief.pk))


def briefs_sweep():
    """Publish again every letter that waits too long or whose worker died. Returns how many."""
    now = timezone.now()
    stuck = Brief.objects.filter(
        Q(status=BriefStatus.IN_WACHTRIJ, queued_at__lt=now - QUEUED_TOO_LONG)
        | Q(status=BriefStatus.BEZIG, claimed_at__lt=now - CLAIM_EXPIRES)
    ).values_list("pk", flat=True)
    count = 0
    for brief_id in list(stuck[:500]):
        Brief.objects.filter(pk=brief_id).update(queued_at=now)
        count += brief_publish(brief_id)
    return count


PROGRESS_EVERY = timedelta(days=91)
# Clients per batch task: small enough to finish far inside the task time limit.
PROGRESS_BATCH = 200


def _progress_due(cutoff):
    return (
        _client_model()
        .objects.filter(status="actief", created_at__lt=cutoff)
        .exclude(brieven__kind=BriefKind.VOORTGANGSRAPPORTAGE, brieven__created_at__gte=cutoff)
    )


def progress_reports_due(*, period, every=PROGRESS_EVERY, queue=None):
    """Fan out the periodic progress reports: one small task per PROGRESS_BATCH due clients.

    Rule: every active client gets a voortgangsrapportage at least every
    `every` (three months). Runs daily from Celery beat (under
    scheduling.run_once, so once per day). Publishes the batch tasks and
    returns how many clients are due; the batches make the letters.
    """
    from .tasks import progress_reports_batch_task

    ids = [str(pk) for pk in _progress_due(timezone.now() - every).values_list("pk", flat=True).order_by("pk")]
    for start in range(0, len(ids), PROGRESS_BATCH):
        progress_reports_batch_task.apply_async(
            args=[ids[start : start + PROGRESS_BATCH], period.isoformat()], queue=queue
        )
    return len(ids)


def progress_reports_make(*, client_ids, period, every=PROGRESS_EVERY):
    """Request the progress report of each client in the batch that is still due; signed by the client's coach.

    Idempotent: a client who got one since (another run, a repeated message)
    is skipped, and the database allows one per client and period. Each
    letter is published to the render task after its own commit. Returns how
    many were requested.
    """
    made = 0
    # One commit for the batch (a commit per letter costs more than the letter); a savepoint per
    # client, so a letter another run made for this period skips that client only.
    with transaction.atomic():
        for client in _progress_due(timezone.now() - every).filter(pk__in=client_ids).select_related("coach"):
            try:
                with transaction.atomic():
                    _brief_create(
                        client=client,
                        kind=BriefKind.VOORTGANGSRAPPORTAGE,
                        source=client,
                        created_by=client.coach,
                        period=period,
                    )
            except IntegrityError:
                continue  # made for this period by another run
            made += 1
    return made
