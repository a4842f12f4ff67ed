"""Writes of Werk zoeken: vacancies, voordrachten, profile visibility, and starting work."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from reintegratie.accounts.models import Role
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write, client_ip
from trajecten.services import uitstroom_register
from trajecten.workflow import UitstroomKind

from .models import (
    MANAGE_PERMISSION,
    Vacature,
    Voordracht,
    VoordrachtStatusChange,
    Zichtbaarheid,
    ZichtbaarheidGebeurtenis,
)
from .workflow import ACTIVE, ALLOWED, ConsentParty, VacatureStatus, VoordrachtStatus

# From this many hours a week, work counts as full-time in the outflow figures.
FULL_TIME_HOURS = 36

VACATURE_FIELDS = frozenset(
    f.name
    for f in Vacature._meta.get_fields()
    if getattr(f, "editable", False) and f.name not in ("id", "created_by", "created_at", "updated_at")
)


def may_manage_vacatures(user):
    """A werkgeversdienstverlener: a werkcoach or teamleider with the manage_vacature permission."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role in (Role.WERKCOACH, Role.TEAMLEIDER)
        and user.has_perm(MANAGE_PERMISSION)
    )


def _check_vacature(fields):
    hours_min, hours_max = fields.get("hours_min"), fields.get("hours_max")
    if hours_min is not None and hours_max is not None and hours_min > hours_max:
        raise ValidationError({"hours_max": _("Het maximum aantal uren is lager dan het minimum.")})


def vacature_create(*, request, **fields):
    """Record a vacancy (werkgeversdienstverlener only)."""
    if not may_manage_vacatures(request.user):
        raise PermissionDenied
    unknown = set(fields) - VACATURE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check_vacature(fields)
    with transaction.atomic():
        vacature = Vacature(created_by=request.user, **fields)
        vacature.full_clean()
        vacature.save()
    return vacature


def vacature_update(*, request, vacature, **fields):
    """Change a vacancy, its status included (werkgeversdienstverlener only)."""
    if not may_manage_vacatures(request.user):
        raise PermissionDenied
    unknown = set(fields) - VACATURE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check_vacature(fields)
    with transaction.atomic():
        current = Vacature.objects.select_for_update().get(pk=vacature.pk)
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        current.save()
    return current


def _may_put_forward(user, client):
    """Only the client's own coach or teamleider (the access policy) puts a client forward."""
    return (
        user.role in (Role.WERKCOACH, Role.TEAMLEIDER) and Client.objects.visible_to(user).filter(pk=client.pk).exists()
    )


def voordracht_create(*, request, vacature, client, note=""):
    """Put a client forward for an open vacancy.

    Rules: only the client's coach (or teamleider) does this; at most one
    active voordracht per vacancy and client (also a database constraint).
    """
    if not _may_put_forward(request.user, client):
        raise PermissionDenied
    with transaction.atomic():
        current = Vacature.objects.select_for_update().get(pk=vacature.pk)
        if current.status != VacatureStatus.OPEN:
            raise ValidationError(_("Deze vacature is niet meer open."))
        if Voordracht.objects.filter(vacature=current, client=client, status__in=ACTIVE).exists():
            raise ValidationError(_("Deze cliënt is al voorgedragen voor deze vacature."))
        try:
            with transaction.atomic():
                voordracht = Voordracht.objects.create(
                    vacature=current, client=client, by=request.user, note=note.strip()
                )
        except IntegrityError:
            raise ValidationError(_("Deze cliënt is al voorgedragen voor deze vacature.")) from None
        VoordrachtStatusChange.objects.create(
            voordracht=voordracht, from_status="", to_status=VoordrachtStatus.VOORGEDRAGEN, by=request.user
        )
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return voordracht


def _may_work_on(user, voordracht):
    return Voordracht.objects.visible_to(user).filter(pk=voordracht.pk).exists() and user.role in (
        Role.WERKCOACH,
        Role.TEAMLEIDER,
    )


def voordracht_transition(*, request, voordracht, to_status, reason=""):
    """The one way a voordracht changes status (workflow.ALLOWED).

    Rules: a rejection needs a reason. When as many clients are placed as the
    vacancy has places, the vacancy becomes vervuld. History is append-only.
    """
    if not _may_work_on(request.user, voordracht):
        raise PermissionDenied
    with transaction.atomic():
        current = Voordracht.objects.select_for_update().select_related("client").get(pk=voordracht.pk)
        if to_status not in ALLOWED.get(current.status, set()):
            labels = dict(VoordrachtStatus.choices)
            raise ValidationError(
                _("Een voordracht met status '%(from)s' kan niet naar '%(to)s'.")
                % {"from": current.get_status_display(), "to": labels.get(to_status, to_status)}
            )
        if to_status == VoordrachtStatus.AFGEWEZEN:
            if not reason.strip():
                raise ValidationError({"reason": _("Schrijf op waarom de werkgever de cliënt afwees.")})
            current.reject_reason = reason.strip()
        VoordrachtStatusChange.objects.create(
            voordracht=current, from_status=current.status, to_status=to_status, by=request.user, note=reason.strip()
        )
        current.status = to_status
        current.save()
        if to_status == VoordrachtStatus.GEPLAATST:
            vacature = Vacature.objects.select_for_update().get(pk=current.vacature_id)
            placed = Voordracht.objects.filter(vacature=vacature, status=VoordrachtStatus.GEPLAATST).count()
            if placed >= vacature.places and vacature.status == VacatureStatus.OPEN:
                vacature.status = VacatureStatus.VERVULD
                vacature.save(update_fields=["status", "updated_at"])
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)
    return current


def voordracht_start_work(*, request, voordracht, on, hours):
    """The placed client started work: record the outflow through the existing outflow service.

    Rules: only a placed client starts work, once; only the client's coach or
    teamleider records it (it changes the client file). The outflow takes the
    vacancy's contract; full-time from 36 hours a week.
    """
    if not _may_put_forward(request.user, voordracht.client):
        raise PermissionDenied
    with transaction.atomic():
        current = Voordracht.objects.select_for_update().select_related("client", "vacature").get(pk=voordracht.pk)
        if current.status != VoordrachtStatus.GEPLAATST:
            raise ValidationError(_("Alleen een geplaatste cliënt kan beginnen met werken."))
        if current.started_work_on is not None:
            raise ValidationError(_("Dit is al vastgelegd."))
        kind = UitstroomKind.WERK_VOLTIJD if hours and hours >= FULL_TIME_HOURS else UitstroomKind.WERK_DEELTIJD
        uitstroom = uitstroom_register(
            request=request, client=current.client, on=on, kind=kind, contract=current.vacature.contract, hours=hours
        )
        current.started_work_on = on
        current.uitstroom = uitstroom
        current.save(update_fields=["started_work_on", "uitstroom", "updated_at"])
    return current


def zichtbaarheid_set(*, request, client, party, given):
    """Give or revoke consent to show the client's work profile outside the own coach's caseload.

    The client does this in the portal, the coach in the client file; the
    profile is visible only while both consent. Every change is appended to
    the consent history.
    """
    user = request.user
    if party == ConsentParty.CLIENT:
        allowed = user.role == Role.CLIENT and client.user_id == user.pk
    else:
        allowed = _may_put_forward(user, client)
    if not allowed:
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        Zichtbaarheid.objects.get_or_create(client=client)
        record = Zichtbaarheid.objects.select_for_update().get(client=client)
        if party == ConsentParty.CLIENT:
            if given == record.client_consents:
                return record
            record.client_consent_at = now if given else record.client_consent_at
            record.client_revoked_at = None if given else now
        else:
            if given == record.coach_consents:
                return record
            record.coach_consent_at = now if given else record.coach_consent_at
            record.coach_consent_by = user if given else record.coach_consent_by
            record.coach_revoked_at = None if given else now
        record.save()
        ZichtbaarheidGebeurtenis.objects.create(client=client, party=party, given=given, by=user)
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return record


def profiles_shown_log(*, request, client_ids):
    """Log a view for each client whose profile was shown outside the own caseload (one insert).

    The client sees these rows under "Wie keek in mijn dossier", as for a file opened.
    """
    if not client_ids:
        return []
    user = request.user
    return AccessLog.objects.bulk_create(
        AccessLog(
            user=user,
            role=user.role,
            client_id=client_id,
            action=AccessLog.Action.VIEW,
            path=request.path[:300],
            ip=client_ip(request),
        )
        for client_id in client_ids
    )
