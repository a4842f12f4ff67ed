"""Sanctions (Participatiewet art. 18): signal, voornemen, zienswijze, decision, heroverweging."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clients.models import Client
from reintegratie.accounts.models import Role
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.dates import datum
from reintegratie.documents.models import BriefKind
from reintegratie.documents.services import brief_request

from .. import deadlines
from ..models import Maatregel, SanctieRegel, Zaak
from ..workflow import GebeurtenisKind, Soort, Verwijtbaarheid, ZaakStatus
from .common import check_transition, event, lock, move, require_handler, required, save, set_deadline
from .recidive import earlier_sanctions, earlier_warnings, proposal

# Not a statutory term: the municipality's own norm, so a zienswijze never waits unseen.
DECIDE_WITHIN_DAYS = 14
DECISIONS = (ZaakStatus.OPGELEGD, ZaakStatus.WAARSCHUWING, ZaakStatus.GEEN_MAATREGEL)


def maatregel_signal(*, request, client, breach_on, description):
    """A provider signals a breach. It imposes nothing: the client's coach decides what follows.

    Rule: only a provider with a running traject for this client. The zaak goes
    to the coach; the provider does not see it afterwards.
    """
    user = request.user
    if user.role != Role.AANBIEDER or not Client.objects.visible_to(user).filter(pk=client.pk).exists():
        raise PermissionDenied
    errors = {}
    required(errors, "description", description, _("Schrijf op wat er is gebeurd."))
    if breach_on is None:
        errors["breach_on"] = [_("Vul de datum van de gedraging in.")]
    elif breach_on > timezone.localdate():
        errors["breach_on"] = [_("De datum kan niet in de toekomst liggen.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        zaak = Zaak.objects.create(
            soort=Soort.MAATREGEL,
            client=client,
            status=ZaakStatus.GESIGNALEERD,
            received_on=timezone.localdate(),
            handler=client.coach,
            created_by=user,
        )
        Maatregel.objects.create(
            zaak=zaak, breach_on=breach_on, breach_description=description.strip(), signalled_by=user
        )
        # The coach looks at a signal within two weeks; it is not a decision term.
        set_deadline(zaak, None)
        zaak.deadline = timezone.localdate() + timedelta(days=DECIDE_WITHIN_DAYS)
        zaak.deadline_rule = "werkafspraak"
        zaak.deadline_reason = _("Binnen 2 weken bekijken wat er met het signaal gebeurt.")
        event(
            zaak,
            GebeurtenisKind.AANGEMAAKT,
            by=user,
            to_status=zaak.status,
            text=_("Signaal van %(org)s.") % {"org": user.aanbieder.name if user.aanbieder_id else ""},
            for_client=False,
        )
        zaak.save()
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return zaak


def _rule_for(rule, breach_on):
    if rule is None:
        raise ValidationError({"rule": _("Kies de categorie uit de verordening.")})
    valid = SanctieRegel.objects.valid_on(breach_on).filter(pk=rule.pk).exists()
    if not valid:
        raise ValidationError({"rule": _("Deze regel gold niet op de datum van de gedraging. Kies een andere.")})
    return rule


def maatregel_intention(
    *,
    request,
    client,
    rule,
    breach_on,
    description,
    afspraak=None,
    actie=None,
    signal=None,
    zienswijze_days=14,
    expected_version=None,
):
    """Announce an intended sanction and invite the client's zienswijze (Awb 4:8).

    Rules: the rule valid on the day of the breach applies; recidive within
    12 months is found and recorded; the breach is linked to the appointment
    or plan action it is about, when there is one. Sends the voornemen letter
    with the zienswijze deadline. A provider's signal becomes this voornemen.
    """
    require_handler(request.user, client)
    errors = {}
    required(errors, "description", description, _("Schrijf op wat er is gebeurd."))
    if breach_on is None:
        errors["breach_on"] = [_("Vul de datum van de gedraging in.")]
    elif breach_on > timezone.localdate():
        errors["breach_on"] = [_("De datum kan niet in de toekomst liggen.")]
    if afspraak is not None and afspraak.client_id != client.pk:
        errors["afspraak"] = [_("Deze afspraak hoort niet bij deze cliënt.")]
    if actie is not None and actie.doel.plan.client_id != client.pk:
        errors["actie"] = [_("Deze actie hoort niet bij deze cliënt.")]
    if not 7 <= zienswijze_days <= 28:
        errors["zienswijze_days"] = [_("Geef de cliënt 7 tot 28 dagen om te reageren.")]
    if errors:
        raise ValidationError(errors)
    rule = _rule_for(rule, breach_on)
    today = timezone.localdate()
    termijn = deadlines.zienswijze_termijn(sent_on=today, days=zienswijze_days)
    with transaction.atomic():
        if signal is not None:
            zaak = lock(signal, expected_version=expected_version)
            if zaak.client_id != client.pk or zaak.soort != Soort.MAATREGEL:
                raise ValidationError(_("Dit signaal hoort niet bij deze cliënt."))
            check_transition(zaak, ZaakStatus.VOORNEMEN)
            maatregel = zaak.maatregel
        else:
            zaak = Zaak.objects.create(
                soort=Soort.MAATREGEL,
                client=client,
                status=ZaakStatus.VOORNEMEN,
                received_on=today,
                created_by=request.user,
            )
            maatregel = Maatregel(zaak=zaak)
            event(zaak, GebeurtenisKind.AANGEMAAKT, by=request.user, to_status=zaak.status, for_client=False)
        # Only sanctions that count for this rule: art. 18 lid 4 ones, or the same category (recidive.py).
        earlier = earlier_sanctions(client, breach_on=breach_on, months=rule.recidive_months, exclude=zaak, rule=rule)
        maatregel.rule = rule
        maatregel.breach_on = breach_on
        maatregel.breach_description = description.strip()
        maatregel.afspraak = afspraak
        maatregel.actie = actie
        maatregel.intention_sent_on = today
        maatregel.zienswijze_deadline = termijn.end
        maatregel.recidive_count = len(earlier)
        maatregel.previous = earlier[0] if earlier else None
        maatregel.save()
        zaak.handler = request.user
        set_deadline(zaak, termijn)
        if signal is not None:
            move(request, zaak, ZaakStatus.VOORNEMEN)
        else:
            save(request, zaak)
        brief_request(request=request, client=client, kind=BriefKind.VOORNEMEN_MAATREGEL, source=zaak)
    return zaak


def maatregel_zienswijze(*, request, zaak, expected_version, zienswijze="", given_on=None, skip_reason=""):
    """Record the client's zienswijze, or why there is none; then the coach assesses.

    Rule: without a zienswijze, either its term has passed or a reason to
    skip it is recorded (Awb 4:11, 4:12).
    """
    require_handler(request.user, zaak.client)
    today = timezone.localdate()
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        check_transition(current, ZaakStatus.BEOORDELING)
        maatregel = current.maatregel
        errors = {}
        if zienswijze.strip():
            given_on = given_on or today
            if given_on > today:
                errors["given_on"] = [_("De datum kan niet in de toekomst liggen.")]
        elif not skip_reason.strip():
            if maatregel.zienswijze_deadline and today <= maatregel.zienswijze_deadline:
                errors["zienswijze"] = [
                    _("De cliënt kan nog reageren tot en met %(d)s. Schrijf de zienswijze op, of wacht tot dan.")
                    % {"d": datum(maatregel.zienswijze_deadline)}
                ]
            else:
                skip_reason = _("Geen reactie ontvangen voor het einde van de termijn (%(d)s).") % {
                    "d": datum(maatregel.zienswijze_deadline)
                }
        if errors:
            raise ValidationError(errors)
        maatregel.zienswijze = zienswijze.strip()
        maatregel.zienswijze_on = given_on if zienswijze.strip() else None
        maatregel.zienswijze_skip_reason = "" if zienswijze.strip() else skip_reason.strip()
        maatregel.save()
        event(
            current,
            GebeurtenisKind.ZIENSWIJZE,
            by=request.user,
            text=_("Zienswijze ontvangen.") if zienswijze.strip() else maatregel.zienswijze_skip_reason,
        )
        set_deadline(current, None)
        current.deadline = today + timedelta(days=DECIDE_WITHIN_DAYS)
        current.deadline_rule = "werkafspraak"
        current.deadline_reason = _("Binnen 2 weken na de zienswijze beslissen.")
        move(request, current, ZaakStatus.BEOORDELING)
    return current


def maatregel_decide(
    *,
    request,
    zaak,
    outcome,
    culpability,
    culpability_note,
    urgent_reasons,
    motivation,
    expected_version,
    urgent_reasons_note="",
    percentage=None,
    duration_months=None,
    starts_on=None,
    heroverweging_on=None,
):
    """Decide: a sanction, a written warning, or no sanction. Sends the decision letter.

    Rules (Pw art. 18): no decision before the zienswijze step (Awb 4:8); no
    sanction without culpability (lid 9); dringende redenen assessed (lid 10),
    and a sanction other than the verordening's needs them or reduced
    culpability; a warning only where the verordening allows one and there was
    no sanction or warning in the window; a sanction has a heroverweging date
    within 3 months (lid 3). Every decision is motivated.
    """
    require_handler(request.user, zaak.client)
    if outcome not in DECISIONS:
        raise ValidationError(_("Kies een besluit."))
    today = timezone.localdate()
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        check_transition(current, outcome)
        maatregel = current.maatregel
        errors = {}
        if culpability not in Verwijtbaarheid.values:
            errors["culpability"] = [_("Beoordeel of de cliënt iets te verwijten valt.")]
        required(errors, "culpability_note", culpability_note, _("Leg uit waarom."))
        if urgent_reasons is None:
            errors["urgent_reasons"] = [_("Beoordeel of er dringende redenen zijn.")]
        elif urgent_reasons:
            required(errors, "urgent_reasons_note", urgent_reasons_note, _("Schrijf op welke dringende redenen."))
        required(errors, "motivation", motivation, _("Schrijf de motivering. Die staat in de brief."))
        if culpability == Verwijtbaarheid.GEEN and outcome != ZaakStatus.GEEN_MAATREGEL:
            errors["outcome"] = [_("Als de cliënt niets te verwijten valt, volgt geen maatregel (art. 18 lid 9).")]
        if outcome == ZaakStatus.OPGELEGD:
            errors.update(
                _sanction_errors(maatregel, culpability, urgent_reasons, percentage, duration_months, starts_on)
            )
            limit = deadlines.heroverweging_uiterlijk(decided_on=today, months=3)
            heroverweging_on = heroverweging_on or limit
            if heroverweging_on > limit or heroverweging_on < today:
                errors["heroverweging_on"] = [_("Heroverweeg binnen 3 maanden: uiterlijk %(d)s.") % {"d": datum(limit)}]
        if outcome == ZaakStatus.WAARSCHUWING:
            if maatregel.rule is None or not maatregel.rule.warning_first:
                errors["outcome"] = [_("Bij deze categorie kan de verordening niet volstaan met een waarschuwing.")]
            elif earlier_warnings(
                current.client, breach_on=maatregel.breach_on, months=maatregel.rule.recidive_months, exclude=current
            ).exists():
                errors["outcome"] = [_("Er was al een maatregel of waarschuwing in de afgelopen 12 maanden.")]
        if errors:
            raise ValidationError(errors)
        maatregel.culpability = culpability
        maatregel.culpability_note = culpability_note.strip()
        maatregel.urgent_reasons = urgent_reasons
        maatregel.urgent_reasons_note = urgent_reasons_note.strip() if urgent_reasons else ""
        if outcome == ZaakStatus.OPGELEGD:
            maatregel.percentage = percentage
            maatregel.duration_months = duration_months
            maatregel.starts_on = starts_on
            maatregel.heroverweging_on = heroverweging_on
        maatregel.save()
        current.decided_on = today
        current.decided_by = request.user
        current.motivation = motivation.strip()
        if outcome == ZaakStatus.OPGELEGD:
            current.deadline = heroverweging_on
            current.deadline_nominal = heroverweging_on
            current.deadline_rule = "Pw art. 18 lid 3"
            current.deadline_reason = _("Heroverwegen binnen 3 maanden na het besluit.")
        else:
            set_deadline(current, None)
        move(request, current, outcome)
        kind = {
            ZaakStatus.OPGELEGD: BriefKind.BESLUIT_MAATREGEL,
            ZaakStatus.WAARSCHUWING: BriefKind.WAARSCHUWING,
            ZaakStatus.GEEN_MAATREGEL: BriefKind.GEEN_MAATREGEL,
        }[outcome]
        brief_request(request=request, client=current.client, kind=kind, source=current)
    return current


def _sanction_errors(maatregel, culpability, urgent_reasons, percentage, duration_months, starts_on):
    errors = {}
    if not percentage or not 1 <= percentage <= 100:
        errors["percentage"] = [_("Vul een percentage in van 1 tot en met 100.")]
    if not duration_months or not 1 <= duration_months <= 12:
        errors["duration_months"] = [_("Vul een duur in van 1 tot en met 12 maanden.")]
    if starts_on is None:
        errors["starts_on"] = [_("Vul in wanneer de maatregel ingaat.")]
    elif starts_on < timezone.localdate().replace(day=1):
        errors["starts_on"] = [_("Een maatregel gaat niet in vóór de maand van het besluit.")]
    voorstel = proposal(maatregel)
    if (
        not errors
        and voorstel is not None
        and (percentage, duration_months) != (voorstel.percentage, voorstel.duration_months)
        and not urgent_reasons
        and culpability != Verwijtbaarheid.VERMINDERD
    ):
        errors["percentage"] = [
            ngettext(
                "De verordening geeft %(p)s%% voor %(m)s maand. Wijkt u af? Dat kan alleen bij dringende "
                "redenen of verminderde verwijtbaarheid.",
                "De verordening geeft %(p)s%% voor %(m)s maanden. Wijkt u af? Dat kan alleen bij dringende "
                "redenen of verminderde verwijtbaarheid.",
                voorstel.duration_months,
            )
            % {"p": voorstel.percentage, "m": voorstel.duration_months}
        ]
    return errors


def maatregel_drop(*, request, zaak, motivation, expected_version):
    """Drop a signal or a voornemen without a sanction; a client who got a voornemen is told in writing."""
    require_handler(request.user, zaak.client)
    if not motivation.strip():
        raise ValidationError({"motivation": _("Schrijf op waarom er geen maatregel komt.")})
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        if current.status not in (ZaakStatus.GESIGNALEERD, ZaakStatus.VOORNEMEN):
            check_transition(current, ZaakStatus.VOORNEMEN)  # raises with the reason
        told = current.status == ZaakStatus.VOORNEMEN
        current.decided_on = timezone.localdate()
        current.decided_by = request.user
        current.motivation = motivation.strip()
        set_deadline(current, None)
        move(request, current, ZaakStatus.GEEN_MAATREGEL, for_client=told)
        if told:
            brief_request(request=request, client=current.client, kind=BriefKind.GEEN_MAATREGEL, source=current)
    return current


def maatregel_reconsider(*, request, zaak, note, expected_version):
    """Record the heroverweging of an imposed sanction (Pw art. 18 lid 3)."""
    require_handler(request.user, zaak.client)
    if not note.strip():
        raise ValidationError({"note": _("Schrijf de uitkomst van de heroverweging op.")})
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        maatregel = current.maatregel
        if current.status != ZaakStatus.OPGELEGD or maatregel.heroverweging_done_on:
            raise ValidationError(_("Deze maatregel is al heroverwogen of geldt niet meer."))
        maatregel.heroverweging_done_on = timezone.localdate()
        maatregel.heroverweging_note = note.strip()
        maatregel.save()
        set_deadline(current, None)
        event(current, GebeurtenisKind.HEROVERWEGING, by=request.user, text=note.strip(), for_client=False)
        save(request, current)
    return current
