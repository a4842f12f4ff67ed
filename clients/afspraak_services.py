"""Appointments in Mijn re-integratie: the client confirms, cancels or asks for another time; the coach answers.

Each service is one transaction: it locks the appointment row, checks the rule
(``afspraak_rules``), writes, logs the access and queues what goes out (a Taak
for the coach; an e-mail to the client through the outbox, without personal
data). Reminders the day before are sent by ``afspraak_reminders`` (Celery beat).
"""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegratie.accounts.models import Role
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.dates import datum_tijd
from reintegratie.outbox.services import mail_queue

from .afspraak_rules import can_change, can_confirm, change_deadline
from .models import Afspraak, Taak, Verzetverzoek
from .services import MAX_PLAN_AHEAD
from .workflow import AfspraakOutcome, TaakKind, VerzetverzoekStatus

logger = logging.getLogger(__name__)

MAX_PREFERRED = 3
# What every mail to the client says: no name, no time, no place; the portal has the rest.
LOOK_IN_PORTAL = gettext_lazy("Kijk in Mijn re-integratie.")


def _own(request, client, afspraak):
    if request.user.role != Role.CLIENT or client.user_id != request.user.pk or afspraak.client_id != client.pk:
        raise PermissionDenied


def _locked(afspraak):
    return Afspraak.objects.select_for_update(of=("self",)).select_related("client").get(pk=afspraak.pk)


def _too_late(afspraak):
    return ValidationError(
        _(
            "U kunt deze afspraak niet meer in Mijn re-integratie veranderen. "
            "Dat kon tot %(deadline)s uur. Bel uw werkcoach."
        )
        % {"deadline": datum_tijd(change_deadline(afspraak.starts_at))}
    )


def client_mail_address(client):
    """Where mail for the client goes: the address in the file, else the portal login."""
    return (client.email or (client.user.email if client.user_id else "") or "").strip()


def _notify_client(client, *, subject, key):
    """A notice to the client: no name, no time, no place (the mail may be read by others)."""
    if client.user_id is None:
        return None
    body = _("Beste meneer, mevrouw,\n\n%(subject)s %(look)s\n\nMet vriendelijke groet,\nWerk en re-integratie") % {
        "subject": subject,
        "look": LOOK_IN_PORTAL,
    }
    return mail_queue(to=[client_mail_address(client)], subject=subject, body=body, key=key)


def afspraak_client_confirm(*, request, client, afspraak):
    """The client says "ik kom". Possible until the appointment starts; once."""
    _own(request, client, afspraak)
    with transaction.atomic():
        current = _locked(afspraak)
        if not can_confirm(current):
            if current.confirmed_at is not None:
                raise ValidationError(_("U heeft deze afspraak al bevestigd."))
            raise ValidationError(_("Deze afspraak kunt u niet meer bevestigen."))
        current.confirmed_at = timezone.now()
        current.save(update_fields=["confirmed_at"])
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return current


def afspraak_client_cancel(*, request, client, afspraak, reason):
    """The client cancels, with a reason, until the deadline of ``afspraak_rules``.

    The appointment gets the outcome 'afgezegd' (recorded by the client) and the
    coach a Taak on the client file.
    """
    _own(request, client, afspraak)
    if not reason.strip():
        raise ValidationError({"reason": _("Schrijf waarom u niet kunt komen.")})
    with transaction.atomic():
        current = _locked(afspraak)
        if current.outcome:
            raise ValidationError(_("Deze afspraak is al afgezegd of geweest."))
        if not can_change(current):
            raise _too_late(current)
        now = timezone.now()
        current.outcome = AfspraakOutcome.AFGEZEGD
        current.outcome_note = reason.strip()[:2000]
        current.outcome_recorded_at = now
        current.outcome_recorded_by = request.user
        current.save(update_fields=["outcome", "outcome_note", "outcome_recorded_at", "outcome_recorded_by"])
        # An open request for another time is answered by the cancellation itself.
        Taak.objects.filter(afspraak=current, done_at__isnull=True).update(done_at=now)
        Taak.objects.create(
            client=client,
            kind=TaakKind.AFSPRAAK_AFGEZEGD,
            afspraak=current,
            text=_("%(purpose)s op %(when)s. Reden: %(reason)s")
            % {"purpose": current.purpose, "when": datum_tijd(current.starts_at), "reason": reason.strip()[:2000]},
        )
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return current


def _clean_preferred(afspraak, preferred, now):
    moments = sorted({m for m in preferred if m is not None})
    if not moments:
        raise ValidationError({"moment_1": _("Kies minstens één moment dat u wel kunt.")})
    if len(moments) > MAX_PREFERRED:
        raise ValidationError(_("Kies hoogstens drie momenten."))
    for moment in moments:
        if moment <= now + timedelta(hours=1):
            raise ValidationError({"moment_1": _("Kies momenten in de toekomst.")})
        if moment > now + MAX_PLAN_AHEAD:
            raise ValidationError({"moment_1": _("Dit moment ligt meer dan 2 jaar vooruit. Controleer de datum.")})
        if moment == afspraak.starts_at:
            raise ValidationError({"moment_1": _("Dit is de tijd van de afspraak zelf. Kies een andere tijd.")})
    return moments


def afspraak_client_ask_move(*, request, client, afspraak, preferred, reason=""):
    """The client asks for another time with 1–3 preferred moments; the coach gets a Taak.

    Rule: until the deadline of ``afspraak_rules``, one open request per appointment.
    """
    _own(request, client, afspraak)
    now = timezone.now()
    with transaction.atomic():
        current = _locked(afspraak)
        if current.outcome:
            raise ValidationError(_("Deze afspraak is al afgezegd of geweest."))
        if not can_change(current, now=now):
            raise _too_late(current)
        if Verzetverzoek.objects.filter(afspraak=current, status=VerzetverzoekStatus.OPEN).exists():
            raise ValidationError(_("U heeft al om een andere tijd gevraagd. Uw werkcoach kijkt ernaar."))
        moments = _clean_preferred(current, preferred, now)
        lines = [datum_tijd(m) for m in moments]
        taak = Taak.objects.create(
            client=client,
            kind=TaakKind.AFSPRAAK_VERZETTEN,
            afspraak=current,
            text=_("%(purpose)s op %(when)s. Kan wel: %(moments)s.")
            % {"purpose": current.purpose, "when": datum_tijd(current.starts_at), "moments": "; ".join(lines)}
            + (f" {reason.strip()[:2000]}" if reason.strip() else ""),
        )
        verzoek = Verzetverzoek.objects.create(
            afspraak=current,
            taak=taak,
            preferred=[timezone.localtime(m).isoformat() for m in moments],
            reason=reason.strip()[:2000],
            old_starts_at=current.starts_at,
        )
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return verzoek


def afspraak_move(*, request, verzoek, starts_at):
    """The coach answers a request for another time: the appointment moves to ``starts_at``.

    A moment the client chose is 'geaccepteerd' and counts as confirmed; any other
    time is 'ander_voorstel', which the client confirms or answers with a new request.
    The client gets a notice by e-mail (no personal data); the Taak is done.
    """
    if request.user.role not in (Role.WERKCOACH, Role.TEAMLEIDER):
        raise PermissionDenied
    now = timezone.now()
    if starts_at is None:
        raise ValidationError({"starts_at": _("Kies een nieuwe tijd.")})
    if starts_at <= now:
        raise ValidationError({"starts_at": _("De nieuwe tijd moet in de toekomst liggen.")})
    if starts_at > now + MAX_PLAN_AHEAD:
        raise ValidationError({"starts_at": _("Deze datum ligt meer dan 2 jaar vooruit. Controleer de datum.")})
    with transaction.atomic():
        current = Verzetverzoek.objects.select_for_update().get(pk=verzoek.pk)
        afspraak = _locked(current.afspraak)
        if current.status != VerzetverzoekStatus.OPEN:
            raise ValidationError(_("Op dit verzoek is al geantwoord."))
        if afspraak.outcome:
            raise ValidationError(_("Deze afspraak is al afgezegd of geweest."))
        chosen = {timezone.localtime(starts_at).isoformat()} & set(current.preferred)
        accepted = bool(chosen)
        current.status = VerzetverzoekStatus.GEACCEPTEERD if accepted else VerzetverzoekStatus.ANDER_VOORSTEL
        current.new_starts_at = starts_at
        current.decided_at = now
        current.decided_by = request.user
        current.save(update_fields=["status", "new_starts_at", "decided_at", "decided_by"])
        afspraak.starts_at = starts_at
        afspraak.sequence += 1
        afspraak.confirmed_at = now if accepted else None
        afspraak.save(update_fields=["starts_at", "sequence", "confirmed_at"])
        Taak.objects.filter(pk=current.taak_id, done_at__isnull=True).update(done_at=now, done_by=request.user)
        access_log_write(request=request, client=afspraak.client, action=AccessLog.Action.CHANGE)
        subject = _("Uw afspraak is verzet.") if accepted else _("Uw werkcoach stelt een andere tijd voor.")
        _notify_client(afspraak.client, subject=subject, key=f"afspraak-verzet:{current.pk}")
    return current


def afspraak_reminders(*, today=None):
    """Mail every client with an open appointment tomorrow: "U heeft morgen een afspraak". Returns how many.

    Idempotent per appointment and day: ``reminded_for`` on the row (locked) and
    the outbox key ``afspraak-herinnering:<id>:<date>``; a moved appointment is
    reminded again for its new day. Only clients with a portal account (the mail
    points there) and a mail address.
    """
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(timezone.datetime.combine(tomorrow, timezone.datetime.min.time()), tz)
    end = start + timedelta(days=1)
    due = Afspraak.objects.filter(
        starts_at__gte=start, starts_at__lt=end, outcome="", client__user__isnull=False, client__user__is_active=True
    ).exclude(reminded_for=tomorrow)
    sent = 0
    for afspraak_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            afspraak = (
                Afspraak.objects.select_for_update(of=("self",)).select_related("client__user").get(pk=afspraak_id)
            )
            day = timezone.localtime(afspraak.starts_at).date()
            if afspraak.outcome or day != tomorrow or afspraak.reminded_for == day:
                continue
            address = client_mail_address(afspraak.client)
            if address:
                mail_queue(
                    to=[address],
                    subject=_("Herinnering: u heeft morgen een afspraak"),
                    body=_(
                        "Beste meneer, mevrouw,\n\nU heeft morgen een afspraak. Kijk in Mijn re-integratie.\n\n"
                        "Kunt u niet komen? Bel uw werkcoach.\n\nMet vriendelijke groet,\nWerk en re-integratie"
                    ),
                    key=f"afspraak-herinnering:{afspraak.pk}:{day.isoformat()}",
                )
                sent += 1
            afspraak.reminded_for = day
            afspraak.save(update_fields=["reminded_for"])
    if sent:
        logger.info("afspraken: %s reminders", sent)
    return sent
