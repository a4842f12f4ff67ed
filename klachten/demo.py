"""Demo zaken for seed_demo: the default sanction rules and a few zaken in different stages.

Written directly (no letters), like the rest of the demo data; only runs when no zaak exists.
"""

from datetime import timedelta

from django.conf import settings
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


def _zaak(client, soort, status, received_on, by, **fields):
    zaak = Zaak.objects.create(
        soort=soort, client=client, status=status, received_on=received_on, created_by=by, **fields
    )
    ZaakGebeurtenis.objects.create(zaak=zaak, kind=GebeurtenisKind.AANGEMAAKT, by=by, to_status=status)
    return zaak


def _set(zaak, termijn):
    zaak.deadline, zaak.deadline_nominal = termijn.end, termijn.nominal_end
    zaak.deadline_rule, zaak.deadline_reason = termijn.rule, termijn.reason[:300]
    zaak.save()


def seed_zaken(*, coach, teamleider, aanbieder_user, clients, signal_client=None):
    """A complaint near its deadline, an overdue one, a provider's signal and an imposed sanction."""
    sanction_rules_ensure()
    if Zaak.objects.exists() or len(clients) < 4:
        return 0
    today = timezone.localdate()
    rule = SanctieRegel.objects.get(code="plan-van-aanpak", valid_from=DEFAULTS_VALID_FROM)

    received = today - timedelta(days=38)
    klacht = _zaak(clients[0], Soort.KLACHT, ZaakStatus.IN_BEHANDELING, received, coach, channel=Channel.TELEFOON)
    klacht.handler = teamleider
    Klacht.objects.create(
        zaak=klacht,
        category="bereikbaarheid",
        description="Ik heb drie keer gebeld en niemand belde terug.",
        wish="Ik wil dat mijn werkcoach mij terugbelt.",
        about_user=coach,
        acknowledged_on=received,
    )
    _set(klacht, deadlines.klacht_beslistermijn(received_on=received))

    late = today - timedelta(days=50)
    overdue = _zaak(clients[1], Soort.KLACHT, ZaakStatus.ONTVANGEN, late, coach, channel=Channel.BRIEF)
    Klacht.objects.create(
        zaak=overdue, category="brieven", description="Ik begrijp de brief over mijn plan niet.", acknowledged_on=late
    )
    _set(overdue, deadlines.klacht_beslistermijn(received_on=late))

    target = signal_client or clients[2]
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

    decided = today - timedelta(days=20)
    opgelegd = _zaak(
        clients[3],
        Soort.MAATREGEL,
        ZaakStatus.OPGELEGD,
        today - timedelta(days=40),
        coach,
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
    return 4
