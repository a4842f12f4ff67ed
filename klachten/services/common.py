"""What every zaak service shares: who may act, row locking, the timeline, transitions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from clients.services import EditConflict
from reintegratie.accounts.models import CASEWORK_ROLES
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.dates import datum

from ..models import Zaak, ZaakGebeurtenis
from ..workflow import ALLOWED, GebeurtenisKind, ZaakStatus


def may_handle(user, client):
    """A coach or teamleider who may see the client (the one access policy)."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role in CASEWORK_ROLES
        and Client.objects.visible_to(user).filter(pk=client.pk).exists()
    )


def require_handler(user, client):
    if not may_handle(user, client):
        raise PermissionDenied


def involved_user_id(zaak):
    """Who may not handle this zaak: the person a complaint is about (Awb 9:7), or who took the contested
    decision (Awb 7:5, 10:3 lid 3). None for a sanction."""
    if zaak.soort == "klacht":
        return zaak.klacht.about_user_id
    if zaak.soort == "bezwaar":
        return zaak.bezwaar.against.decided_by_id
    return None


def require_uninvolved(user, zaak):
    """Refuse any step by the person the complaint is about or who took the contested decision."""
    if user.pk is not None and user.pk == involved_user_id(zaak):
        if zaak.soort == "klacht":
            raise ValidationError(
                _("Deze klacht gaat over u. Een collega behandelt de klacht; u kunt hier niets wijzigen.")
            )
        raise ValidationError(
            _("U nam het besluit zelf. Een collega behandelt dit bezwaar; u kunt hier niets wijzigen.")
        )


def lock(zaak, *, expected_version=None):
    """Lock the zaak row for the rest of the transaction; refuse a stale edit."""
    current = (
        Zaak.objects.select_for_update(of=("self",))
        .select_related("client", "client__coach", "handler")
        .get(pk=zaak.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    return current


def event(zaak, kind, *, by, text="", from_status="", to_status="", for_client=True):
    """Append one entry to the zaak's timeline."""
    return ZaakGebeurtenis.objects.create(
        zaak=zaak,
        kind=kind,
        by=by,
        text=text,
        from_status=from_status,
        to_status=to_status,
        for_client=for_client,
    )


def check_transition(zaak, to_status):
    """Refuse a status change the soort's ALLOWED table does not list, with the reason in words."""
    if to_status not in ALLOWED[zaak.soort].get(zaak.status, set()):
        labels = dict(ZaakStatus.choices)
        raise ValidationError(
            _("Een %(soort)s met status '%(from)s' kan niet naar '%(to)s'.")
            % {
                "soort": zaak.get_soort_display().lower(),
                "from": zaak.get_status_display(),
                "to": labels.get(to_status, to_status),
            },
            code="transition",
        )


def move(request, zaak, to_status, *, text="", for_client=True):
    """Change the status of a locked zaak: check the table, append the timeline, save, log."""
    check_transition(zaak, to_status)
    event(
        zaak,
        GebeurtenisKind.STATUS,
        by=request.user,
        from_status=zaak.status,
        to_status=to_status,
        text=text,
        for_client=for_client,
    )
    zaak.status = to_status
    save(request, zaak)


def save(request, zaak):
    """Save a locked zaak with the next version and write a 'change' access-log row."""
    zaak.version += 1
    zaak.save()
    access_log_write(request=request, client=zaak.client, action=AccessLog.Action.CHANGE)


def set_deadline(zaak, termijn):
    """Store the next deadline that matters, with the rule and the plain reason."""
    if termijn is None:
        zaak.deadline = zaak.deadline_nominal = None
        zaak.deadline_rule = zaak.deadline_reason = ""
        return
    zaak.deadline = termijn.end
    zaak.deadline_nominal = termijn.nominal_end
    zaak.deadline_rule = termijn.rule
    zaak.deadline_reason = termijn.reason[:300]


def required(errors, field, value, message):
    """Collect a field error when a required text or value is missing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.setdefault(field, []).append(message)


def extend(*, request, zaak, reason, expected_version, termijn_for):
    """Extend a zaak's decision term once, with a letter to the client (Awb 9:11 lid 2, 7:10 lid 3).

    Rules: only while the zaak is open and before the term has passed; only
    once (more needs the client's written consent); the reason goes in the
    letter. ``termijn_for(zaak)`` gives the extended term.
    """
    from reintegratie.documents.models import BriefKind
    from reintegratie.documents.services import brief_request

    require_handler(request.user, zaak.client)
    require_uninvolved(request.user, zaak)
    if not reason.strip():
        raise ValidationError({"reason": _("Schrijf op waarom meer tijd nodig is. Dat staat ook in de brief.")})
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        if not current.is_open:
            raise ValidationError(_("Deze zaak is al afgehandeld."))
        if current.extended_on:
            raise ValidationError(
                _("De termijn is al een keer verlengd. Nog langer kan alleen met schriftelijke toestemming.")
            )
        if current.deadline and current.deadline < timezone.localdate():
            raise ValidationError(_("De termijn is al voorbij. Verlengen kan alleen voordat de termijn afloopt."))
        current.extended_on = timezone.localdate()
        current.extension_reason = reason.strip()
        set_deadline(current, termijn_for(current))
        event(
            current,
            GebeurtenisKind.VERDAAGD,
            by=request.user,
            text=_("Nieuwe termijn: %(d)s. %(r)s") % {"d": datum(current.deadline), "r": reason.strip()},
        )
        save(request, current)
        brief_request(request=request, client=current.client, kind=BriefKind.VERDAGING, source=current)
    return current
