"""Load fictional but realistic demo data. Running it twice changes nothing."""

import random
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.models import Afspraak, Client, Contactmoment, Overdracht
from clients.numbers import CLIENT_NUMBER_START, client_number_sync
from clients.validators import is_valid_bsn
from clients.workflow import AfspraakMode, AfspraakOutcome, Channel, ClientStatus, OverdrachtReason, ServiceRoute
from intake.models import Beroep, Intake, LeefgebiedScore, Trede
from intake.workflow import IntakeKind, IntakeStatus, Leefgebied
from reintegratie.accounts.models import Aanbieder, Role, Team, User
from reintegratie.accounts.otp import STAFF_NEEDS_OTP, hex_key_from_base32
from reintegratie.demo.berichten import klant_berichten
from reintegratie.demo.klant import klant_earlier_traject, klant_letters, klant_letters_in_order, working_day
from reintegratie.vacatures.demo import seed_vacatures
from trajecten.models import Actie, Doel, Instrument, Plan, PlanStatusChange, Traject, Voortgangsrapportage
from trajecten.workflow import PlanStatus, TrajectResult, TrajectStatus

DEMO_PASSWORD = "demo-wachtwoord"
# A fixed, published 160-bit key (32 base32 characters; RFC 4226 asks for at least 128 bits,
# recommends 160): add it to any authenticator app. Demo only.
DEMO_TOTP_SECRET = "Q7UUW5H37FFJSK6W24QE4ZR3H5EZYBLB"
# The 80-bit key earlier demo databases got; seed_demo replaces it (too short for some apps).
OLD_DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"
CLIENT_COUNT = 48

TEAMS = ["Team Noord", "Team Zuid"]
AANBIEDERS = [
    ("WerkPlus Re-integratie", "40123456", "info@werkplus.example"),
    ("Taal & Talent", "40654321", "contact@taalentalent.example"),
]
# username, first, last, role, team index, phone, reachable
STAFF = [
    (
        "coach",
        "Sanne",
        "de Vries",
        Role.WERKCOACH,
        0,
        "010 123 45 01",
        "maandag tot en met donderdag, 9.00 tot 12.00 uur",
    ),
    ("coach3", "Mohamed", "El Amrani", Role.WERKCOACH, 0, "010 123 45 03", "dinsdag en donderdag, 9.00 tot 16.00 uur"),
    (
        "coach4",
        "Linda",
        "Bakker",
        Role.WERKCOACH,
        0,
        "010 123 45 04",
        "maandag, woensdag en vrijdag, 9.00 tot 12.00 uur",
    ),
    (
        "coach2",
        "Kevin",
        "Jansen",
        Role.WERKCOACH,
        1,
        "010 123 45 02",
        "maandag tot en met vrijdag, 10.00 tot 12.00 uur",
    ),
    ("coach5", "Priya", "Ramdin", Role.WERKCOACH, 1, "010 123 45 05", "woensdag en vrijdag, 9.00 tot 15.00 uur"),
    ("teamleider", "Ingrid", "Visser", Role.TEAMLEIDER, 0, "010 123 45 10", ""),
    ("teamleider2", "Ruud", "Smit", Role.TEAMLEIDER, 1, "010 123 45 11", ""),
    ("beheerder", "Bas", "Mulder", Role.BEHEERDER, None, "", ""),
    ("fg", "Fleur", "de Graaf", Role.FUNCTIONARIS_GEGEVENSBESCHERMING, None, "", ""),
]
FIRST_NAMES = [
    "Anouk",
    "Fatima",
    "Jeroen",
    "Yusuf",
    "Mila",
    "Dennis",
    "Samira",
    "Thijs",
    "Esra",
    "Marco",
    "Naima",
    "Patrick",
    "Ayoub",
    "Chantal",
    "Rachid",
    "Monique",
    "Bilal",
    "Sandra",
    "Kofi",
    "Ilse",
    "Hamza",
    "Petra",
    "Emre",
    "Wendy",
    "Tarik",
    "Ria",
    "Daan",
    "Soufiane",
    "Yvonne",
    "Rik",
    "Olga",
    "Jamal",
    "Kim",
    "Anil",
    "Brenda",
    "Hüseyin",
    "Noor",
    "Gerrit",
    "Zeynep",
    "Stefan",
    "Fenna",
    "Abdel",
    "Marloes",
    "Ricardo",
    "Sevda",
    "Henk",
    "Lisa",
    "Osman",
]
LAST_NAMES = [
    ("", "Bos"),
    ("", "Yilmaz"),
    ("van", "Dijk"),
    ("", "Boukhari"),
    ("de", "Jong"),
    ("", "Hoekstra"),
    ("", "Kaya"),
    ("van der", "Berg"),
    ("", "Martina"),
    ("", "Verhoeven"),
    ("el", "Idrissi"),
    ("", "Kramer"),
    ("", "Pinas"),
    ("van", "Leeuwen"),
    ("", "Öztürk"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Graaf"),
    ("", "Mahabier"),
    ("", "Vos"),
    ("", "Ait Ouali"),
    ("van", "Vliet"),
    ("", "Koster"),
    ("", "Demir"),
]
STREETS = [
    "Zwart Janstraat",
    "Beijerlandselaan",
    "Nieuwe Binnenweg",
    "Schiedamseweg",
    "Groene Hilledijk",
    "Bergweg",
    "Vlietlandplein",
    "Pleinweg",
    "Oudedijk",
    "Slinge",
    "Wolphaertsbocht",
    "Lusthofstraat",
]
POSTCODES = ["3034", "3074", "3014", "3025", "3073", "3037", "3045", "3083", "3061", "3086", "3082", "3071"]
# name, category, provider, max weeks, hours/week, cost, capacity, target groups
INSTRUMENTS = [
    (
        "Werk-eerst traject (Werkloont-achtig)",
        "werk_opleiding",
        "werkplus",
        15,
        28,
        "2400.00",
        40,
        "Werkzoekenden die snel aan het werk kunnen: 16 uur werk en 12 uur training per week",
    ),
    ("Sollicitatietraining", "werk_opleiding", "werkplus", 8, 6, "650.00", 60, "Iedereen die werk zoekt"),
    ("Werkervaringsplaats", "werk_opleiding", "werkplus", 26, 24, "1800.00", 30, "Weinig recente werkervaring"),
    ("Jobcoaching", "werk_opleiding", "werkplus", 52, 2, "3000.00", 25, "Begeleiding op de werkplek"),
    ("Loonkostensubsidie", "werk_opleiding", None, 104, None, None, None, "Verminderde loonwaarde"),
    ("Beschut werk", "werk_opleiding", None, None, 24, None, 10, "Advies UWV: alleen met aanpassingen"),
    ("Taaltraject Nederlands", "maatschappelijke_participatie", "taal", 26, 8, "1200.00", 50, "Nederlands onder B1"),
    (
        "Vrijwilligerswerk via de vrijwilligerscentrale",
        "tijdsbesteding",
        None,
        26,
        20,
        None,
        None,
        "Maatschappelijke participatie, maximaal 20 uur per week",
    ),
    ("Schuldhulpverlening", "financien", None, 52, None, None, None, "Problematische schulden"),
    ("Budgetcoaching", "financien", None, 26, 1, "400.00", 40, "Overzicht over geld houden"),
    ("Maatjesproject", "sociaal_netwerk", None, 26, 2, None, 30, "Weinig contacten"),
    ("Digitale vaardigheden", "dagelijkse_activiteiten", "taal", 8, 4, "300.00", 30, "Weinig computervaardigheden"),
]
GOALS = {
    "werk_opleiding": "Binnen een jaar werk vinden voor 24 uur per week.",
    "financien": "Overzicht over de schulden en een regeling met de schuldeisers.",
    "sociaal_netwerk": "Elke week mensen zien buiten het eigen huis.",
}
# Per leefgebied: what the client does, and what we do.
ACTIONS = {
    "werk_opleiding": (
        "Twee keer per week solliciteren en dat bijhouden.",
        "Een werkervaringsplaats zoeken die bij de wensen past.",
    ),
    "financien": (
        "Alle brieven van schuldeisers meenemen naar het gesprek.",
        "Aanmelden bij schuldhulpverlening en de eerste afspraak regelen.",
    ),
    "sociaal_netwerk": ("Aanmelden bij de buurtsportclub.", "Een maatje zoeken via het maatjesproject."),
}
WISHES = [
    "Werken in een keuken, het liefst overdag.",
    "Iets met mensen doen, bijvoorbeeld in de zorg.",
    "Chauffeur worden; ik rijd graag.",
    "Eerst mijn schulden op orde, daarna werk in een winkel.",
    "Beter Nederlands leren en dan werk zoeken in de schoonmaak.",
    "Weer onder de mensen komen, misschien vrijwilligerswerk.",
]
OCCUPATIONS = [
    ["Kok", "Keukenhulp"],
    ["Helpende zorg en welzijn", "Zorgassistent"],
    ["Vrachtwagenchauffeur", "Taxichauffeur"],
    ["Verkoopmedewerker winkel", "Vakkenvuller"],
    ["Schoonmaker"],
    ["Magazijnmedewerker", "Orderpicker"],
]
CLIENT_VIEWS = {
    "financien": "Ik heb schulden en dat geeft veel stress.",
    "werk_opleiding": "Ik wil graag werken, maar weet niet waar te beginnen.",
    "sociaal_netwerk": "Ik zie weinig mensen sinds de verhuizing.",
    "huisvesting": "Het huis is klein maar het gaat.",
    "geestelijke_gezondheid": "Ik slaap slecht door de zorgen.",
}
PURPOSES = [
    "Kennismakingsgesprek",
    "Brede intake",
    "Voortgangsgesprek",
    "Bespreken plan van aanpak",
    "Evaluatie traject",
    "Sollicitatiebrief samen maken",
]
# channel, summary, agreements: each text fits the way the contact went. The agreements are shared
# with the client (portal, progress report), so they speak to the client: "U …", "Uw werkcoach …".
SUMMARIES = [
    (
        Channel.KANTOOR,
        "Cliënt vertelde over de zorg voor haar moeder. Twee ochtenden per week kan ze niet.",
        "U zoekt uit of de wijkteamhulp voor uw moeder uitgebreid kan worden.",
    ),
    (
        Channel.KANTOOR,
        "Gesproken over werkervaring in de horeca. Cliënt wil graag weer in een keuken werken.",
        "Uw werkcoach zoekt een werkervaringsplaats in een keuken en belt u volgende week.",
    ),
    (
        Channel.HUISBEZOEK,
        "Cliënt heeft schulden en wil hulp. Samen een aanmelding voor schuldhulp gemaakt.",
        "U neemt de brieven van schuldeisers mee naar de volgende afspraak.",
    ),
    (Channel.VIDEO, "Cliënt volgt de taalles en merkt vooruitgang. Spreken gaat beter dan schrijven.", ""),
    (
        Channel.TELEFOON,
        "Cliënt belde af wegens ziekte van een kind. Nieuwe afspraak gemaakt.",
        "Nieuwe afspraak volgende week dinsdag.",
    ),
    (
        Channel.EMAIL,
        "Cliënt mailde dat hij heeft gesolliciteerd bij een supermarkt en een distributiecentrum. "
        "De sollicitatiebrieven zaten als bijlage bij de mail.",
        "Uw werkcoach mailt u terug met tips voor het gesprek.",
    ),
]
VIDEO_LINK = "https://beeldbellen.voorbeeldstad.example/gesprek/"


def demo_status(i):
    """New registrations, a few who left; the first client (the portal login `klant`) is active."""
    if i == 0:
        return ClientStatus.ACTIEF
    if i % 6 == 0:
        return ClientStatus.AANGEMELD
    return ClientStatus.UITGESTROOMD if i % 13 == 0 else ClientStatus.ACTIEF


def demo_bsns():
    """Yield valid, deterministic, clearly fictional BSNs."""
    n = 0
    while True:
        candidate = f"{900000000 + n * 1013:09d}"[:8]
        weighted = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), candidate, strict=True))
        check = weighted % 11
        n += 1
        if check <= 9 and is_valid_bsn(candidate + str(check)):
            yield candidate + str(check)


class Command(BaseCommand):
    help = "Laad fictieve demogegevens (alleen in demo-modus). Twee keer draaien verandert niets."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Druk de demologins niet af.")

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo draait alleen met DEMO_MODE=true (demo-accounts hebben een bekend wachtwoord)."
            )
        with transaction.atomic():
            created = self._seed()
        self.stdout.write(self.style.SUCCESS(f"Demogegevens klaar ({created} nieuwe cliënten)."))
        if not options["quiet_logins"]:
            self.stdout.write(
                "Demologins (wachtwoord: demo-wachtwoord): coach, coach2, teamleider, beheerder, fg, aanbieder, klant"
            )
            self.stdout.write(
                f"Tweestapsverificatie voor medewerkers: sleutel {DEMO_TOTP_SECRET} in een authenticator-app; "
                "in de demo-omgeving toont de codepagina ook de code."
            )

    def _user(self, username, *, first, last, role, team=None, aanbieder=None, phone="", reachable="", email=None):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "team": team,
                "aanbieder": aanbieder,
                "phone": phone,
                "reachable": reachable,
                "email": email or f"{username}@voorbeeldstad.example",
                "is_staff": role == Role.BEHEERDER,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        TOTPDevice.objects.filter(user=user, key=hex_key_from_base32(OLD_DEMO_TOTP_SECRET)).update(
            key=hex_key_from_base32(DEMO_TOTP_SECRET)
        )
        if role in STAFF_NEEDS_OTP and not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(
                user=user, name="Demo-authenticator", confirmed=True, key=hex_key_from_base32(DEMO_TOTP_SECRET)
            )
        return user

    def _seed(self):
        teams = [Team.objects.get_or_create(name=name)[0] for name in TEAMS]
        aanbieders = [
            Aanbieder.objects.get_or_create(name=name, defaults={"kvk_number": kvk, "email": email})[0]
            for name, kvk, email in AANBIEDERS
        ]
        staff = {}
        for username, first, last, role, team_index, phone, reachable in STAFF:
            staff[username] = self._user(
                username,
                first=first,
                last=last,
                role=role,
                team=teams[team_index] if team_index is not None else None,
                phone=phone,
                reachable=reachable,
            )
        self._user("aanbieder", first="Joost", last="Hendriks", role=Role.AANBIEDER, aanbieder=aanbieders[0])
        self._user("aanbieder2", first="Aylin", last="Çelik", role=Role.AANBIEDER, aanbieder=aanbieders[1])

        coaches = [staff[u] for u in ("coach", "coach3", "coach4", "coach2", "coach5")]
        rng = random.Random(20261122)
        now = timezone.now()
        bsns = demo_bsns()
        created_count = 0
        next_number = CLIENT_NUMBER_START
        for i in range(CLIENT_COUNT):
            bsn = next(bsns)
            # `coach` gets the first 12 clients, the rest are spread over the others.
            coach = coaches[0] if i < 12 else coaches[1 + (i % 4)]
            prefix, last = LAST_NAMES[i % len(LAST_NAMES)]
            client, created = Client.objects.get_or_create(
                bsn=bsn,
                defaults={
                    "client_number": next_number + i,
                    "first_name": FIRST_NAMES[i],
                    "name_prefix": prefix,
                    "last_name": last,
                    "date_of_birth": date(1965 + (i * 7) % 38, 1 + i % 12, 1 + (i * 3) % 28),
                    "email": f"{FIRST_NAMES[i].lower()}.{last.lower().replace(' ', '')}@mail.example",
                    "phone": f"06 {10000000 + i * 7919:08d}"[:13],
                    "street": STREETS[i % len(STREETS)],
                    "house_number": str(10 + (i * 17) % 190),
                    "postcode": f"{POSTCODES[i % len(POSTCODES)]} {chr(65 + i % 26)}{chr(66 + (i * 5) % 24)}",
                    "city": "Voorbeeldstad",
                    "preferred_language": ["Nederlands", "Arabisch", "Turks", "Engels", "Papiaments"][i % 5]
                    if i % 3 == 0
                    else "Nederlands",
                    "needs_interpreter": i % 11 == 0,
                    # `klant` (i == 0) got her benefit before her first coach and intake.
                    "benefit_start": (now - timedelta(days=330 if i == 0 else 60 + (i * 37) % 1500)).date(),
                    "service_route": [r.value for r in ServiceRoute][i % 4] if i % 6 else "",
                    "status": demo_status(i),
                    "coach": coach,
                },
            )
            if not created:
                continue
            created_count += 1
            previous, moved = self.client_history(client, coach, coaches, staff, rng, now, i)
            started = now - timedelta(days=120 + i)
            # The intake was done by whoever was the coach then.
            self.client_intake(client, previous if moved and started < moved else coach, now, i)
        # The demo wrote its numbers itself; registrations continue after them.
        client_number_sync()
        self._instruments(aanbieders)
        if created_count:
            self._plans_and_trajecten(now)
        self._portal_account(staff)
        if created_count:
            klant_earlier_traject()
            klant_letters()
        seed_vacatures(staff)
        self._zaken(staff)
        if created_count:
            klant_letters_in_order()
            klant_berichten()
        return created_count

    def client_history(self, client, coach, coaches, staff, rng, now, i, *, contacts=None):
        """Handovers, contact moments (``contacts``, else 1 to 4) and appointments of demo client ``i``."""
        started = now - timedelta(days=300 + (i * 13) % 200)
        leader = staff["teamleider"] if coach.team.name == TEAMS[0] else staff["teamleider2"]
        previous = moved = None
        if i % 4 == 1 or i == 2:
            # This client had another coach first: record both the first assignment and the handover.
            previous = next(c for c in coaches if c.team_id == coach.team_id and c != coach)
            Overdracht.objects.create(
                client=client,
                from_coach=None,
                to_coach=previous,
                at=started,
                reason=OverdrachtReason.EERSTE_TOEWIJZING,
                created_by=leader,
                acknowledged_at=started,
            )
            moved = now - timedelta(days=2 if i == 2 else 90 + i)
            Overdracht.objects.create(
                client=client,
                from_coach=previous,
                to_coach=coach,
                at=moved,
                reason=OverdrachtReason.HERVERDELING if i % 2 else OverdrachtReason.VERTREK,
                note=(
                    f"{client.first_name} komt afspraken goed na en wil graag werken in de zorg of logistiek. "
                    "Let op: ochtenden zijn lastig vanwege de kinderen. Schuldhulp loopt via het wijkteam."
                ),
                created_by=leader,
                # One fresh handover for `coach` stays unread, so the demo shows the warm handover.
                acknowledged_at=None if i == 2 else moved + timedelta(hours=3),
            )
        else:
            Overdracht.objects.create(
                client=client,
                from_coach=None,
                to_coach=coach,
                at=started,
                reason=OverdrachtReason.EERSTE_TOEWIJZING,
                created_by=leader,
                acknowledged_at=started,
            )
        for k in range(contacts or 1 + i % 4):
            channel, summary, agreements = SUMMARIES[(i + k) % len(SUMMARIES)]
            at = now - timedelta(days=5 + k * 23 + i % 9, hours=k)
            Contactmoment.objects.create(
                client=client,
                # Written by whoever was the client's coach on that day.
                author=previous if previous is not None and at < moved else coach,
                at=at,
                channel=channel,
                summary=summary,
                agreements=agreements,
                shared_with_client=k % 2 == 0,
            )
        local = timezone.localtime(now)
        for k in range(2):
            day = working_day(local.date() - timedelta(days=14 + 30 * k + i % 5), step=-1)
            when = timezone.make_aware(datetime.combine(day, time(9 + (i + k) % 7, 30)))
            outcome = [
                AfspraakOutcome.VERSCHENEN,
                AfspraakOutcome.VERSCHENEN,
                AfspraakOutcome.AFGEZEGD,
                AfspraakOutcome.NIET_VERSCHENEN,
            ][(i + k) % 4]
            Afspraak.objects.create(
                client=client,
                with_user=coach,
                starts_at=when,
                place="Stadswinkel, Werkplein 1",
                purpose=PURPOSES[(i + k) % len(PURPOSES)],
                outcome=outcome,
                outcome_note="Cliënt belde niet af; brief met uitnodiging voor een nieuw gesprek gestuurd."
                if outcome == AfspraakOutcome.NIET_VERSCHENEN
                else "",
                outcome_recorded_at=when + timedelta(hours=1),
                outcome_recorded_by=coach,
                created_by=coach,
            )
        if client.status == ClientStatus.UITGESTROOMD:
            return previous, moved  # left the service: no appointments ahead
        if i % 5 != 4:
            day = working_day(local.date() + timedelta(days=2 + (i * 3) % 40))
            when = timezone.make_aware(datetime.combine(day, time(9 + i % 7, 0 if i % 2 else 30)))
            video = i % 3 == 0
            Afspraak.objects.create(
                client=client,
                with_user=coach,
                starts_at=when,
                mode=AfspraakMode.VIDEO if video else AfspraakMode.OP_LOCATIE,
                place="Beeldbellen" if video else "Stadswinkel, Werkplein 1",
                video_link=f"{VIDEO_LINK}{client.client_number}" if video else "",
                purpose=PURPOSES[(i + 2) % len(PURPOSES)],
                created_by=coach,
            )
        # A recent appointment whose outcome still has to be recorded.
        if i % 7 == 3:
            day = working_day(local.date() - timedelta(days=1), step=-1)
            Afspraak.objects.create(
                client=client,
                with_user=coach,
                starts_at=timezone.make_aware(datetime.combine(day, time(10, 0))),
                place="Stadswinkel, Werkplein 1",
                purpose="Voortgangsgesprek",
                created_by=coach,
            )
        return previous, moved

    def client_intake(self, client, coach, now, i):
        """Completed intakes for most clients, drafts for a few; none for new registrations."""
        if client.status == ClientStatus.AANGEMELD:
            return
        draft = i % 5 == 3
        started = now - timedelta(days=120 + i)
        intake = Intake.objects.create(
            client=client,
            kind=IntakeKind.EERSTE,
            status=IntakeStatus.CONCEPT if draft else IntakeStatus.AFGEROND,
            created_by=coach,
            completed_at=None if draft else started + timedelta(days=7),
            completed_by=None if draft else coach,
            wishes=WISHES[i % len(WISHES)],
            education=["vmbo", "mbo", "basisonderwijs", "buitenland", "havo_vwo"][i % 5],
            has_startkwalificatie=i % 3 == 0,
            work_experience="Vijf jaar in een magazijn gewerkt, daarna thuis voor de kinderen gezorgd."
            if i % 2
            else "",
            skills="Punctueel, werkt graag met de handen, kan goed met mensen omgaan.",
            hours_available=[16, 24, 32, 20, 12][i % 5],
            dutch_level=["moedertaal", "a2", "b1", "moedertaal", "a1"][i % 5],
            digital_skills=["basis", "goed", "geen"][i % 3],
            driving_licence=i % 4 == 0,
            childcare=["niet_nodig", "geregeld", "nodig"][i % 3],
            ladder_now=None if draft else 2 + i % 3,
            ladder_target=None if draft else min(6, 4 + i % 3),
            target_hours=None if draft else [24, 32, 16][i % 3],
            horizon=None if draft else [6, 12, 24][i % 3],
            service_route="" if draft else client.service_route or "intensief",
        )
        # The intake was started on `started` (a draft: a while ago); the lead time is then real.
        Intake.objects.filter(pk=intake.pk).update(created_at=started)
        if not draft:
            intake.target_occupations.set(Beroep.objects.filter(name__in=OCCUPATIONS[i % len(OCCUPATIONS)]))
            # A completed intake sets the client's route (as intake_complete does): one route on every page.
            if client.service_route != intake.service_route:
                type(client).objects.filter(pk=client.pk).update(service_route=intake.service_route)
                client.service_route = intake.service_route
        domains = list(Leefgebied.values)
        LeefgebiedScore.objects.bulk_create(
            LeefgebiedScore(
                intake=intake,
                leefgebied=domain,
                score=None if draft and k > 5 else 2 + (i + k * 3) % 4,
                client_view=CLIENT_VIEWS.get(domain, "") if (i + k) % 3 == 0 else "",
                support="nodig" if domain == "financien" and i % 2 else "geen",
                support_note="Schuldhulpverlening via het wijkteam" if domain == "financien" and i % 2 else "",
                work_on=domain in ("werk_opleiding", "financien", "sociaal_netwerk")[: 1 + i % 3],
            )
            for k, domain in enumerate(domains)
        )
        if not draft:
            first_step = max(1, intake.ladder_now - 1)
            Trede.objects.create(
                client=client,
                on=(started - timedelta(days=200)).date(),
                step=first_step,
                note="Bij aanmelding",
                created_by=coach,
            )
            Trede.objects.create(
                client=client,
                on=(started + timedelta(days=7)).date(),
                step=intake.ladder_now,
                note="Eerste brede intake",
                intake=intake,
                created_by=coach,
            )

    def _instruments(self, aanbieders):
        """The instrumentenhuis: real-world kinds of provisions (fictional providers)."""
        werkplus, taal = aanbieders
        for name, category, aanbieder, weeks, hours, cost, capacity, groups in INSTRUMENTS:
            Instrument.objects.get_or_create(
                name=name,
                defaults={
                    "category": category,
                    "aanbieder": {"werkplus": werkplus, "taal": taal}.get(aanbieder),
                    "max_weeks": weeks,
                    "hours_per_week": hours,
                    "cost": cost,
                    "capacity": capacity,
                    "target_groups": groups,
                },
            )

    def _plans_and_trajecten(self, now):
        """Agreed plans for most clients with a completed intake; trajecten for some, one closed."""
        today = timezone.localdate()
        instruments = self.demo_instruments()
        for i, intake in enumerate(
            Intake.objects.filter(status=IntakeStatus.AFGEROND)
            .select_related("client__coach")
            .order_by("client__client_number")
        ):
            self.plan_and_traject(intake, i, instruments, now, today)

    def demo_instruments(self):
        """Per category one instrument, preferring one with a provider (so the demo provider has clients)."""
        instruments = {}
        for tool in sorted(Instrument.objects.all(), key=lambda t: (t.aanbieder_id is None, t.name)):
            instruments.setdefault(tool.category, tool)
        return instruments

    def plan_and_traject(self, intake, i, instruments, now, today):
        """The plan of the ``i``-th completed intake: agreed for most, with a traject for some, one closed."""
        client, coach = intake.client, intake.client.coach
        agreed = i % 4 != 3
        plan = Plan.objects.create(
            client=client,
            version=1,
            created_by=coach,
            evaluate_on=today + timedelta(days=30 + i * 5 - 40 * (i % 7 == 2)),
            status=PlanStatus.AKKOORD if agreed else PlanStatus.CONCEPT,
            proposed_at=now - timedelta(days=97) if agreed else None,
            agreed_at=now - timedelta(days=90) if agreed else None,
            agreed_how="papier" if agreed else "",
            client_input="Ik wil graag eerst mijn schulden regelen." if i % 3 == 0 else "",
        )
        # Written a week before it was proposed (the timeline and the history read this date).
        Plan.objects.filter(pk=plan.pk).update(created_at=now - timedelta(days=104))
        for k, score in enumerate(s for s in intake.scores.all() if s.work_on):
            doel = Doel.objects.create(
                plan=plan,
                leefgebied=score.leefgebied,
                text=GOALS.get(score.leefgebied, f"Werken aan {score.get_leefgebied_display().lower()}."),
                due=today + timedelta(days=120),
            )
            Actie.objects.create(
                doel=doel,
                text=ACTIONS.get(score.leefgebied, ACTIONS["werk_opleiding"])[0],
                owner="client",
                due=today + timedelta(days=14 - 30 * (i % 5 == 1)),
            )
            Actie.objects.create(
                doel=doel,
                text=ACTIONS.get(score.leefgebied, ACTIONS["werk_opleiding"])[1],
                owner=["werkcoach", "gemeente", "aanbieder"][k % 3],
                due=today + timedelta(days=21),
            )
        if agreed:
            for old, new, at in (
                ("concept", "voorgelegd", plan.proposed_at),
                ("voorgelegd", "akkoord", plan.agreed_at),
            ):
                change = PlanStatusChange.objects.create(plan=plan, from_status=old, to_status=new, by=coach)
                PlanStatusChange.objects.filter(pk=change.pk).update(at=at)
        if not agreed or i % 3 == 2:
            return
        doel = plan.doelen.first()
        tool = instruments.get(doel.leefgebied) if doel else None
        if tool is None:
            return
        # The first client (the portal login `klant`) has a running traject.
        closed = i % 6 == 0 and i > 0
        traject = Traject.objects.create(
            client=client,
            instrument=tool,
            aanbieder=tool.aanbieder,
            doel=doel,
            reason="Past bij het doel uit het plan; de cliënt wil dit zelf ook.",
            status=TrajectStatus.AFGEROND if closed else TrajectStatus.LOPEND,
            started_on=today - timedelta(days=70),
            planned_end=today + timedelta(days=30),
            ended_on=today - timedelta(days=5) if closed else None,
            end_report="Cliënt deed goed mee en heeft een vast ritme." if closed else "",
            result=TrajectResult.DOEL_BEREIKT if closed else "",
            created_by=coach,
        )
        if not closed:
            self._progress_reports(traject, coach, today)

    def _progress_reports(self, traject, coach, today):
        """Two four-weekly reports on a running traject, by the provider's user when there is one."""
        author = User.objects.filter(role=Role.AANBIEDER, aanbieder=traject.aanbieder_id).first() or coach
        texts = [
            "De cliënt komt elke afgesproken dag, op tijd, leert het werk snel en vraagt zelf om uitleg.",
            "De cliënt werkt nu zelfstandig aan eenvoudige taken. Het volgende doel is een vaste plek in het team.",
        ]
        for n, text in enumerate(texts):
            start = traject.started_on + timedelta(days=28 * n)
            report = Voortgangsrapportage.objects.create(
                traject=traject, author=author, period_start=start, period_end=start + timedelta(days=27), text=text
            )
            # Written the working day after its period (never in the future): the timeline shows that day.
            written = timezone.make_aware(
                datetime.combine(working_day(report.period_end + timedelta(days=1)), time(10))
            )
            Voortgangsrapportage.objects.filter(pk=report.pk).update(created_at=min(written, timezone.now()))

    def _zaken(self, staff):
        """Complaints, a provider's signal and a sanction, so the Zaken pages have something to show."""
        from klachten.demo import seed_zaken

        mine = list(Client.objects.filter(coach=staff["coach"]).order_by("client_number")[1:6])
        running = Traject.objects.filter(
            aanbieder__name=AANBIEDERS[0][0], status=TrajectStatus.LOPEND, client__coach=staff["coach"]
        )
        signal_client = Client.objects.filter(pk__in=running.values("client_id")).order_by("client_number").first()
        seed_zaken(
            coach=staff["coach"],
            teamleider=staff["teamleider"],
            aanbieder_user=User.objects.get(username="aanbieder"),
            clients=mine,
            signal_client=signal_client,
            klant_client=Client.objects.filter(user__username="klant").first(),
        )

    def _portal_account(self, staff):
        client = Client.objects.filter(coach=staff["coach"]).order_by("client_number").first()
        klant = self._user(
            "klant", first=client.first_name, last=client.last_name, role=Role.CLIENT, email=client.email
        )
        if client.user_id is None:
            Client.objects.filter(pk=client.pk).update(user=klant)
