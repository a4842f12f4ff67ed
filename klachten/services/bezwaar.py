"""Objections (Awb chapters 6–7): register, handle, hear, extend, decide; a gegrond one reverses."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegratie.accounts.models import Role
from reintegratie.dates import datum
from reintegratie.documents.models import BriefKind
from reintegratie.documents.services import brief_request

from .. import deadlines
from ..models import Bezwaar, Zaak
from ..workflow import CONTESTABLE, BezwaarUitkomst, Channel, GebeurtenisKind, HorenOverslaan, Soort, ZaakStatus
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

# Which Awb 7:3 ground fits which outcome: skipping the hearing is read strictly.
SKIP_FITS = {
    HorenOverslaan.KENNELIJK_NIET_ONTVANKELIJK: {BezwaarUitkomst.NIET_ONTVANKELIJK},
    HorenOverslaan.KENNELIJK_ONGEGROND: {BezwaarUitkomst.ONGEGROND},
    HorenOverslaan.VOLLEDIG_TEGEMOET: {BezwaarUitkomst.GEGROND},
    HorenOverslaan.WIL_NIET: set(BezwaarUitkomst.values),
    HorenOverslaan.GEEN_REACTIE: set(BezwaarUitkomst.values),
}


def contestable_decisions(client):
    """The client's decisions that are open to objection: sanctions and warnings."""
    return Zaak.objects.filter(client=client, soort=Soort.MAATREGEL, status__in=CONTESTABLE).order_by("-decided_on")


def bezwaar_termijnen(bezwaar, zaak):
    """The objection term and the decision term (extended when it was)."""
    term = deadlines.bezwaar_termijn(bezwaar.decision_sent_on)
    # A late objection that is still handled is counted from its receipt, not from a past term.
    start_from = max(term.end, zaak.received_on) if not bezwaar.on_time else term.end
    beslis = deadlines.bezwaar_beslistermijn(termijn_end=start_from, committee=bezwaar.committee)
    if zaak.extended_on:
        beslis = deadlines.bezwaar_verdaging(beslis)
    return term, beslis


def _create(*, request, against, grounds, received_on, posted_on, channel, committee, late_excuse):
    errors = {}
    required(errors, "grounds", grounds, _("Schrijf op waarom de cliënt het niet eens is met het besluit."))
    if received_on > timezone.localdate():
        errors["received_on"] = [_("De datum van ontvangst kan niet in de toekomst liggen.")]
    if posted_on and posted_on > received_on:
        errors["posted_on"] = [_("De poststempel kan niet na de ontvangst liggen.")]
    if against is None or against.status not in CONTESTABLE or against.decided_on is None:
        errors["against"] = [_("Kies het besluit waartegen de cliënt bezwaar maakt.")]
    if errors:
        raise ValidationError(errors)
    term = deadlines.bezwaar_termijn(against.decided_on)
    on_time = deadlines.bezwaar_on_time(sent_on=against.decided_on, received_on=received_on, posted_on=posted_on)
    with transaction.atomic():
        # Lock the contested decision so two objections at once cannot both pass the check below.
        Zaak.objects.select_for_update().filter(pk=against.pk).values_list("pk", flat=True).get()
        if (
            Zaak.objects.filter(soort=Soort.BEZWAAR, bezwaar__against=against)
            .exclude(status=ZaakStatus.INGETROKKEN)
            .exists()
        ):
            raise ValidationError({"against": _("Tegen dit besluit loopt al een bezwaar.")})
        zaak = Zaak.objects.create(
            soort=Soort.BEZWAAR,
            client=against.client,
            status=ZaakStatus.ONTVANGEN,
            received_on=received_on,
            channel=channel,
            created_by=request.user,
        )
        bezwaar = Bezwaar.objects.create(
            zaak=zaak,
            against=against,
            grounds=grounds.strip(),
            decision_sent_on=against.decided_on,
            term_end=term.end,
            posted_on=posted_on,
            on_time=on_time,
            late_excuse=late_excuse.strip(),
            committee=committee,
        )
        set_deadline(zaak, bezwaar_termijnen(bezwaar, zaak)[1])
        text = _("Bezwaar ontvangen.")
        if not on_time:
            text += " " + _("Na het einde van de bezwaartermijn (%(d)s).") % {"d": datum(term.end)}
        event(zaak, GebeurtenisKind.AANGEMAAKT, by=request.user, to_status=zaak.status, text=text)
        save(request, zaak)
        brief_request(request=request, client=zaak.client, kind=BriefKind.ONTVANGST_BEZWAAR, source=zaak)
    return zaak


def bezwaar_register(
    *, request, against, grounds, channel, received_on=None, posted_on=None, committee=False, late_excuse=""
):
    """Register an objection received by post, e-mail or at the counter.

    Rules: the objection term is 6 weeks from the day after the decision was
    sent (Awb 6:7, 6:8); a posted objection counts when posted in time and
    received within a week after (6:9); a late one is flagged and its excuse
    recorded (6:11). Decision within 6 weeks after the term (12 with a
    committee, 7:10). Sends the acknowledgement.
    """
    if against is None:
        raise ValidationError({"against": _("Kies het besluit waartegen de cliënt bezwaar maakt.")})
    require_handler(request.user, against.client)
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Kies hoe het bezwaar binnenkwam.")})
    return _create(
        request=request,
        against=against,
        grounds=grounds,
        received_on=received_on or timezone.localdate(),
        posted_on=posted_on,
        channel=channel,
        committee=committee,
        late_excuse=late_excuse,
    )


def bezwaar_file(*, request, against, grounds, late_excuse=""):
    """A client objects in the portal to one of their own decisions."""
    user = request.user
    client = getattr(user, "client_profile", None) if user.role == Role.CLIENT else None
    if client is None or against is None or against.client_id != client.pk:
        raise PermissionDenied
    return _create(
        request=request,
        against=against,
        grounds=grounds,
        received_on=timezone.localdate(),
        posted_on=None,
        channel=Channel.PORTAAL,
        committee=False,
        late_excuse=late_excuse,
    )


def bezwaar_assign(*, request, zaak, handler, expected_version):
    """Give the objection a handler who did not take the contested decision."""
    require_handler(request.user, zaak.client)
    require_uninvolved(request.user, zaak)
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        if handler is None or not may_handle(handler, current.client):
            raise ValidationError({"handler": _("Kies een behandelaar die deze cliënt mag zien.")})
        if handler.pk == current.bezwaar.against.decided_by_id:
            raise ValidationError(
                {"handler": _("Deze medewerker nam het besluit zelf. Iemand anders moet het bezwaar behandelen.")}
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


def bezwaar_hearing(*, request, zaak, expected_version, hearing_on=None, report="", skip="", skip_note=""):
    """Record the hearing (Awb 7:2) and its report (7:7), or one of the 7:3 grounds to skip it."""
    require_handler(request.user, zaak.client)
    require_uninvolved(request.user, zaak)
    errors = {}
    if hearing_on:
        if hearing_on > timezone.localdate():
            errors["hearing_on"] = [_("Leg het horen vast nadat het is gebeurd.")]
        required(errors, "report", report, _("Schrijf een verslag van het horen (Awb 7:7)."))
    elif skip not in HorenOverslaan.values:
        errors["skip"] = [_("Vul de datum van het horen in, of kies de wettelijke reden om niet te horen (Awb 7:3).")]
    else:
        required(errors, "skip_note", skip_note, _("Licht de reden toe."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        if current.status != ZaakStatus.IN_BEHANDELING:
            raise ValidationError(_("Horen kan alleen bij een bezwaar dat in behandeling is."))
        bezwaar = current.bezwaar
        bezwaar.hearing_on = hearing_on
        bezwaar.hearing_report = report.strip() if hearing_on else ""
        bezwaar.hearing_skip = "" if hearing_on else skip
        bezwaar.hearing_skip_note = "" if hearing_on else skip_note.strip()
        bezwaar.save()
        text = (
            _("Gehoord op %(d)s.") % {"d": datum(hearing_on)}
            if hearing_on
            else _("Niet gehoord: %(r)s") % {"r": bezwaar.get_hearing_skip_display()}
        )
        event(current, GebeurtenisKind.HOREN, by=request.user, text=text)
        save(request, current)
    return current


def bezwaar_extend(*, request, zaak, reason, expected_version):
    """Extend the decision term once by 6 weeks, with a letter (Awb 7:10 lid 3)."""
    return extend(
        request=request,
        zaak=zaak,
        reason=reason,
        expected_version=expected_version,
        termijn_for=lambda current: bezwaar_termijnen(current.bezwaar, current)[1],
    )


def bezwaar_decide(*, request, zaak, outcome, motivation, expected_version, late_excused=None):
    """Decide on the objection: gegrond, ongegrond or niet-ontvankelijk, with reasons (Awb 7:11, 7:12).

    Rules: heard, or a 7:3 ground that fits the outcome; not by the person who
    took the contested decision; a late objection is niet-ontvankelijk unless
    the lateness is excused (6:11). A gegrond objection against a sanction
    reverses it (herroepen). Sends the decision letter.
    """
    require_handler(request.user, zaak.client)
    require_uninvolved(request.user, zaak)
    errors = {}
    if outcome not in BezwaarUitkomst.values:
        errors["outcome"] = [_("Kies de uitkomst.")]
    required(errors, "motivation", motivation, _("Schrijf de motivering. Die staat in de brief."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        check_transition(current, ZaakStatus.AFGEHANDELD)
        bezwaar = current.bezwaar
        against = Zaak.objects.select_for_update().get(pk=bezwaar.against_id)
        check = []
        if request.user.pk == against.decided_by_id:
            check.append(_("U nam het besluit zelf. Iemand anders moet op het bezwaar beslissen."))
        if bezwaar.hearing_on is None:
            if not bezwaar.hearing_skip:
                check.append(_("Hoor eerst de cliënt, of kies de wettelijke reden om niet te horen (Awb 7:3)."))
            elif outcome not in SKIP_FITS[bezwaar.hearing_skip]:
                check.append(
                    _("De reden om niet te horen (%(r)s) past niet bij deze uitkomst.")
                    % {"r": bezwaar.get_hearing_skip_display()}
                )
        excused = bezwaar.late_excused if late_excused is None else late_excused
        if not bezwaar.on_time and not excused and outcome != BezwaarUitkomst.NIET_ONTVANKELIJK:
            check.append(
                _("Het bezwaar kwam te laat. Is dat te verschonen? Zet dat aan, anders is het niet-ontvankelijk.")
            )
        if check:
            raise ValidationError(check)
        bezwaar.outcome = outcome
        bezwaar.late_excused = bool(excused) and not bezwaar.on_time
        bezwaar.save()
        current.decided_on = timezone.localdate()
        current.decided_by = request.user
        current.motivation = motivation.strip()
        set_deadline(current, None)
        move(request, current, ZaakStatus.AFGEHANDELD, text=bezwaar.get_outcome_display())
        if outcome == BezwaarUitkomst.GEGROND:
            _reverse(request, against, current)
        brief_request(request=request, client=current.client, kind=BriefKind.BESLISSING_BEZWAAR, source=current)
    return current


def _reverse(request, against, bezwaar_zaak):
    """A gegrond objection reverses the contested sanction or warning."""
    against.client = bezwaar_zaak.client
    set_deadline(against, None)
    event(
        against,
        GebeurtenisKind.HERROEPEN,
        by=request.user,
        text=_("Herroepen na bezwaar %(ref)s.") % {"ref": bezwaar_zaak.reference},
    )
    move(request, against, ZaakStatus.HERROEPEN)
