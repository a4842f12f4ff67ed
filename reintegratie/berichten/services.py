"""Writes of berichten: send (client, staff, a group), mark as contactmoment.

Every write is one transaction with its access-log line. A mail to the client says only that
there is a new message (no content, no name); it goes into the outbox in the same transaction
and is marked sent only when the mail server took it (reintegratie/outbox).
"""

import uuid
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client, Contactmoment
from clients.workflow import Channel
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.dossier.categories import Category
from reintegratie.dossier.services import document_upload
from reintegratie.outbox.services import mail_queue

from .models import MAX_TEXT, Bericht
from .werkdagen import answer_due

NOTICE_SUBJECT = "Er is een nieuw bericht voor u"
NOTICE_BODY = (
    "Beste meneer, mevrouw,\n\n"
    "Er staat een nieuw bericht voor u klaar in Mijn re-integratie.\n"
    "Log in om het bericht te lezen.\n\n"
    "Met vriendelijke groet,\nWerk en re-integratie"
)


def _clean_text(text):
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf een bericht.")})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": _("Uw bericht is te lang. Het mag hoogstens %(n)s tekens zijn.") % {"n": MAX_TEXT}}
        )
    return text


def _attachment(*, request, client, upload, category):
    """Store the attachment in the dossier under ``category`` (that category's checks), or None without one."""
    if upload is None:
        return None
    try:
        return document_upload(request=request, client=client, category=category, upload=upload)
    except ValidationError as error:
        raise ValidationError({"attachment": error.messages}) from None


@contextmanager
def _atomic_with(document):
    """One transaction for the message; when it fails, the attachment stored just before goes too."""
    try:
        with transaction.atomic():
            yield
    except BaseException:
        if document is not None:
            document.file.delete(save=False)
            document.delete()
        raise


def bericht_from_client(*, request, client, text, upload=None, category=Category.OVERIG):
    """The client writes to their coach. Rule: answered within BERICHT_ANTWOORD_WERKDAGEN working days.

    An attachment goes into the dossier under ``category`` (never ``medisch`` from the client).
    """
    text = _clean_text(text)
    document = _attachment(request=request, client=client, upload=upload, category=category)
    with _atomic_with(document):
        bericht = Bericht.objects.create(
            client=client,
            sender=request.user,
            text=text,
            attachment=document,
            attachment_name=document.original_name if document else "",
            from_client=True,
            coach_id=client.coach_id,
            answer_due=answer_due(timezone.localdate()),
        )
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return bericht


def _notify(bericht):
    """Queue the content-free notice for the client, once per message."""
    email = bericht.client.email
    if not email:
        return
    Bericht.objects.filter(pk=bericht.pk).update(notified_at=timezone.now())
    mail_queue(to=[email], subject=NOTICE_SUBJECT, body=NOTICE_BODY, key=f"bericht:{bericht.pk}")


def bericht_from_staff(*, request, client, text, upload=None, category=Category.OVERIG, group=None, answers=True):
    """Staff write to the client; this answers the client's open messages (unless ``answers`` is off).

    An attachment goes into the dossier under ``category``.
    Sends out: the notice mail to the client (outbox), in this transaction.
    """
    text = _clean_text(text)
    document = _attachment(request=request, client=client, upload=upload, category=category)
    with _atomic_with(document):
        bericht = Bericht.objects.create(
            client=client,
            sender=request.user,
            text=text,
            attachment=document,
            attachment_name=document.original_name if document else "",
            from_client=False,
            coach_id=client.coach_id,
            group=group,
        )
        if answers:
            Bericht.objects.filter(client=client, from_client=True, answered_at__isnull=True).update(
                answered_at=bericht.created_at, answered_by=request.user
            )
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
        _notify(bericht)
    return bericht


def berichten_to_group(*, request, client_ids, text):
    """One message to each chosen client of the coach's own caseload; no client sees the others.

    Rule: only clients this user coaches (not the whole team). Returns the number sent.
    """
    text = _clean_text(text)
    clients = list(Client.objects.visible_to(request.user).filter(coach=request.user, pk__in=client_ids))
    if not clients or len(clients) != len(set(map(str, client_ids))):
        raise ValidationError({"clients": _("Kies een of meer cliënten uit uw eigen caseload.")})
    group = uuid.uuid4()
    with transaction.atomic():
        for client in clients:
            bericht_from_staff(request=request, client=client, text=text, group=group, answers=False)
    return len(clients)


def bericht_mark_contactmoment(*, request, bericht):
    """Record this message as a contactmoment (channel 'bericht'), once."""
    with transaction.atomic():
        bericht = Bericht.objects.select_for_update().get(pk=bericht.pk)
        if bericht.contactmoment_id:
            raise ValidationError(_("Dit bericht is al een contactmoment."))
        contact = Contactmoment.objects.create(
            client_id=bericht.client_id,
            author=request.user,
            at=bericht.created_at,
            channel=Channel.BERICHT,
            summary=bericht.text,
            shared_with_client=True,
        )
        bericht.contactmoment = contact
        bericht.save(update_fields=["contactmoment"])
        access_log_write(request=request, client=bericht.client, action=AccessLog.Action.CHANGE)
    return contact


def bericht_close(*, request, bericht):
    """Close a client's message that needs no answer (a thank-you), so it leaves the open list."""
    with transaction.atomic():
        if not Bericht.objects.filter(pk=bericht.pk, from_client=True, answered_at__isnull=True).update(
            answered_at=timezone.now(), answered_by=request.user
        ):
            raise ValidationError(_("Dit bericht is al afgehandeld."))
        access_log_write(request=request, client=bericht.client, action=AccessLog.Action.CHANGE)
