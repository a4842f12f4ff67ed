"""Every letter template, filled with realistic data, is plain Dutch (B1).

The trajectory letters are filled with the demo data. The complaint, sanction
and objection letters (``ZAAK_KINDS``) are filled with zaken that the
real services in ``klachten/services`` build for demo clients; each letter is
rendered at the moment the service asks for it, as the worker would.
"""

import io
from collections import defaultdict
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader

from clients.models import Client
from klachten import services as zaken
from klachten.letters import ZAAK_KINDS
from klachten.models import SanctieRegel, Zaak
from klachten.rules import DEFAULT_RULES, DEFAULTS_VALID_FROM
from klachten.workflow import BezwaarUitkomst, Channel, HorenOverslaan, Oordeel, Soort, Verwijtbaarheid, ZaakStatus
from reintegratie.accounts.models import User
from reintegratie.documents import letters
from reintegratie.documents import services as documents
from reintegratie.documents.models import Brief, BriefKind, BriefStatus
from reintegratie.documents.plain_language import check, html_to_text
from tests.klachten.helpers import past_decision
from tests.trajecten.helpers import request_as

pytestmark = pytest.mark.django_db

DEMO_KINDS = [kind for kind in letters.LETTERS if kind not in ZAAK_KINDS]


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", quiet_logins=True)


def letters_for_demo_clients(kind, limit=12):
    clients = Client.objects.select_related("coach").order_by("client_number")
    if kind == BriefKind.SAMENVATTING_INTAKE:
        clients = clients.filter(intakes__status="afgerond")
    if kind == BriefKind.PLAN_VAN_AANPAK:
        clients = clients.filter(plans__status="akkoord")
    if kind == BriefKind.EINDRAPPORTAGE_TRAJECT:
        clients = clients.filter(trajecten__status="afgerond")
    for client in clients[:limit]:
        source = letters.sample_source(kind, client)
        brief = Brief(client=client, kind=kind, source_id=str(source.pk), version=1, personal_note="")
        template, context = letters.letter_context(brief)
        yield client, render_to_string(template, context)


def plain_score(html, label):
    """Check one rendered letter against the B1 rules; return its Flesch-Douma score."""
    result = check(html_to_text(html))
    assert result.words > 40, (label, "the letter body is empty")
    assert result.flesch_douma >= 65, (label, result.as_dict())
    assert result.avg_sentence_length <= 15, (label, result.as_dict())
    assert result.difficult_words == [], (label, result.difficult_words)
    assert result.passes()
    return result.flesch_douma


@pytest.mark.parametrize("kind", DEMO_KINDS)
def test_every_letter_template_passes_the_plain_language_checker(demo, kind):
    scores = [plain_score(html, client.client_number) for client, html in letters_for_demo_clients(kind)]
    assert scores, f"no demo client has a source for {kind}"
    print(f"{kind}: Flesch-Douma {min(scores)}–{max(scores)} over {len(scores)} demo clients")


def test_the_kinds_tested_here_are_all_the_registered_kinds():
    """A kind an app registers is checked here without a test change: demo kinds plus zaak kinds."""
    assert set(DEMO_KINDS) | set(ZAAK_KINDS) == set(letters.LETTERS) == set(BriefKind.values)
    assert all(spec.sample is not None for spec in letters.LETTERS.values())


def test_every_letter_kind_has_a_template_that_extends_the_letterhead():
    for kind, spec in letters.LETTERS.items():
        source = (settings.BASE_DIR / "templates" / spec.template).read_text(encoding="utf-8")
        assert source.startswith('{% extends "brieven/_briefhoofd.html" %}'), kind


# --------------------------------------------------------------------------- zaak letters


@pytest.fixture
def sanctieregels(db):
    """The default verordening; an earlier transactional test may have wiped the migration's rows."""
    return {
        row["code"]: SanctieRegel.objects.get_or_create(
            gemeente=settings.GEMEENTE_NAAM, code=row["code"], valid_from=DEFAULTS_VALID_FROM, defaults=row
        )[0]
        for row in DEFAULT_RULES
    }


# The letter a demo zaak in this stage has had (the demo writes zaken without letters).
DEMO_ZAAK_LETTERS = {
    (Soort.KLACHT, ZaakStatus.ONTVANGEN): BriefKind.ONTVANGST_KLACHT,
    (Soort.KLACHT, ZaakStatus.IN_BEHANDELING): BriefKind.ONTVANGST_KLACHT,
    (Soort.MAATREGEL, ZaakStatus.OPGELEGD): BriefKind.BESLUIT_MAATREGEL,
}


class World:
    """Demo staff and clients, the rules, and every letter the services asked for, as rendered."""

    def __init__(self, rules):
        self.rules = rules
        self.coach = User.objects.get(username="coach")
        self.leider = User.objects.get(username="teamleider")
        # Clients without demo zaken, so the recidive found is the one built here.
        clients = Client.objects.filter(coach=self.coach, status="actief", zaken__isnull=True)
        self.clients = list(clients.order_by("client_number")[:4])
        assert len(self.clients) == 4, "the demo coach needs four active clients without zaken"
        self.rendered = defaultdict(list)  # kind -> [(label, html)]
        self.letters = []  # (brief, html, signer at render time)
        self.seen = set()

    def as_coach(self):
        return request_as(self.coach)

    def as_leider(self):
        return request_as(self.leider)

    def take(self, zaak, label):
        """Render the letters the services just asked for about this zaak."""
        new = Brief.objects.filter(source_type=ContentType.objects.get_for_model(Zaak), source_id=str(zaak.pk)).exclude(
            pk__in=self.seen
        )
        kinds = []
        for brief in new.select_related("client", "client__coach").order_by("created_at"):
            self.seen.add(brief.pk)
            self.render(brief, label)
            kinds.append(brief.kind)
        return kinds

    def render(self, brief, label):
        template, context = letters.letter_context(brief)
        html = render_to_string(template, context)
        self.rendered[brief.kind].append((f"{label} ({brief.client.client_number})", html))
        self.letters.append((brief, html, context.get("signer")))

    def take_demo_zaken(self):
        """The demo zaken are written without letters; render the letter each one's stage has."""
        for zaak in Zaak.objects.select_related("client", "client__coach").order_by("pk"):
            kind = DEMO_ZAAK_LETTERS.get((zaak.soort, zaak.status))
            if kind:
                self.render(Brief(client=zaak.client, kind=kind, source_id=str(zaak.pk), version=1), "demo-zaak")


def today():
    return timezone.localdate()


def first_of_next_month():
    return (today().replace(day=1) + timedelta(days=32)).replace(day=1)


def complaint_about_the_coach(world, client):
    """By phone, about the client's own coach: the teamleider handles it, hears the client, agrees."""
    zaak = zaken.klacht_register(
        request=world.as_coach(),
        client=client,
        category="bejegening",
        description="Mijn werkcoach was boos aan de telefoon. Ik kon mijn verhaal niet doen.",
        wish="Ik wil dat er naar mij geluisterd wordt.",
        about_user=world.coach,
        channel=Channel.TELEFOON,
        received_on=today() - timedelta(days=2),
    )
    assert world.take(zaak, "klacht over de coach") == [BriefKind.ONTVANGST_KLACHT]
    zaak = zaken.klacht_assign(
        request=world.as_leider(), zaak=zaak, handler=world.leider, expected_version=zaak.version
    )
    zaak = zaken.klacht_hearing(
        request=world.as_leider(),
        zaak=zaak,
        hearing_on=today(),
        report="Mevrouw vertelde wat er aan de telefoon gebeurde.",
        expected_version=zaak.version,
    )
    zaak = zaken.klacht_decide(
        request=world.as_leider(),
        zaak=zaak,
        findings=(
            "We spraken met u en met uw werkcoach. We lazen ook de notities van het gesprek. "
            "Uw werkcoach was die dag te kort aan de telefoon. Ze liet u niet uitpraten."
        ),
        judgement=Oordeel.GEGROND,
        conclusions=(
            "Uw werkcoach zegt sorry. We praten in het team over hoe we beter luisteren. "
            "Wilt u liever een andere werkcoach? Dat mag. Zeg het ons."
        ),
        expected_version=zaak.version,
    )
    assert world.take(zaak, "klacht over de coach, gegrond") == [BriefKind.BESLISSING_KLACHT]


def complaint_extended_and_not_heard(world, client):
    """By letter, with a complaints committee: the term is extended; the client did not want to be heard."""
    zaak = zaken.klacht_register(
        request=world.as_coach(),
        client=client,
        category="bereikbaarheid",
        description="Ik heb drie weken elke dag gebeld. Niemand nam op. Op mijn e-mail kreeg ik ook geen antwoord.",
        about_text="De telefoon van Werk en re-integratie",
        channel=Channel.BRIEF,
        received_on=today() - timedelta(days=20),
        committee=True,
    )
    world.take(zaak, "klacht met commissie")
    zaak = zaken.klacht_assign(request=world.as_coach(), zaak=zaak, handler=world.coach, expected_version=zaak.version)
    zaak = zaken.klacht_extend(
        request=world.as_coach(),
        zaak=zaak,
        reason="De klachtencommissie komt pas over vijf weken bij elkaar. Ze wil eerst met u en met ons praten.",
        expected_version=zaak.version,
    )
    assert world.take(zaak, "klacht verlengd") == [BriefKind.VERDAGING]
    zaak = zaken.klacht_hearing(
        request=world.as_coach(),
        zaak=zaak,
        skip_reason="U liet ons weten dat u geen gesprek wilde. Uw brief zei voor u genoeg.",
        expected_version=zaak.version,
    )
    zaak = zaken.klacht_decide(
        request=world.as_coach(),
        zaak=zaak,
        findings=(
            "We keken hoe vaak u ons belde en mailde. We zagen twee keer dat u belde. "
            "Beide keren belden we u binnen een dag terug. Uw e-mails hebben we niet gevonden. "
            "Misschien gingen ze naar een ander adres."
        ),
        judgement=Oordeel.ONGEGROND,
        conclusions="We sturen u ons goede e-mailadres. Dan komen uw berichten wel aan.",
        expected_version=zaak.version,
    )
    assert world.take(zaak, "klacht ongegrond, niet gehoord") == [BriefKind.BESLISSING_KLACHT]


def complaint_partly_right(world, client):
    """At the counter: the coach handles it, hears the client and decides 'deels gegrond'."""
    zaak = zaken.klacht_register(
        request=world.as_coach(),
        client=client,
        category="maatwerk",
        description="Ik moest op maandag naar een training. Op maandag zorg ik voor mijn moeder. Dat had ik al gezegd.",
        wish="Een training op een andere dag.",
        channel=Channel.BALIE,
    )
    world.take(zaak, "klacht aan de balie")
    zaak = zaken.klacht_assign(request=world.as_coach(), zaak=zaak, handler=world.coach, expected_version=zaak.version)
    assert world.take(zaak, "klacht toegewezen") == []
    zaak = zaken.klacht_hearing(
        request=world.as_coach(),
        zaak=zaak,
        hearing_on=today(),
        report="Meneer vertelde over de zorg voor zijn moeder.",
        expected_version=zaak.version,
    )
    zaak = zaken.klacht_decide(
        request=world.as_coach(),
        zaak=zaak,
        findings=(
            "U had het al gezegd. Het staat in uw dossier. Toch kreeg u een training op maandag. "
            "Dat was niet goed. Wel gaven we u daarna snel een andere dag."
        ),
        judgement=Oordeel.DEELS_GEGROND,
        conclusions="De training is nu op woensdag. We letten beter op de zorg voor uw moeder.",
        expected_version=zaak.version,
    )
    assert world.take(zaak, "klacht deels gegrond") == [BriefKind.BESLISSING_KLACHT]


def sanction_imposed(world, client):
    """A missed plan appointment: voornemen, the client's side, 30 % for a month."""
    zaak = zaken.maatregel_intention(
        request=world.as_coach(),
        client=client,
        rule=world.rules["plan-van-aanpak"],
        breach_on=today() - timedelta(days=8),
        description="U kwam niet naar het gesprek over uw plan van aanpak. U liet ook niet weten dat u niet kon komen.",
    )
    assert world.take(zaak, "voornemen, eerste keer") == [BriefKind.VOORNEMEN_MAATREGEL]
    zaak = zaken.maatregel_zienswijze(
        request=world.as_coach(),
        zaak=zaak,
        zienswijze="Ik was het vergeten. Ik had die week veel aan mijn hoofd.",
        expected_version=zaak.version,
    )
    zaak = zaken.maatregel_decide(
        request=world.as_coach(),
        zaak=zaak,
        outcome=ZaakStatus.OPGELEGD,
        culpability=Verwijtbaarheid.VOLLEDIG,
        culpability_note="U wist van het gesprek. U kreeg een brief en een sms. Vergeten kon u voorkomen.",
        urgent_reasons=False,
        motivation=(
            "U kwam niet naar een gesprek en liet niets weten. Dat spraken we af in uw plan van aanpak. "
            "We lazen uw verhaal. Het verandert ons oordeel niet."
        ),
        percentage=30,
        duration_months=1,
        starts_on=first_of_next_month(),
        expected_version=zaak.version,
    )
    assert world.take(zaak, "besluit 30% 1 maand") == [BriefKind.BESLUIT_MAATREGEL]
    return zaak


def sanction_warning(world, client):
    """A first light breach: a written warning instead of a sanction."""
    zaak = zaken.maatregel_intention(
        request=world.as_coach(),
        client=client,
        rule=world.rules["registratie-uwv"],
        breach_on=today() - timedelta(days=20),
        description="U heeft zich niet op tijd ingeschreven bij UWV als werkzoekende.",
        zienswijze_days=7,
    )
    world.take(zaak, "voornemen, lichte regel")
    zaak = zaken.maatregel_zienswijze(
        request=world.as_coach(),
        zaak=zaak,
        zienswijze="Ik wist niet dat het moest. Nu heb ik het wel gedaan.",
        expected_version=zaak.version,
    )
    zaak = zaken.maatregel_decide(
        request=world.as_coach(),
        zaak=zaak,
        outcome=ZaakStatus.WAARSCHUWING,
        culpability=Verwijtbaarheid.VERMINDERD,
        culpability_note="Onze brief hierover was niet duidelijk genoeg.",
        urgent_reasons=False,
        motivation="U heeft zich nu wel ingeschreven. Het is de eerste keer. Daarom is een waarschuwing genoeg.",
        expected_version=zaak.version,
    )
    assert world.take(zaak, "waarschuwing") == [BriefKind.WAARSCHUWING]
    return zaak


def sanction_dropped_and_not_culpable(world, client):
    """One voornemen dropped at once; one decided 'geen maatregel' after the client's side."""
    zaak = zaken.maatregel_intention(
        request=world.as_coach(),
        client=client,
        rule=world.rules["medewerking"],
        breach_on=today() - timedelta(days=3),
        description="U kwam niet naar het onderzoek bij de arts van de gemeente.",
    )
    world.take(zaak, "voornemen, medewerking")
    zaak = zaken.maatregel_drop(
        request=world.as_coach(),
        zaak=zaak,
        motivation="U belde ons dezelfde dag nog. U was ziek en kon niet komen. U kon er dus niets aan doen.",
        expected_version=zaak.version,
    )
    assert world.take(zaak, "geen maatregel, ingetrokken") == [BriefKind.GEEN_MAATREGEL]

    zaak = zaken.maatregel_intention(
        request=world.as_coach(),
        client=client,
        rule=world.rules["plan-van-aanpak"],
        breach_on=today() - timedelta(days=10),
        description="U kwam niet naar de training die in uw plan van aanpak staat.",
    )
    world.take(zaak, "voornemen, training")
    zaak = zaken.maatregel_zienswijze(
        request=world.as_coach(),
        zaak=zaak,
        zienswijze="Mijn zoon lag die dag in het ziekenhuis. Ik moest bij hem zijn.",
        expected_version=zaak.version,
    )
    zaak = zaken.maatregel_decide(
        request=world.as_coach(),
        zaak=zaak,
        outcome=ZaakStatus.GEEN_MAATREGEL,
        culpability=Verwijtbaarheid.GEEN,
        culpability_note="U moest bij uw zoon in het ziekenhuis zijn. Dat kon u niet voorkomen.",
        urgent_reasons=False,
        motivation="Uw zoon lag in het ziekenhuis. U kon er niets aan doen dat u niet kwam.",
        expected_version=zaak.version,
    )
    assert world.take(zaak, "geen maatregel, niet verwijtbaar") == [BriefKind.GEEN_MAATREGEL]


def sanction_long_ago(world, client):
    """A sanction decided 80 days ago, without a zienswijze (the client did not react in time)."""
    with time_machine.travel(timezone.now() - timedelta(days=100)):
        zaak = zaken.maatregel_intention(
            request=world.as_coach(),
            client=client,
            rule=world.rules["plan-van-aanpak"],
            breach_on=today() - timedelta(days=4),
            description="U kwam twee keer niet naar uw werkplek bij de tegenprestatie.",
        )
        world.take(zaak, "voornemen, lang geleden")
    with time_machine.travel(timezone.now() - timedelta(days=80)):
        zaak = zaken.maatregel_zienswijze(request=world.as_coach(), zaak=zaak, expected_version=zaak.version)
        zaak = zaken.maatregel_decide(
            request=world.as_coach(),
            zaak=zaak,
            outcome=ZaakStatus.OPGELEGD,
            culpability=Verwijtbaarheid.VOLLEDIG,
            culpability_note="U gaf geen reden op waarom u niet kwam.",
            urgent_reasons=False,
            motivation="U kwam twee keer niet naar uw werkplek. U liet niets weten. Ook later hoorden we niets van u.",
            percentage=30,
            duration_months=1,
            starts_on=first_of_next_month(),
            expected_version=zaak.version,
        )
        assert world.take(zaak, "besluit zonder zienswijze") == [BriefKind.BESLUIT_MAATREGEL]
    return zaak


def sanction_repeated_with_urgent_reasons(world, client):
    """A second breach within 12 months (art. 18 lid 6): 100 % for 2 months proposed, lowered for debts.

    The earlier verlaging must be one for an arbeidsverplichting too: the client's plan-van-aanpak
    sanction (sanction_long_ago) does not count for art. 18 lid 6.
    """
    past_decision(client, world.rules["arbeidsverplichting"], decided_on=today() - timedelta(days=150))
    zaak = zaken.maatregel_intention(
        request=world.as_coach(),
        client=client,
        rule=world.rules["arbeidsverplichting"],
        breach_on=today() - timedelta(days=6),
        description="U kreeg een baan in een magazijn aangeboden. U zei nee tegen die baan.",
        zienswijze_days=21,
    )
    assert world.take(zaak, "voornemen, tweede keer") == [BriefKind.VOORNEMEN_MAATREGEL]
    assert zaak.maatregel.recidive_count == 1
    zaak = zaken.maatregel_zienswijze(
        request=world.as_coach(),
        zaak=zaak,
        zienswijze=(
            "Ik kan niet goed tillen door mijn rug. Ik heb ook schulden. Met minder geld kan ik de huur niet betalen."
        ),
        expected_version=zaak.version,
    )
    zaak = zaken.maatregel_decide(
        request=world.as_coach(),
        zaak=zaak,
        outcome=ZaakStatus.OPGELEGD,
        culpability=Verwijtbaarheid.VERMINDERD,
        culpability_note=(
            "In de baan hoeft u niet zwaar te tillen. Toch had u last van uw rug. Dat telt een beetje mee."
        ),
        urgent_reasons=True,
        urgent_reasons_note="U heeft schulden. Met nog minder geld kunt u de huur niet betalen.",
        motivation=(
            "U zei nee tegen passend werk. Dat is de tweede keer in een jaar. "
            "We hielden rekening met uw rug en uw schulden."
        ),
        percentage=50,
        duration_months=2,
        starts_on=first_of_next_month(),
        expected_version=zaak.version,
    )
    assert world.take(zaak, "besluit met dringende redenen") == [BriefKind.BESLUIT_MAATREGEL]


def objection_upheld(world, against):
    """On time, by e-mail; heard; gegrond: the sanction is reversed."""
    zaak = zaken.bezwaar_register(
        request=world.as_coach(),
        against=against,
        grounds="Ik was die week ziek. Ik kon niet bellen. Dat heb ik niet goed verteld.",
        channel=Channel.EMAIL,
    )
    assert world.take(zaak, "bezwaar op tijd") == [BriefKind.ONTVANGST_BEZWAAR]
    zaak = zaken.bezwaar_assign(
        request=world.as_leider(), zaak=zaak, handler=world.leider, expected_version=zaak.version
    )
    zaak = zaken.bezwaar_hearing(
        request=world.as_leider(),
        zaak=zaak,
        hearing_on=today(),
        report="Mevrouw liet een brief van de dokter zien.",
        expected_version=zaak.version,
    )
    zaak = zaken.bezwaar_decide(
        request=world.as_leider(),
        zaak=zaak,
        outcome=BezwaarUitkomst.GEGROND,
        motivation=(
            "In het gesprek liet u een brief van de dokter zien. U was die week echt ziek. U kon er dus niets aan doen."
        ),
        expected_version=zaak.version,
    )
    assert world.take(zaak, "bezwaar gegrond") == [BriefKind.BESLISSING_BEZWAAR]
    against.refresh_from_db()
    assert against.status == ZaakStatus.HERROEPEN


def objection_extended_and_rejected(world, against):
    """Against a warning, at the counter; extended; the client did not want a hearing; ongegrond."""
    zaak = zaken.bezwaar_register(
        request=world.as_coach(),
        against=against,
        grounds="Ik vind de waarschuwing niet eerlijk. Niemand had mij verteld dat ik me moest inschrijven.",
        channel=Channel.BALIE,
    )
    world.take(zaak, "bezwaar tegen waarschuwing")
    zaak = zaken.bezwaar_assign(
        request=world.as_leider(), zaak=zaak, handler=world.leider, expected_version=zaak.version
    )
    zaak = zaken.bezwaar_extend(
        request=world.as_leider(),
        zaak=zaak,
        reason="We willen eerst nog een brief van UWV zien. Die komt later dan we dachten.",
        expected_version=zaak.version,
    )
    assert world.take(zaak, "bezwaar verlengd") == [BriefKind.VERDAGING]
    zaak = zaken.bezwaar_hearing(
        request=world.as_leider(),
        zaak=zaak,
        skip=HorenOverslaan.WIL_NIET,
        skip_note="Belde zelf en wilde geen gesprek.",
        expected_version=zaak.version,
    )
    zaak = zaken.bezwaar_decide(
        request=world.as_leider(),
        zaak=zaak,
        outcome=BezwaarUitkomst.ONGEGROND,
        motivation="In de brief na uw eerste gesprek stond dat u zich moest inschrijven. Die brief heeft u gekregen.",
        expected_version=zaak.version,
    )
    assert world.take(zaak, "bezwaar ongegrond") == [BriefKind.BESLISSING_BEZWAAR]


def objection_too_late(world, against):
    """Received weeks after the term, without a reason: niet-ontvankelijk, not heard (Awb 7:3 a)."""
    zaak = zaken.bezwaar_register(
        request=world.as_coach(),
        against=against,
        grounds="Ik vind de verlaging te hoog. Ik had het geld nodig.",
        channel=Channel.BRIEF,
    )
    assert zaak.bezwaar.on_time is False
    assert world.take(zaak, "bezwaar te laat") == [BriefKind.ONTVANGST_BEZWAAR]
    zaak = zaken.bezwaar_assign(
        request=world.as_leider(), zaak=zaak, handler=world.leider, expected_version=zaak.version
    )
    zaak = zaken.bezwaar_hearing(
        request=world.as_leider(),
        zaak=zaak,
        skip=HorenOverslaan.KENNELIJK_NIET_ONTVANKELIJK,
        skip_note="Te laat en geen reden gegeven.",
        expected_version=zaak.version,
    )
    zaak = zaken.bezwaar_decide(
        request=world.as_leider(),
        zaak=zaak,
        outcome=BezwaarUitkomst.NIET_ONTVANKELIJK,
        motivation="Uw bezwaar kwam ruim vijf weken te laat. We vroegen u waarom. U gaf geen reden.",
        expected_version=zaak.version,
    )
    assert world.take(zaak, "bezwaar niet-ontvankelijk") == [BriefKind.BESLISSING_BEZWAAR]


@pytest.fixture
def world(demo, sanctieregels):
    return World(sanctieregels)


@pytest.fixture
def zaak_letters(world):
    """Every complaint, sanction and objection letter of a small but varied set of zaken."""
    world.take_demo_zaken()
    first, second, third, fourth = world.clients
    complaint_about_the_coach(world, first)
    complaint_extended_and_not_heard(world, second)
    complaint_partly_right(world, third)
    objection_upheld(world, sanction_imposed(world, first))
    objection_extended_and_rejected(world, sanction_warning(world, second))
    sanction_dropped_and_not_culpable(world, third)
    objection_too_late(world, sanction_long_ago(world, fourth))
    sanction_repeated_with_urgent_reasons(world, fourth)
    return world.rendered


@pytest.mark.parametrize("kind", sorted(ZAAK_KINDS))
def test_every_zaak_letter_passes_the_plain_language_checker(zaak_letters, kind):
    rendered = zaak_letters[kind]
    assert rendered, f"no service asked for a {kind} letter"
    scores = [plain_score(html, label) for label, html in rendered]
    print(f"{kind}: Flesch-Douma {min(scores)}–{max(scores)} over {len(scores)} letters")


def _head_and_closing(html):
    """The letterhead's contact block and everything from 'Vragen?' on, as text."""
    contact = html[html.index('<div class="contact">') : html.index('<div class="adresblok">')]
    closing = html[html.rindex('<div class="slot">') :]
    return " ".join(html_to_text(contact).split()), " ".join(html_to_text(closing).split())


def test_every_zaak_letter_comes_from_its_handler_or_the_municipality(world, zaak_letters):
    """Issue 15.3: never from the person involved, nor from the coach unless the coach handles the zaak."""
    seen = set()
    for brief, html, signer in world.letters:
        zaak = Zaak.objects.select_related("handler", "client__coach").get(pk=brief.source_id)
        involved = {zaak.client.coach} - {signer}
        if zaak.soort == Soort.KLACHT and zaak.klacht.about_user:
            involved.add(zaak.klacht.about_user)
        if zaak.soort == Soort.BEZWAAR and zaak.bezwaar.against.decided_by:
            involved.add(zaak.bezwaar.against.decided_by)
        head, closing = _head_and_closing(html)
        for person in involved:
            assert person.get_full_name() not in head + closing, (brief.kind, zaak.reference, person)
        assert "Uw werkcoach" not in head, brief.kind
        assert signer is None or signer not in involved, (brief.kind, zaak.reference)
        expected = signer.get_full_name() if signer else "Team Werk en re-integratie"
        assert expected in closing, (brief.kind, closing)
        seen.add(brief.kind)
    assert seen == set(ZAAK_KINDS)


def test_zaak_letters_carry_the_terms_and_routes_the_law_asks_for(zaak_letters):
    def texts(kind):
        return [" ".join(html_to_text(html).split()) for _label, html in zaak_letters[kind]]

    for text in texts(BriefKind.ONTVANGST_KLACHT):
        assert "kregen we uw klacht" in text and "uiterlijk op" in text and "nummer Z" in text
    assert any("Uw klacht gaat over uw werkcoach" in text for text in texts(BriefKind.ONTVANGST_KLACHT))
    for text in texts(BriefKind.BESLISSING_KLACHT):
        assert "Nationale ombudsman" in text and "Bezwaar maken tegen dit antwoord kan niet" in text
    for text in texts(BriefKind.VOORNEMEN_MAATREGEL):
        assert "We hebben nog niets besloten" in text and "Wettelijke grond" in text
        assert "Kon u er niets aan doen?" in text and "schulden" in text
    assert any(
        "100% lager" in text and "krijgt u dan geen uitkering" in text for text in texts(BriefKind.VOORNEMEN_MAATREGEL)
    )
    for kind in (BriefKind.BESLUIT_MAATREGEL, BriefKind.WAARSCHUWING):
        for text in texts(kind):
            assert "binnen 6 weken" in text and "college van burgemeester en wethouders" in text
            assert "uw handtekening" in text
    assert any("De regels zeggen: 100% voor 2 maanden" in t for t in texts(BriefKind.BESLUIT_MAATREGEL))
    assert any("Uw bezwaar kwam te laat" in text for text in texts(BriefKind.ONTVANGST_BEZWAAR))
    outcomes = texts(BriefKind.BESLISSING_BEZWAAR)
    assert any("u krijgt gelijk" in t and "betalen we dat aan u terug" in t for t in outcomes)
    assert any("u krijgt geen gelijk" in t for t in outcomes)
    assert any("we konden uw bezwaar niet behandelen" in t for t in outcomes)
    assert all("rechtbank" in t and "binnen 6 weken" in t for t in outcomes)
    extensions = texts(BriefKind.VERDAGING)
    assert any("4 weken extra" in t for t in extensions) and any("6 weken extra" in t for t in extensions)


def test_a_sanction_decision_renders_to_a_real_pdf(world):
    zaak = sanction_imposed(world, world.clients[0])
    brief = Brief.objects.get(kind=BriefKind.BESLUIT_MAATREGEL, source_id=str(zaak.pk))
    rendered = documents.brief_render(brief_id=brief.pk)
    assert rendered.status == BriefStatus.KLAAR
    data = rendered.pdf.read()
    assert data.startswith(b"%PDF-")
    assert rendered.readability["passes"], rendered.readability
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())
    assert "We hebben besloten: we verlagen uw uitkering" in text
    assert "bezwaar maken tot en met" in text
    assert zaak.reference in text
