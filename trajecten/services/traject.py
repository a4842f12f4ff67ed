"""Writes for trajecten, progress reports and outflow."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clients.models import Client
from clients.workflow import ClientStatus
from reintegratie.accounts.models import Role
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.dates import datum

from ..models import Traject, TrajectStatusChange, Uitstroom, Voortgangsrapportage
from ..selectors import earlier_in_category
from ..workflow import TRAJECT_ALLOWED, TRAJECT_CLOSED, TRAJECT_RUNNING, TrajectResult, TrajectStatus


def repeat_warning(earlier):
    """The plain sentence that flags a repeated kind of instrument."""
    parts = [
        _("%(name)s (%(start)s tot %(end)s), met resultaat: %(result)s")
        % {
            "name": t.instrument.name,
            "start": datum(t.started_on) if t.started_on else "?",
            "end": datum(t.ended_on) if t.ended_on else _("nu"),
            "result": t.get_result_display().lower() if t.result else _("nog geen"),
        }
        for t in earlier
    ]
    return _("Deze cliënt volgde al: %(list)s.") % {"list": "; ".join(parts)}


def traject_start(
    *, request, client, instrument, doel, reason, repeat_justification="", started_on=None, planned_end=None
):
    """Register a client for an instrument.

    Rules: a traject needs a reason in plain words and a goal from the
    client's current plan. An instrument of a kind the client followed before
    is flagged and needs an explicit justification. The planned end stays
    within the instrument's maximum duration.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Schrijf op waarom dit traject past bij deze cliënt.")})
    if not instrument.active:
        raise ValidationError({"instrument": _("Dit instrument wordt niet meer aangeboden.")})
    if doel is None or doel.plan.client_id != client.pk or not doel.plan.is_current:
        raise ValidationError({"doel": _("Kies een doel uit het huidige plan van aanpak.")})
    earlier = list(earlier_in_category(client, instrument.category))
    if earlier and not repeat_justification.strip():
        raise ValidationError(
            {"repeat_justification": repeat_warning(earlier) + " " + _("Schrijf op waarom het nu opnieuw moet.")}
        )
    if started_on and planned_end and planned_end < started_on:
        raise ValidationError({"planned_end": _("De einddatum ligt voor de startdatum.")})
    if (
        started_on
        and planned_end
        and instrument.max_weeks
        and planned_end > started_on + timedelta(weeks=instrument.max_weeks)
    ):
        raise ValidationError(
            {"planned_end": _("Dit instrument duurt hoogstens %(w)s weken.") % {"w": instrument.max_weeks}}
        )
    with transaction.atomic():
        traject = Traject.objects.create(
            client=client,
            instrument=instrument,
            aanbieder=instrument.aanbieder,
            doel=doel,
            reason=reason.strip(),
            repeat_justification=repeat_justification.strip(),
            started_on=started_on,
            planned_end=planned_end,
            created_by=request.user,
        )
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return traject


def _may_work_on(user, traject):
    """The client's coach and teamleider (policy), or a user of the traject's provider."""
    if user.role == Role.AANBIEDER:
        return traject.aanbieder_id is not None and traject.aanbieder_id == user.aanbieder_id
    return (
        user.role in (Role.WERKCOACH, Role.TEAMLEIDER)
        and Client.objects.visible_to(user).filter(pk=traject.client_id).exists()
    )


def traject_transition(
    *, request, traject, to_status, started_on=None, ended_on=None, end_report="", result="", early_end_reason=""
):
    """The one way a traject changes status (workflow.TRAJECT_ALLOWED).

    Rules: a traject starts on a date. It cannot close without an end report
    and a result (the database enforces it too); ending early needs a reason.
    Closing sends the client the end report as a letter. History is append-only.
    """
    from reintegratie.documents.models import BriefKind
    from reintegratie.documents.services import brief_request

    if not _may_work_on(request.user, traject):
        raise PermissionDenied
    with transaction.atomic():
        current = Traject.objects.select_for_update().select_related("client", "instrument").get(pk=traject.pk)
        if to_status not in TRAJECT_ALLOWED.get(current.status, set()):
            labels = dict(TrajectStatus.choices)
            raise ValidationError(
                _("Een traject met status '%(from)s' kan niet naar '%(to)s'.")
                % {"from": current.get_status_display(), "to": labels.get(to_status, to_status)}
            )
        errors = {}
        if to_status == TrajectStatus.LOPEND:
            # Empty is today, as the form says; the planned day is only a plan until it has come.
            planned = current.started_on
            current.started_on = started_on or timezone.localdate()
            if current.started_on > timezone.localdate():
                errors["started_on"] = [
                    _("Een traject start pas als het begonnen is. Kies vandaag of de dag waarop het begon.")
                    + (
                        " "
                        + _("Het staat gepland vanaf %(planned)s: start het op die dag of later.")
                        % {"planned": date_format(planned, "j F Y")}
                        if planned and planned > timezone.localdate()
                        else ""
                    )
                ]
        if to_status in TRAJECT_CLOSED:
            if not end_report.strip():
                errors["end_report"] = [_("Een traject sluit pas met een eindrapportage.")]
            if result not in TrajectResult.values:
                errors["result"] = [_("Kies het resultaat van het traject.")]
            if to_status == TrajectStatus.VOORTIJDIG_BEEINDIGD and not early_end_reason.strip():
                errors["early_end_reason"] = [_("Schrijf op waarom het traject eerder stopt.")]
            ended_on = ended_on or timezone.localdate()
            if ended_on > timezone.localdate():
                errors["ended_on"] = [_("De einddatum kan niet in de toekomst liggen.")]
            if current.started_on and ended_on < current.started_on:
                errors["ended_on"] = [_("De einddatum ligt voor de startdatum.")]
        if errors:
            raise ValidationError(errors)
        if to_status in TRAJECT_CLOSED:
            current.ended_on = ended_on
            current.end_report = end_report.strip()
            current.result = result
            current.early_end_reason = early_end_reason.strip()
        TrajectStatusChange.objects.create(
            traject=current, from_status=current.status, to_status=to_status, by=request.user
        )
        current.status = to_status
        current.save()
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)
        if to_status in TRAJECT_CLOSED:
            brief_request(request=request, client=current.client, kind=BriefKind.EINDRAPPORTAGE_TRAJECT, source=current)
    return current


def report_add(*, request, traject, period_start, period_end, text):
    """A progress report on a running traject, by its provider or the coach."""
    if not _may_work_on(request.user, traject):
        raise PermissionDenied
    if traject.status not in TRAJECT_RUNNING:
        raise ValidationError(_("Dit traject loopt niet meer. Schrijf de eindrapportage bij het afsluiten."))
    if not text.strip():
        raise ValidationError({"text": _("Schrijf hoe het gaat.")})
    if period_start > period_end:
        raise ValidationError({"period_end": _("De periode eindigt voor hij begint.")})
    if period_end > timezone.localdate():
        raise ValidationError({"period_end": _("De periode kan niet in de toekomst eindigen.")})
    with transaction.atomic():
        # Lock the traject: a report never lands after a close that ran at the same time.
        current = Traject.objects.select_for_update().get(pk=traject.pk)
        if current.status not in TRAJECT_RUNNING:
            raise ValidationError(_("Dit traject loopt niet meer. Schrijf de eindrapportage bij het afsluiten."))
        report = Voortgangsrapportage.objects.create(
            traject=current, author=request.user, period_start=period_start, period_end=period_end, text=text.strip()
        )
        access_log_write(request=request, client=traject.client, action=AccessLog.Action.CHANGE)
    return report


def uitstroom_register(*, request, client, on, kind, contract, hours=None, traject=None):
    """Record that the client left the benefit; the coach is reminded at 6 and 12 months."""
    if on > timezone.localdate():
        raise ValidationError({"on": _("De datum van uitstroom kan niet in de toekomst liggen.")})
    if kind in ("werk_voltijd", "werk_deeltijd") and not hours:
        raise ValidationError({"hours": _("Vul het aantal uren per week in.")})
    if traject is not None and traject.client_id != client.pk:
        raise ValidationError({"traject": _("Dit traject hoort niet bij deze cliënt.")})
    with transaction.atomic():
        uitstroom = Uitstroom(
            client=client, on=on, kind=kind, contract=contract, hours=hours, traject=traject, created_by=request.user
        )
        uitstroom.full_clean()
        uitstroom.save()
        Client.objects.filter(pk=client.pk).update(status=ClientStatus.UITGESTROOMD, updated_at=timezone.now())
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return uitstroom


def uitstroom_followup(*, request, uitstroom, months, result):
    """Record whether the client is still off benefit 6 or 12 months after leaving."""
    from ..workflow import FollowUp

    if months not in (6, 12):
        raise ValidationError(_("Vraag na 6 of 12 maanden."))
    if result not in FollowUp.values:
        raise ValidationError({"result": _("Kies een antwoord.")})
    due = uitstroom.on + timedelta(days=round(months * 30.44))
    if timezone.localdate() < due - timedelta(days=14):
        raise ValidationError(_("Het is nog te vroeg om dit te vragen (vanaf %(d)s).") % {"d": datum(due)})
    field = f"followup_{months}"
    with transaction.atomic():
        updated = Uitstroom.objects.filter(pk=uitstroom.pk, **{field: ""}).update(
            **{field: result, f"{field}_at": timezone.now()}
        )
        if not updated:
            raise ValidationError(_("Dit is al vastgelegd."))
        if result == FollowUp.TERUG:
            Client.objects.filter(pk=uitstroom.client_id).update(status=ClientStatus.ACTIEF, updated_at=timezone.now())
        access_log_write(request=request, client=uitstroom.client, action=AccessLog.Action.CHANGE)
