"""The portal demo login's zaken (seed_demo): one story, every step dated on the day it happened.

About 85 days ago, after her plan was agreed, she missed an appointment without a word: voornemen,
her view in a talk, a decision (a reduced sanction), her objection (heard, ongegrond). Two months
ago she complained that her coach did not call back (heard, decided: gegrond). Six weeks ago her
jobcoaching provider signalled a missed day; she had a good reason, so no sanction. Three weeks ago
she complained about a late invitation; that complaint's term was extended. Like the rest of the
demo data the rows are written directly (the services date every step today); each step asks for
the letter its service would send, dated on the day of the step.
"""

from datetime import timedelta

from reintegratie.dates import datum

from . import deadlines
from .demo import _at, _event, _letter, _set, _workday, _zaak
from .models import Bezwaar, Klacht, Maatregel, SanctieRegel
from .rules import DEFAULTS_VALID_FROM
from .workflow import BezwaarUitkomst, Channel, GebeurtenisKind, Oordeel, Soort, Verwijtbaarheid, ZaakStatus


def seed_klant_zaken(client, coach, teamleider, rule, today):
    # In the order they were received, so their numbers follow the calendar.
    _klant_warning(client, coach, today)
    sanction = _klant_sanction(client, coach, rule, today)
    _klant_earlier_complaint(client, coach, teamleider, today)
    _klant_signal_dropped(client, coach, rule, today)
    _klant_objection(sanction, teamleider, today)
    _klant_complaint(client, coach, teamleider, today)


def _klant_complaint(client, coach, teamleider, today):
    """The portal demo login filed a complaint three weeks ago; the teamleider handles it."""
    from reintegratie.documents.models import BriefKind

    received = today - timedelta(days=21)
    acknowledged = _workday(received + timedelta(days=1))
    zaak = _zaak(
        client,
        Soort.KLACHT,
        ZaakStatus.IN_BEHANDELING,
        received,
        client.user or coach,
        first_status=ZaakStatus.ONTVANGEN,
        channel=Channel.PORTAAL,
        handler=teamleider,
    )
    Klacht.objects.create(
        zaak=zaak,
        category="brieven",
        description="De brief over mijn afspraak kwam pas een dag van tevoren. Dat was te laat om oppas te regelen.",
        wish="Ik wil een uitnodiging minstens een week van tevoren krijgen.",
        acknowledged_on=acknowledged,
    )
    _event(zaak, acknowledged, GebeurtenisKind.BEHANDELAAR, teamleider, text=teamleider.get_full_name())
    _event(
        zaak,
        acknowledged,
        GebeurtenisKind.STATUS,
        teamleider,
        hour=11,
        from_status=ZaakStatus.ONTVANGEN,
        to_status=ZaakStatus.IN_BEHANDELING,
    )
    termijn = deadlines.klacht_beslistermijn(received_on=received)
    _set(zaak, termijn)
    _letter(zaak, BriefKind.ONTVANGST_KLACHT, teamleider, on=acknowledged)
    # Extended once, before the term ran out: the team that sends the letters must be heard first.
    extended = _workday(today - timedelta(days=3), step=-1)
    zaak.extended_on = extended
    zaak.extension_reason = (
        "We willen eerst praten met de collega's die de brieven versturen. Dat kan pas over twee weken."
    )
    _set(zaak, deadlines.klacht_verdaging(termijn))
    _event(
        zaak,
        extended,
        GebeurtenisKind.VERDAAGD,
        teamleider,
        text=f"Nieuwe termijn: {datum(zaak.deadline)}. {zaak.extension_reason}",
    )
    _letter(zaak, BriefKind.VERDAGING, teamleider, on=extended)


def _klant_earlier_complaint(client, coach, teamleider, today):
    """Two months ago: her coach did not call back. Heard, decided within the term: gegrond."""
    from reintegratie.documents.models import BriefKind

    received = _workday(today - timedelta(days=62), step=-1)
    assigned = _workday(received + timedelta(days=1))
    heard_on = _workday(received + timedelta(days=10))
    decided = _workday(received + timedelta(days=24))
    termijn = deadlines.klacht_beslistermijn(received_on=received)
    if decided > termijn.end:
        raise RuntimeError("demo complaint decided after its decision term")
    zaak = _zaak(
        client,
        Soort.KLACHT,
        ZaakStatus.AFGEHANDELD,
        received,
        client.user or coach,
        first_status=ZaakStatus.ONTVANGEN,
        channel=Channel.TELEFOON,
        handler=teamleider,
        decided_on=decided,
        decided_by=teamleider,
        motivation="Uw werkcoach had u binnen twee werkdagen moeten terugbellen. Dat gebeurde niet.",
    )
    Klacht.objects.create(
        zaak=zaak,
        category="bereikbaarheid",
        description="Ik belde twee keer met een vraag over mijn plan. Mijn werkcoach belde niet terug.",
        wish="Ik wil dat mijn werkcoach mij terugbelt als ik een vraag heb.",
        about_user=coach,
        acknowledged_on=received,
        hearing_on=heard_on,
        hearing_report="Cliënt vertelde dat ze twee keer belde en een bericht achterliet.",
        findings=(
            "We hebben met u en met uw werkcoach gesproken. U belde twee keer. Uw werkcoach was die week "
            "ziek. Niemand heeft haar berichten overgenomen."
        ),
        judgement=Oordeel.GEGROND,
        conclusions=("Uw werkcoach belt u voortaan binnen twee werkdagen terug. Is zij er niet? Dan belt een collega."),
    )
    _event(zaak, assigned, GebeurtenisKind.BEHANDELAAR, teamleider, text=teamleider.get_full_name())
    _event(
        zaak,
        assigned,
        GebeurtenisKind.STATUS,
        teamleider,
        hour=11,
        from_status=ZaakStatus.ONTVANGEN,
        to_status=ZaakStatus.IN_BEHANDELING,
    )
    _event(zaak, heard_on, GebeurtenisKind.HOREN, teamleider, text="Cliënt gehoord.")
    _event(
        zaak,
        decided,
        GebeurtenisKind.STATUS,
        teamleider,
        hour=14,
        from_status=ZaakStatus.IN_BEHANDELING,
        to_status=ZaakStatus.AFGEHANDELD,
    )
    _letter(zaak, BriefKind.ONTVANGST_KLACHT, teamleider, on=received)
    _letter(zaak, BriefKind.BESLISSING_KLACHT, teamleider, on=decided)


def _klant_sanction(client, coach, rule, today):
    """The portal demo login missed an appointment without a reason, after her plan was agreed.

    Voornemen, a hearing where she gave her view, the decision (a lower reduction: she was
    less to blame). Her objection against it is :func:`_klant_objection`. Every letter is
    dated on the day of its step.
    """
    from clients.models import Afspraak
    from clients.workflow import AfspraakOutcome
    from reintegratie.documents.models import BriefKind

    breach = _workday(today - timedelta(days=85), step=-1)
    missed = Afspraak.objects.create(
        client=client,
        with_user=coach,
        starts_at=_at(breach, 10),
        place="Stadswinkel, Werkplein 1",
        purpose="Voortgangsgesprek",
        outcome=AfspraakOutcome.NIET_VERSCHENEN,
        outcome_note="Cliënt kwam niet en belde niet af.",
        outcome_recorded_at=_at(breach, 11),
        outcome_recorded_by=coach,
        created_by=coach,
    )
    intention_on = _workday(breach + timedelta(days=7))
    zienswijze = deadlines.zienswijze_termijn(sent_on=intention_on)
    heard_on = _workday(intention_on + timedelta(days=8))
    decided = _workday(intention_on + timedelta(days=21))
    heroverweging = deadlines.heroverweging_uiterlijk(decided_on=decided)
    zaak = _zaak(
        client,
        Soort.MAATREGEL,
        ZaakStatus.OPGELEGD,
        intention_on,
        coach,
        first_status=ZaakStatus.VOORNEMEN,
        handler=coach,
        decided_on=decided,
        decided_by=coach,
        motivation=(
            "U kwam niet naar uw afspraak en liet dat niet weten. In het gesprek vertelde u dat u het "
            "vergeten was, omdat uw kind ziek was. Daarom verlagen we uw uitkering minder dan normaal."
        ),
        deadline=heroverweging,
        deadline_nominal=heroverweging,
        deadline_rule="Pw art. 18 lid 3",
        deadline_reason="Heroverwegen binnen 3 maanden na het besluit.",
    )
    Maatregel.objects.create(
        zaak=zaak,
        rule=rule,
        afspraak=missed,
        breach_on=breach,
        breach_description="Niet verschenen op een afspraak met de werkcoach, zonder bericht.",
        intention_sent_on=intention_on,
        zienswijze_deadline=zienswijze.end,
        zienswijze="Ik was het vergeten. Mijn kind was die week ziek en ik had veel aan mijn hoofd.",
        zienswijze_on=heard_on,
        culpability=Verwijtbaarheid.VERMINDERD,
        culpability_note="Uw kind was ziek. Maar u had wel kunnen bellen dat u niet kwam.",
        urgent_reasons=False,
        percentage=max(1, rule.percentage // 2),
        duration_months=1,
        starts_on=(decided.replace(day=28) + timedelta(days=4)).replace(day=1),
        heroverweging_on=heroverweging,
    )
    _event(zaak, heard_on, GebeurtenisKind.ZIENSWIJZE, coach, text="Zienswijze gegeven in een gesprek.")
    _event(
        zaak,
        heard_on,
        GebeurtenisKind.STATUS,
        coach,
        hour=11,
        from_status=ZaakStatus.VOORNEMEN,
        to_status=ZaakStatus.BEOORDELING,
    )
    _event(
        zaak,
        decided,
        GebeurtenisKind.STATUS,
        coach,
        hour=14,
        from_status=ZaakStatus.BEOORDELING,
        to_status=ZaakStatus.OPGELEGD,
    )
    _letter(zaak, BriefKind.VOORNEMEN_MAATREGEL, coach, on=intention_on)
    _letter(zaak, BriefKind.BESLUIT_MAATREGEL, coach, on=decided)
    return zaak


def _klant_objection(against, teamleider, today):
    """Her objection, three weeks after the decision: acknowledged, heard and decided in time (ongegrond)
    by the teamleider, who did not take the decision."""
    from reintegratie.documents.models import BriefKind

    received = _workday(against.decided_on + timedelta(days=20))
    term = deadlines.bezwaar_termijn(against.decided_on)
    beslis = deadlines.bezwaar_beslistermijn(termijn_end=term.end, committee=False)
    heard_on = _workday(received + timedelta(days=14))
    decided = min(_workday(heard_on + timedelta(days=14)), _workday(today - timedelta(days=1), step=-1))
    assigned = _workday(received + timedelta(days=1))
    zaak = _zaak(
        against.client,
        Soort.BEZWAAR,
        ZaakStatus.AFGEHANDELD,
        received,
        against.client.user or teamleider,
        first_status=ZaakStatus.ONTVANGEN,
        channel=Channel.PORTAAL,
        handler=teamleider,
        decided_on=decided,
        decided_by=teamleider,
        motivation=(
            "U vindt de verlaging te streng. We hebben u gehoord. We hielden al rekening met uw zieke kind: "
            "daarom is de verlaging lager dan normaal. Het besluit blijft zoals het is."
        ),
    )
    # Decided, so no open deadline; the decision came before the end of the decision term.
    if decided > beslis.end:
        raise RuntimeError("demo objection decided after its decision term")
    Bezwaar.objects.create(
        zaak=zaak,
        against=against,
        grounds="Ik vind de verlaging te streng. Ik was één keer vergeten te bellen omdat mijn kind ziek was.",
        decision_sent_on=against.decided_on,
        term_end=term.end,
        on_time=deadlines.bezwaar_on_time(sent_on=against.decided_on, received_on=received, posted_on=None),
        hearing_on=heard_on,
        hearing_report="Cliënt vertelde over haar zieke kind. Ze belt voortaan af als ze niet kan komen.",
        outcome=BezwaarUitkomst.ONGEGROND,
    )
    _event(zaak, assigned, GebeurtenisKind.BEHANDELAAR, teamleider, text=teamleider.get_full_name())
    _event(
        zaak,
        assigned,
        GebeurtenisKind.STATUS,
        teamleider,
        hour=11,
        from_status=ZaakStatus.ONTVANGEN,
        to_status=ZaakStatus.IN_BEHANDELING,
    )
    _event(zaak, heard_on, GebeurtenisKind.HOREN, teamleider, text="Cliënt gehoord.")
    _event(
        zaak,
        decided,
        GebeurtenisKind.STATUS,
        teamleider,
        hour=14,
        from_status=ZaakStatus.IN_BEHANDELING,
        to_status=ZaakStatus.AFGEHANDELD,
        text=BezwaarUitkomst.ONGEGROND.label,
    )
    _letter(zaak, BriefKind.ONTVANGST_BEZWAAR, teamleider, on=received)
    _letter(zaak, BriefKind.BESLISSING_BEZWAAR, teamleider, on=decided)


def _klant_signal_dropped(client, coach, rule, today):
    """Six weeks ago her jobcoaching provider signalled a missed day; she had a good reason: no sanction."""
    from reintegratie.accounts.models import Role, User
    from reintegratie.documents.models import BriefKind

    traject = client.trajecten.filter(status="lopend", aanbieder__isnull=False).first()
    provider = traject and User.objects.filter(role=Role.AANBIEDER, aanbieder=traject.aanbieder_id).first()
    if provider is None:
        return
    breach = _workday(today - timedelta(days=45), step=-1)
    signalled = _workday(breach + timedelta(days=1))
    intention_on = _workday(signalled + timedelta(days=3))
    zienswijze = deadlines.zienswijze_termijn(sent_on=intention_on)
    heard_on = _workday(intention_on + timedelta(days=6))
    decided = _workday(heard_on + timedelta(days=2))
    zaak = _zaak(
        client,
        Soort.MAATREGEL,
        ZaakStatus.GEEN_MAATREGEL,
        signalled,
        provider,
        first_status=ZaakStatus.GESIGNALEERD,
        handler=coach,
        decided_on=decided,
        decided_by=coach,
        motivation=(
            "U was die dag met uw kind in het ziekenhuis. U liet ons de afsprakenkaart zien. "
            "Dat is een goede reden om niet te komen."
        ),
    )
    Maatregel.objects.create(
        zaak=zaak,
        rule=rule,
        breach_on=breach,
        breach_description="Een dag niet op de werkplek gekomen, zonder bericht vooraf.",
        signalled_by=provider,
        intention_sent_on=intention_on,
        zienswijze_deadline=zienswijze.end,
        zienswijze="Mijn kind moest die ochtend naar het ziekenhuis. Ik heb de afsprakenkaart bewaard.",
        zienswijze_on=heard_on,
        culpability=Verwijtbaarheid.GEEN,
        culpability_note="U moest met uw kind naar het ziekenhuis. Dat kon u niet verzetten.",
    )
    steps = [
        (intention_on, ZaakStatus.GESIGNALEERD, ZaakStatus.VOORNEMEN),
        (heard_on, ZaakStatus.VOORNEMEN, ZaakStatus.BEOORDELING),
        (decided, ZaakStatus.BEOORDELING, ZaakStatus.GEEN_MAATREGEL),
    ]
    for day, old, new in steps:
        _event(zaak, day, GebeurtenisKind.STATUS, coach, hour=14, from_status=old, to_status=new)
    _event(zaak, heard_on, GebeurtenisKind.ZIENSWIJZE, coach, text="Zienswijze gegeven in een gesprek.")
    _letter(zaak, BriefKind.VOORNEMEN_MAATREGEL, coach, on=intention_on)
    _letter(zaak, BriefKind.GEEN_MAATREGEL, coach, on=decided)


def _klant_warning(client, coach, today):
    """Four weeks into her benefit she had not registered with UWV: a first time, so a warning.

    That warning is also why her later missed appointment got a sanction, not a warning:
    a warning is only for a first time in 12 months (services.maatregel_decide).
    """
    from reintegratie.documents.models import BriefKind

    rule = SanctieRegel.objects.filter(code="registratie-uwv", valid_from=DEFAULTS_VALID_FROM).first()
    if rule is None or client.benefit_start is None:
        return
    breach = _workday(client.benefit_start + timedelta(days=28))
    intention_on = _workday(breach + timedelta(days=7))
    zienswijze = deadlines.zienswijze_termijn(sent_on=intention_on)
    given_on = _workday(intention_on + timedelta(days=4))
    decided = _workday(zienswijze.end + timedelta(days=1))
    if decided >= today:
        return
    zaak = _zaak(
        client,
        Soort.MAATREGEL,
        ZaakStatus.WAARSCHUWING,
        intention_on,
        coach,
        first_status=ZaakStatus.VOORNEMEN,
        handler=coach,
        decided_on=decided,
        decided_by=coach,
        motivation=(
            "U wist niet dat u zich bij UWV moest inschrijven. U deed het meteen na onze brief. "
            "Het is de eerste keer. Daarom geven we u alleen een waarschuwing."
        ),
    )
    Maatregel.objects.create(
        zaak=zaak,
        rule=rule,
        breach_on=breach,
        breach_description="Vier weken na het begin van de uitkering nog niet ingeschreven als werkzoekende bij UWV.",
        intention_sent_on=intention_on,
        zienswijze_deadline=zienswijze.end,
        zienswijze="Ik wist niet dat dat moest. Ik heb me nu ingeschreven.",
        zienswijze_on=given_on,
        culpability=Verwijtbaarheid.VERMINDERD,
        culpability_note="U wist het niet. Maar het stond wel in de brief over uw uitkering.",
        urgent_reasons=False,
    )
    _event(zaak, given_on, GebeurtenisKind.ZIENSWIJZE, coach, text="Zienswijze gegeven per telefoon.")
    _event(
        zaak,
        given_on,
        GebeurtenisKind.STATUS,
        coach,
        hour=11,
        from_status=ZaakStatus.VOORNEMEN,
        to_status=ZaakStatus.BEOORDELING,
    )
    _event(
        zaak,
        decided,
        GebeurtenisKind.STATUS,
        coach,
        hour=14,
        from_status=ZaakStatus.BEOORDELING,
        to_status=ZaakStatus.WAARSCHUWING,
    )
    _letter(zaak, BriefKind.VOORNEMEN_MAATREGEL, coach, on=intention_on)
    _letter(zaak, BriefKind.WAARSCHUWING, coach, on=decided)
