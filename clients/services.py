"""Writes for the clients app: registration, handovers, contacts, appointments.

Each service is one transaction and raises ``ValidationError`` with a Dutch
message when a business rule refuses the change; nothing half-written stays.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegratie.accounts.models import Role
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write

from .models import Afspraak, Client, Contactmoment, Overdracht
from .numbers import client_number_next, client_number_sync
from .workflow import AfspraakMode, AfspraakOutcome, OverdrachtReason

# Sensible bounds for dates typed by hand; outside them is almost always a typo.
MAX_BACKDATE = timedelta(days=5 * 366)
MAX_PLAN_AHEAD = timedelta(days=2 * 366)


def _require_active_werkcoach(coach):
    if coach is None or coach.role != Role.WERKCOACH or not coach.is_active:
        raise ValidationError({"coach": _("Kies een actieve werkcoach.")})


def client_register(*, request, coach, **fields):
    """Register a new client with a coach.

    Rule: every client has exactly one active werkcoach from the start; the
    first assignment is recorded as an Overdracht so the coach history is
    complete. Writes a 'change' access-log row. The client number comes from
    the database (clients.numbers), so registrations at the same moment never
    share one.
    """
    _require_active_werkcoach(coach)
    for attempt in range(3):
        try:
            with transaction.atomic():
                client = Client(client_number=client_number_next(), coach=coach, **fields)
                # The number's uniqueness is the database's to check (IntegrityError below).
                client.full_clean(exclude=["client_number"])
                client.save(force_insert=True)
                Overdracht.objects.create(
                    client=client,
                    from_coach=None,
                    to_coach=coach,
                    reason=OverdrachtReason.EERSTE_TOEWIJZING,
                    created_by=request.user,
                    # The coach who registers a client of their own needs no handover note.
                    acknowledged_at=timezone.now() if coach == request.user else None,
                )
                access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
                return client
        except IntegrityError:
            # A number written by hand (seeding, an import) was taken: move the
            # sequence past it and take the next. On SQLite: two writers at once.
            if attempt == 2 or Client.objects.filter(bsn=fields.get("bsn")).exists():
                raise
            client_number_sync()
    raise AssertionError("unreachable")


class EditConflict(ValidationError):
    """Someone else saved the record after this edit started; carries the current row."""

    def __init__(self, current):
        super().__init__(
            _(
                "Iemand anders heeft deze gegevens gewijzigd terwijl u bezig was. Uw invoer is niet opgeslagen "
                "maar staat nog in het formulier. Bekijk hieronder wat er nu is opgeslagen en sla daarna opnieuw op."
            ),
            code="conflict",
        )
        self.current = current


def client_update(*, request, client, expected_version, **fields):
    """Change a client's personal data; writes a 'change' access-log row.

    Rule: no silent overwrite. The edit names the version it started from; when
    someone saved in between, EditConflict is raised and nothing is written.
    """
    with transaction.atomic():
        current = Client.objects.select_for_update().get(pk=client.pk)
        if current.version != expected_version:
            raise EditConflict(current)
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        current.full_clean()
        current.save()
        access_log_write(request=request, client=current, action=AccessLog.Action.CHANGE)
    return current


def clients_reassign(*, request, client_ids, to_coach, reason, note):
    """Give one or more clients a new coach (overdracht).

    Rules: only a teamleider reassigns, only clients in their own team, only to
    an active werkcoach, and only when the coach really changes. Each change is
    an Overdracht with the reason and the warm-handover note that the new coach
    sees first. All or nothing: one refused client refuses the whole batch.
    """
    user = request.user
    if user.role != Role.TEAMLEIDER:
        raise ValidationError(_("Alleen een teamleider kan cliënten overdragen."))
    _require_active_werkcoach(to_coach)
    if reason not in OverdrachtReason.values or reason == OverdrachtReason.EERSTE_TOEWIJZING:
        raise ValidationError({"reason": _("Kies een reden voor de overdracht.")})
    if not note.strip():
        raise ValidationError({"note": _("Schrijf een overdrachtsnotitie voor de nieuwe werkcoach.")})
    client_ids = list(dict.fromkeys(client_ids))
    if not client_ids:
        raise ValidationError(_("Kies minstens één cliënt."))
    with transaction.atomic():
        clients = list(Client.objects.visible_to(user).select_for_update().filter(pk__in=client_ids).order_by("pk"))
        if len(clients) != len(client_ids):
            raise ValidationError(_("Een of meer cliënten horen niet bij uw team."))
        already = [c for c in clients if c.coach_id == to_coach.pk]
        if already:
            raise ValidationError(
                _("%(coach)s is al de werkcoach van %(count)s van deze cliënten.")
                % {"coach": to_coach, "count": len(already)}
            )
        now = timezone.now()
        Overdracht.objects.bulk_create(
            Overdracht(
                client=c,
                from_coach_id=c.coach_id,
                to_coach=to_coach,
                at=now,
                reason=reason,
                note=note.strip(),
                created_by=user,
            )
            for c in clients
        )
        Client.objects.filter(pk__in=[c.pk for c in clients]).update(coach=to_coach, updated_at=now)
        for c in clients:
            access_log_write(request=request, client=c, action=AccessLog.Action.CHANGE)
    return len(clients)


def overdracht_acknowledge(*, overdracht, user):
    """Mark a handover note as read by the coach it was written for."""
    if overdracht.to_coach_id != user.pk:
        raise ValidationError(_("Alleen de nieuwe werkcoach kan de overdracht als gelezen markeren."))
    if overdracht.acknowledged_at is None:
        Overdracht.objects.filter(pk=overdracht.pk, acknowledged_at__isnull=True).update(acknowledged_at=timezone.now())


def contactmoment_create(*, request, client, **fields):
    """Record a contact with the client. A contact cannot lie in the future."""
    contact = Contactmoment(client=client, author=request.user, **fields)
    if contact.at and contact.at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"at": _("Een contactmoment kan niet in de toekomst liggen.")})
    if contact.at and contact.at < timezone.now() - MAX_BACKDATE:
        raise ValidationError({"at": _("Deze datum ligt meer dan 5 jaar terug. Controleer de datum.")})
    with transaction.atomic():
        contact.full_clean()
        contact.save()
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return contact


MODE_PLACE = {AfspraakMode.TELEFOON: gettext_lazy("Telefonisch"), AfspraakMode.VIDEO: gettext_lazy("Beeldbellen")}


def afspraak_create(*, request, client, invitation="", **fields):
    """Plan an appointment with the client; it must lie in the future.

    Rules: a video call has an https link (and needs no address); a phone or
    video appointment without a place gets the mode as its place. With
    ``invitation`` (a letter kind) the invitation letter is asked for in the
    same transaction, so planning and inviting are one step.
    """
    from reintegratie.documents.models import BriefKind
    from reintegratie.documents.services import brief_request

    fields.setdefault("with_user", client.coach)
    mode = fields.get("mode") or AfspraakMode.OP_LOCATIE
    fields["mode"] = mode
    if mode == AfspraakMode.VIDEO:
        if not (fields.get("video_link") or "").startswith("https://"):
            raise ValidationError({"video_link": _("Geef de link voor het beeldbellen. Hij begint met https://.")})
    else:
        fields["video_link"] = ""
    if not (fields.get("place") or "").strip():
        if mode == AfspraakMode.OP_LOCATIE:
            raise ValidationError({"place": _("Schrijf op waar de afspraak is.")})
        fields["place"] = str(MODE_PLACE[mode])
    if invitation and invitation not in (BriefKind.UITNODIGING_AFSPRAAK, BriefKind.UITNODIGING_BREDE_INTAKE):
        raise ValidationError({"invitation": _("Kies of de cliënt een uitnodiging krijgt.")})
    afspraak = Afspraak(client=client, created_by=request.user, **fields)
    if afspraak.starts_at and afspraak.starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Een nieuwe afspraak moet in de toekomst liggen.")})
    if afspraak.starts_at and afspraak.starts_at > timezone.now() + MAX_PLAN_AHEAD:
        raise ValidationError({"starts_at": _("Deze datum ligt meer dan 2 jaar vooruit. Controleer de datum.")})
    with transaction.atomic():
        afspraak.full_clean()
        afspraak.save()
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
        if invitation:
            brief_request(request=request, client=client, kind=invitation, source=afspraak)
    return afspraak


def afspraak_record_outcome(*, request, afspraak, outcome, note=""):
    """Record how an appointment went.

    Rules: the outcome is recorded once. 'Verschenen' and 'niet verschenen'
    only once the appointment has started; 'afgezegd' also before. A no-show
    needs a note, because it may later be the reason for a maatregel.
    """
    if outcome not in AfspraakOutcome.values:
        raise ValidationError({"outcome": _("Kies een uitkomst.")})
    if outcome != AfspraakOutcome.AFGEZEGD and afspraak.starts_at > timezone.now():
        raise ValidationError({"outcome": _("Deze afspraak is nog niet begonnen. U kunt alleen 'Afgezegd' kiezen.")})
    if outcome == AfspraakOutcome.NIET_VERSCHENEN and not note.strip():
        raise ValidationError({"note": _("Schrijf op wat u weet over het niet verschijnen.")})
    with transaction.atomic():
        updated = Afspraak.objects.filter(pk=afspraak.pk, outcome="").update(
            outcome=outcome,
            outcome_note=note.strip(),
            outcome_recorded_at=timezone.now(),
            outcome_recorded_by=request.user,
        )
        if not updated:
            raise ValidationError(_("De uitkomst van deze afspraak is al vastgelegd."))
        access_log_write(request=request, client=afspraak.client, action=AccessLog.Action.CHANGE)
    afspraak.refresh_from_db()
    return afspraak
