"""Complaints (Awb chapter 9): register, handle, settle informally, hear, extend, decide."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegratie.accounts.models import Role
from reintegratie.dates import datum
from reintegratie.documents.models import BriefKind
from reintegratie.documents.services import brief_request

from .. import deadlines
from ..models import Klacht, Zaak
from ..workflow import Channel, GebeurtenisKind, KlachtCategorie, Oordeel, Soort, ZaakStatus
from .common import (
    check_transition,
    event,
    extend,
    lock,
    may_handle,
    move,
    require_handler,
    require_uninvolved,
    required,
    save,
    set_deadline,
)


def klacht_termijn(zaak):
    """The decision term of a complaint, extended when it was extended."""
    termijn = deadlines.klacht_beslistermijn(received_on=zaak.received_on, committee=zaak.klacht.committee)
    return deadlines.klacht_verdaging(termijn) if zaak.extended_on else termijn


def _validate_new(*, category, description, received_on):
    errors = {}
    if category not in KlachtCategorie.values:
        errors["category"] = [_("Kies waar de klacht over gaat.")]
    required(errors, "description", description, _("Schrijf op wat er is gebeurd."))
    if received_on > timezone.localdate():
        errors["received_on"] = [_("De datum van ontvangst kan niet in de toekomst liggen.")]
    if errors:
        raise ValidationError(errors)


def _create(*, request, client, category, description, wish, about_user, about_text, channel, received_on, committee):
    _validate_new(category=category, description=description, received_on=received_on)
    if about_user is not None and about_user.role not in (Role.WERKCOACH, Role.TEAMLEIDER, Role.AANBIEDER):
        raise ValidationError({"about_user": _("Kies een medewerker.")})
    with transaction.atomic():
        zaak = Zaak(
            soort=Soort.KLACHT,
            client=client,
            status=ZaakStatus.ONTVANGEN,
            received_on=received_on,
            channel=channel,
            created_by=request.user,
        )
        zaak.save()
        Klacht.objects.create(
            zaak=zaak,
            category=category,
            description=description.strip(),
            wish=wish.strip(),
            about_user=about_user,
            about_text=about_text.strip(),
            committee=committee,
            acknowledged_on=timezone.localdate(),
        )
        set_deadline(zaak, klacht_termijn(zaak))
        event(zaak, GebeurtenisKind.AANGEMAAKT, by=request.user, to_status=zaak.status, text=_("Klacht ontvangen."))
        save(request, zaak)
        # Awb 9:6: the receipt of a complaint is confirmed in writing.
        brief_request(request=request, client=client, kind=BriefKind.ONTVANGST_KLACHT, source=zaak)
    return zaak


def klacht_register(
    *,
    request,
    client,
    category,
    description,
    channel,
    received_on=None,
    wish="",
    about_user=None,
    about_text="",
    committee=False,
):
    """Register a complaint a coach received by phone, at the counter, by letter or e-mail.

    Sends the written acknowledgement (Awb 9:6); the decision term is 6 weeks,
    10 with a complaints committee (9:11).
    """
    require_handler(request.user, client)
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Kies hoe de klacht binnenkwam.")})
    return _create(
        request=request,
        client=client,
        category=category,
        description=description,
        wish=wish,
        about_user=about_user,
        about_text=about_text,
        channel=channel,
        received_on=received_on or timezone.localdate(),
        committee=committee,
    )


def klacht_file(*, request, category, description, wish="", about_coach=False, about_text=""):
    """A client files a complaint in the portal; it can be about their own coach."""
    user = request.user
    client = getattr(user, "client_profile", None) if user.role == Role.CLIENT else None
    if client is None:
        raise PermissionDenied
    return _create(
        request=request,
        client=client,
        category=category,
        description=description,
        wish=wish,
        about_user=client.coach if about_coach else None,
        about_text=about_text,
        channel=Channel.PORTAAL,
        received_on=timezone.localdate(),
        committee=False,
    )


def klacht_assign(*, request, zaak, handler, expected_version):
    """Give the complaint a handler; never the person it is about (Awb 9:7)."""
    require_handler(request.user, zaak.client)
    require_uninvolved(request.user, zaak)
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        if handler is None or not may_handle(handler, current.client):
            raise ValidationError({"handler": _("Kies een behandelaar die deze cliënt mag zien.")})
        if handler.pk == current.klacht.about_user_id:
            raise ValidationError(
                {"handler": _("De klacht gaat over deze medewerker. Iemand anders moet de klacht behandelen.")}
            )
        current.handler = handler
        event(
            current,
            GebeurtenisKind.BEHANDELAAR,
            by=request.user,
            text=_("Behandelaar: %(name)s.") % {"name": handler.get_full_name() or handler.username},
        )
        move(request, current, ZaakStatus.IN_BEHANDELING)
    return current


def klacht_settle(*, request, zaak, solution, satisfaction_confirmed, expected_version):
    """Close the complaint because it was solved to the client's satisfaction (Awb 9:5).

    Rule: the satisfaction must be provable, so how the client confirmed it is recorded.
    """
    require_handler(request.user, zaak.client)
    require_uninvolved(request.user, zaak)
    errors = {}
    required(errors, "solution", solution, _("Schrijf op hoe het is opgelost."))
    required(
        errors,
        "satisfaction_confirmed",
        satisfaction_confirmed,
        _("Schrijf op hoe de cliënt liet weten tevreden te zijn, bijvoorbeeld per e-mail of in een gesprek."),
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        klacht = current.klacht
        klacht.informal_solution = solution.strip()
        klacht.satisfaction_confirmed = satisfaction_confirmed.strip()
        klacht.save()
        current.decided_on = timezone.localdate()
        current.decided_by = request.user
        current.motivation = solution.strip()
        set_deadline(current, None)
        move(request, current, ZaakStatus.INFORMEEL_OPGELOST, text=solution.strip())
    return current


def klacht_hearing(*, request, zaak, expected_version, hearing_on=None, report="", skip_reason=""):
    """Record the hearing (Awb 9:10) with its report, or the reason it was skipped."""
    require_handler(request.user, zaak.client)
    require_uninvolved(request.user, zaak)
    errors = {}
    if hearing_on:
        if hearing_on > timezone.localdate():
            errors["hearing_on"] = [_("Leg het horen vast nadat het is gebeurd.")]
        required(errors, "report", report, _("Schrijf een verslag van het horen."))
    else:
        required(
            errors,
            "skip_reason",
            skip_reason,
            _("Vul de datum van het horen in, of schrijf op waarom de cliënt niet is gehoord."),
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        if current.status != ZaakStatus.IN_BEHANDELING:
            raise ValidationError(_("Horen kan alleen bij een klacht die in behandeling is."))
        klacht = current.klacht
        klacht.hearing_on = hearing_on
        klacht.hearing_report = report.strip() if hearing_on else ""
        klacht.hearing_skip_reason = "" if hearing_on else skip_reason.strip()
        klacht.save()
        text = (
            _("Gehoord op %(d)s.") % {"d": datum(hearing_on)}
            if hearing_on
            else _("Niet gehoord: %(r)s") % {"r": skip_reason.strip()}
        )
        event(current, GebeurtenisKind.HOREN, by=request.user, text=text)
        save(request, current)
    return current


def klacht_extend(*, request, zaak, reason, expected_version):
    """Extend the decision term once by 4 weeks, with a letter to the client (Awb 9:11 lid 2)."""
    return extend(
        request=request, zaak=zaak, reason=reason, expected_version=expected_version, termijn_for=klacht_termijn
    )


def klacht_decide(*, request, zaak, findings, judgement, conclusions, expected_version):
    """Decide on the complaint (Awb 9:12): findings, judgement and conclusions, in writing.

    Rules: there is a handler who is not the person complained about (9:7),
    and the complainant was heard or the reason not to is recorded (9:10).
    Sends the decision letter with the ombudsman route.
    """
    require_handler(request.user, zaak.client)
    require_uninvolved(request.user, zaak)
    errors = {}
    required(errors, "findings", findings, _("Schrijf op wat er is onderzocht en gevonden."))
    if judgement not in Oordeel.values:
        errors["judgement"] = [_("Kies een oordeel.")]
    required(errors, "conclusions", conclusions, _("Schrijf op wat er nu gebeurt."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        check_transition(current, ZaakStatus.AFGEHANDELD)
        klacht = current.klacht
        check = []
        if current.handler_id is None:
            check.append(_("Kies eerst een behandelaar."))
        if klacht.about_user_id is not None and request.user.pk == klacht.about_user_id:
            check.append(_("De klacht gaat over u. Iemand anders moet beslissen."))
        if klacht.hearing_on is None and not klacht.hearing_skip_reason:
            check.append(_("Hoor eerst de cliënt, of schrijf op waarom dat niet hoeft."))
        if check:
            raise ValidationError(check)
        klacht.findings = findings.strip()
        klacht.judgement = judgement
        klacht.conclusions = conclusions.strip()
        klacht.save()
        current.decided_on = timezone.localdate()
        current.decided_by = request.user
        current.motivation = findings.strip()
        set_deadline(current, None)
        move(request, current, ZaakStatus.AFGEHANDELD)
        brief_request(request=request, client=current.client, kind=BriefKind.BESLISSING_KLACHT, source=current)
    return current


def zaak_withdraw(*, request, zaak, note, expected_version):
    """The client withdraws a complaint or objection; the note says how they let us know."""
    require_handler(request.user, zaak.client)
    require_uninvolved(request.user, zaak)
    if not note.strip():
        raise ValidationError({"note": _("Schrijf op hoe de cliënt liet weten de zaak in te trekken.")})
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        set_deadline(current, None)
        move(request, current, ZaakStatus.INGETROKKEN, text=note.strip())
    return current
