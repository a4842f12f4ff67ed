"""Demo zaken for seed_demo: the default sanction rules and a few zaken in different stages.

Written directly, like the rest of the demo data, with a timeline dated when each step
happened and the letters a real procedure would have sent; only runs when no zaak exists.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.test import RequestFactory
from django.utils import timezone

from . import deadlines
from .models import Klacht, Maatregel, SanctieRegel, Zaak, ZaakGebeurtenis
from .rules import DEFAULT_RULES, DEFAULTS_VALID_FROM
from .workflow import Channel, GebeurtenisKind, Soort, Verwijtbaarheid, ZaakStatus


def sanction_rules_ensure():
    """Make sure the default afstemmingsverordening rows exist (a test run may have emptied the table)."""
    for row in DEFAULT_RULES:
        SanctieRegel.objects.get_or_create(
            gemeente=settings.GEMEENTE_NAAM, code=row["code"], valid_from=DEFAULTS_VALID_FROM, defaults=row
        )


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _event(zaak, on, kind, by, *, hour=10, **fields):
    """A timeline row dated on the day the step happened (rows are append-only: dated when written)."""
    return ZaakGebeurtenis.objects.create(zaak=zaak, kind=kind, by=by, at=_at(on, hour), **fields)


def _zaak(client, soort, status, received_on, by, *, first_status=None, **fields):
    zaak = Zaak.objects.create(
        soort=soort, client=client, status=status, received_on=received_on, created_by=by, **fields
    )
    _event(zaak, received_on, GebeurtenisKind.AANGEMAAKT, by, hour=9, to_status=first_status or status)
    return zaak


def _letter(zaak, kind, by, *, on=None):
    """Ask for the letter this step sends, as the service would (rendered by the worker).

    ``on``: the day the step happened; the letter is dated then, not on the day of seeding.
    """
    from reintegratie.documents.models import Brief
    from reintegratie.documents.services import brief_request

    request = RequestFactory().post("/")
    request.user = by
    brief = brief_request(request=request, client=zaak.client, kind=kind, source=zaak)
    if on is not None:
        Brief.objects.filter(pk=brief.pk).update(created_at=_at(on, 11))
    return brief


def _workday(day, step=1):
    while not deadlines.is_working_day(day):
        day += timedelta(days=step)
    return day


def _set(zaak, termijn):
    zaak.deadline, zaak.deadline_nominal = termijn.end, termijn.nominal_end
    zaak.deadline_rule, zaak.deadline_reason = termijn.rule, termijn.reason[:300]
    zaak.save()


def seed_zaken(*, coach, teamleider, aanbieder_user, clients, signal_client=None, klant_client=None):
    """A complaint near its deadline, an overdue one, a provider's signal and an imposed sanction.

    The signal is only about a client with a running traject at the signalling provider
    (``signal_client``); without one there is no signal. ``klant_client`` (the portal demo
    login) gets a complaint of its own, with its acknowledgement letter.
    """
    from reintegratie.documents.models import BriefKind

    sanction_rules_ensure()
    if Zaak.objects.exists() or len(clients) < 4:
        return 0
    today = timezone.localdate()
    rule = SanctieRegel.objects.get(code="plan-van-aanpak", valid_from=DEFAULTS_VALID_FROM)

    received = today - timedelta(days=38)
    klacht = _zaak(
        clients[0],
        Soort.KLACHT,
        ZaakStatus.IN_BEHANDELING,
        received,
        coach,
        first_status=ZaakStatus.ONTVANGEN,
        channel=Channel.TELEFOON,
    )
    klacht.handler = teamleider
    _event(
        klacht, received + timedelta(days=1), GebeurtenisKind.BEHANDELAAR, teamleider, text=teamleider.get_full_name()
    )
    _event(
        klacht,
        received + timedelta(days=1),
        GebeurtenisKind.STATUS,
        teamleider,
        hour=11,
        from_status=ZaakStatus.ONTVANGEN,
        to_status=ZaakStatus.IN_BEHANDELING,
    )
    Klacht.objects.create(
        zaak=klacht,
        category="bereikbaarheid",
        description="Ik heb drie keer gebeld en niemand belde terug.",
        wish="Ik wil dat mijn werkcoach mij terugbelt.",
        about_user=coach,
        acknowledged_on=received,
    )
    _set(klacht, deadlines.klacht_beslistermijn(received_on=received))
    _letter(klacht, BriefKind.ONTVANGST_KLACHT, teamleider, on=received)

    late = today - timedelta(days=50)
    overdue = _zaak(clients[1], Soort.KLACHT, ZaakStatus.ONTVANGEN, late, coach, channel=Channel.BRIEF)
    Klacht.objects.create(
        zaak=overdue, category="brieven", description="Ik begrijp de brief over mijn plan niet.", acknowledged_on=late
    )
    _set(overdue, deadlines.klacht_beslistermijn(received_on=late))

    if signal_client is not None:
        _signal(signal_client, aanbieder_user, today)
    _imposed(clients[3], coach, rule, today)
    if klant_client is not None:
        from .demo_klant import seed_klant_zaken

        seed_klant_zaken(klant_client, coach, teamleider, rule, today)
    return 4


def _signal(target, aanbieder_user, today):
    signal = _zaak(target, Soort.MAATREGEL, ZaakStatus.GESIGNALEERD, today - timedelta(days=2), aanbieder_user)
    signal.handler = target.coach
    signal.deadline = today + timedelta(days=12)
    signal.deadline_rule = "werkafspraak"
    signal.deadline_reason = "Binnen 2 weken bekijken wat er met het signaal gebeurt."
    signal.save()
    Maatregel.objects.create(
        zaak=signal,
        breach_on=today - timedelta(days=3),
        breach_description="Twee keer niet op de werkplek gekomen zonder bericht.",
        signalled_by=aanbieder_user,
    )


def _imposed(client, coach, rule, today):
    """A sanction imposed 20 days ago: voornemen, no zienswijze in time, decision; both letters went out."""
    from reintegratie.documents.models import BriefKind

    decided = today - timedelta(days=20)
    intention_on = today - timedelta(days=40)
    opgelegd = _zaak(
        client,
        Soort.MAATREGEL,
        ZaakStatus.OPGELEGD,
        intention_on,
        coach,
        first_status=ZaakStatus.VOORNEMEN,
        handler=coach,
        decided_on=decided,
        decided_by=coach,
        motivation="U kwam twee keer niet naar een afspraak en liet niets weten. U had dat wel kunnen doen.",
    )
    heroverweging = deadlines.heroverweging_uiterlijk(decided_on=decided)
    opgelegd.deadline = opgelegd.deadline_nominal = heroverweging
    opgelegd.deadline_rule = "Pw art. 18 lid 3"
    opgelegd.deadline_reason = "Heroverwegen binnen 3 maanden na het besluit."
    opgelegd.save()
    Maatregel.objects.create(
        zaak=opgelegd,
        rule=rule,
        breach_on=today - timedelta(days=45),
        breach_description="Niet verschenen op twee afspraken, zonder bericht.",
        intention_sent_on=today - timedelta(days=40),
        zienswijze_deadline=today - timedelta(days=26),
        zienswijze_skip_reason="Geen reactie ontvangen voor het einde van de termijn.",
        culpability=Verwijtbaarheid.VOLLEDIG,
        culpability_note="Er was geen reden waarom de cliënt niet kon komen of bellen.",
        urgent_reasons=False,
        percentage=rule.percentage,
        duration_months=rule.duration_months,
        starts_on=(decided.replace(day=28) + timedelta(days=4)).replace(day=1),
        heroverweging_on=heroverweging,
    )
    _event(
        opgelegd,
        today - timedelta(days=26),
        GebeurtenisKind.ZIENSWIJZE,
        coach,
        text="Geen reactie ontvangen voor het einde van de termijn.",
    )
    _event(
        opgelegd,
        decided,
        GebeurtenisKind.STATUS,
        coach,
        from_status=ZaakStatus.VOORNEMEN,
        to_status=ZaakStatus.BEOORDELING,
    )
    _event(
        opgelegd,
        decided,
        GebeurtenisKind.STATUS,
        coach,
        hour=14,
        from_status=ZaakStatus.BEOORDELING,
        to_status=ZaakStatus.OPGELEGD,
    )
    _letter(opgelegd, BriefKind.VOORNEMEN_MAATREGEL, coach, on=intention_on)
    _letter(opgelegd, BriefKind.BESLUIT_MAATREGEL, coach, on=decided)
