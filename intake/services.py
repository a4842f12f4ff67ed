"""Writes for the brede intake: start, save a draft, complete, register a ladder step.

Each service is one transaction; refusals are ValidationErrors with a Dutch
message; drafts are saved with optimistic locking (no silent overwrite).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from clients.services import EditConflict
from clients.workflow import ClientStatus
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write

from .models import Intake, LeefgebiedScore, Trede
from .workflow import IntakeKind, IntakeStatus, Leefgebied

# The fields of the intake itself that a draft save may change.
INTAKE_FIELDS = (
    "education",
    "has_startkwalificatie",
    "work_experience",
    "skills",
    "wishes",
    "hours_available",
    "dutch_level",
    "digital_skills",
    "driving_licence",
    "childcare",
    "functional_limits",
    "ladder_now",
    "ladder_target",
    "ladder_target_reason",
    "target_hours",
    "horizon",
    "service_route",
)
SCORE_FIELDS = ("score", "note", "client_view", "support", "support_note", "work_on")


def intake_start(*, request, client):
    """Start a brede intake, or a herbeoordeling when one was completed before.

    Rules: one intake in progress per client. A herbeoordeling starts from
    what the previous intake recorded, so nobody asks again what is known.
    Writes a 'change' access-log row.
    """
    with transaction.atomic():
        Client.objects.select_for_update().filter(pk=client.pk).first()
        if client.intakes.filter(status=IntakeStatus.CONCEPT).exists():
            raise ValidationError(_("Voor deze cliënt loopt al een intake. Ga daarmee verder."))
        previous = client.intakes.filter(status=IntakeStatus.AFGEROND).order_by("-completed_at").first()
        intake = Intake.objects.create(
            client=client,
            kind=IntakeKind.HERBEOORDELING if previous else IntakeKind.EERSTE,
            previous=previous,
            created_by=request.user,
            **({name: getattr(previous, name) for name in INTAKE_FIELDS} if previous else {}),
        )
        if previous:
            intake.target_occupations.set(previous.target_occupations.all())
            earlier = {s.leefgebied: s for s in previous.scores.all()}
        else:
            earlier = {}
        LeefgebiedScore.objects.bulk_create(
            LeefgebiedScore(
                intake=intake,
                leefgebied=domain,
                **({name: getattr(earlier[domain], name) for name in SCORE_FIELDS} if domain in earlier else {}),
            )
            for domain in Leefgebied.values
        )
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return intake


def _check_target(fields):
    now, target = fields.get("ladder_now"), fields.get("ladder_target")
    if now and target and target < now and not (fields.get("ladder_target_reason") or "").strip():
        raise ValidationError({"ladder_target_reason": _("Het doel ligt lager dan de trede nu. Schrijf op waarom.")})


def intake_save(*, request, intake, expected_version, fields, scores, occupations=None):
    """Save a draft: any part may still be empty. Refuses a completed intake and a stale form."""
    _check_target(fields)
    with transaction.atomic():
        current = Intake.objects.select_for_update().get(pk=intake.pk)
        if current.status != IntakeStatus.CONCEPT:
            raise ValidationError(_("Deze intake is al afgerond. Start een herbeoordeling om iets te veranderen."))
        if current.version != expected_version:
            raise EditConflict(current)
        for name in INTAKE_FIELDS:
            if name in fields:
                setattr(current, name, fields[name])
        current.version += 1
        current.full_clean(exclude=["client", "created_by", "previous", "completed_by"])
        current.save()
        if occupations is not None:
            current.target_occupations.set(occupations)
        rows = {row.leefgebied: row for row in current.scores.select_for_update()}
        for domain, values in scores.items():
            row = rows.get(domain)
            if row is None:
                raise ValidationError(_("Onbekend leefgebied."))
            for name in SCORE_FIELDS:
                if name in values:
                    setattr(row, name, values[name])
            row.full_clean(exclude=["intake"])
        LeefgebiedScore.objects.bulk_update(rows.values(), SCORE_FIELDS)
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)
    return current


class IncompleteIntake(ValidationError):
    """Completion refused; the draft itself was saved. Carries the saved intake."""

    def __init__(self, errors, intake):
        super().__init__(errors)
        self.intake = intake


def intake_complete(*, request, intake, expected_version, fields, scores, occupations=None):
    """Save the draft, then complete the intake.

    Rules: every leefgebied has a score; the ladder step now and the target
    and the service route are set; a target below the current step has a
    reason. When something is missing, the draft stays saved and
    IncompleteIntake says what is missing. Completing registers the ladder
    step (a Trede) when it changed, sets the client's route, makes an
    'aangemeld' client 'actief', and sends the client the intake summary letter.
    """
    from reintegratie.documents.models import BriefKind
    from reintegratie.documents.services import brief_request

    saved = intake_save(
        request=request,
        intake=intake,
        expected_version=expected_version,
        fields=fields,
        scores=scores,
        occupations=occupations,
    )
    with transaction.atomic():
        current = Intake.objects.select_for_update().get(pk=saved.pk)
        if current.status != IntakeStatus.CONCEPT or current.version != saved.version:
            raise EditConflict(current)
        missing = [row.get_leefgebied_display() for row in current.scores.all() if row.score is None]
        errors = {}
        if missing:
            errors["__all__"] = [_("Geef nog een score voor: %(domains)s.") % {"domains": ", ".join(missing)}]
        for name, message in (
            ("ladder_now", _("Kies de trede waar de cliënt nu staat.")),
            ("ladder_target", _("Kies de trede die het doel is.")),
            ("service_route", _("Kies een dienstverleningsroute.")),
        ):
            if not getattr(current, name):
                errors[name] = [message]
        if errors:
            raise IncompleteIntake(errors, current)
        current.status = IntakeStatus.AFGEROND
        current.completed_at = timezone.now()
        current.completed_by = request.user
        current.version += 1
        current.save(update_fields=["status", "completed_at", "completed_by", "version", "updated_at"])
        client = Client.objects.select_for_update().get(pk=current.client_id)
        latest = client.treden.order_by("-on", "-pk").first()
        if latest is None or latest.step != current.ladder_now:
            Trede.objects.create(
                client=client,
                on=timezone.localdate(),
                step=current.ladder_now,
                note=current.get_kind_display(),
                intake=current,
                created_by=request.user,
            )
        client.service_route = current.service_route
        if client.status == ClientStatus.AANGEMELD:
            client.status = ClientStatus.ACTIEF
        client.version += 1
        client.save(update_fields=["service_route", "status", "version", "updated_at"])
        brief_request(request=request, client=client, kind=BriefKind.SAMENVATTING_INTAKE, source=current)
    return current


def trede_register(*, request, client, on, step, note=""):
    """Register a step on the participatieladder. A date in the future is refused."""
    if on > timezone.localdate():
        raise ValidationError({"on": _("Een trede kan niet in de toekomst liggen.")})
    if not 1 <= step <= 6:
        raise ValidationError({"step": _("Een trede ligt tussen 1 en 6.")})
    with transaction.atomic():
        trede = Trede.objects.create(client=client, on=on, step=step, note=note.strip(), created_by=request.user)
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return trede
