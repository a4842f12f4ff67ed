"""Fill the database with a large fictional municipality, for the reports benchmark.

    manage.py seed_scale --clients 40000

Coaches, teams and providers grow with the number of clients (about 50 clients
per coach, 12 coaches per team). Every client gets a first assignment, and in
proportion: handovers, contacts, intakes, steps, a plan with goals and
actions, trajecten and outflow with follow-ups. Rows go in with bulk_create in
batches. Refuses to run unless DEBUG is on or --yes is given, and refuses a
database that already holds scale data.
"""

import math
import random
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from clients.models import Client, Contactmoment, Overdracht
from clients.numbers import CLIENT_NUMBER_START, client_number_sync
from intake.models import Intake, Trede
from klachten.models import Bezwaar, Klacht, Maatregel, SanctieRegel, Zaak
from reintegratie.accounts.models import Aanbieder, Role, Team, User
from trajecten.models import Actie, Doel, Instrument, Plan, PlanStatusChange, Traject, Uitstroom

BATCH = 5000
PER_COACH = 50
COACHES_PER_TEAM = 12
TEAM_PREFIX = "Schaal"
FIRST_NAMES = ["Anna", "Mohamed", "Sanne", "Kevin", "Fatima", "Jan", "Emma", "Yusuf", "Lisa", "Daan", "Noor", "Bram"]
LAST_NAMES = ["Jansen", "de Vries", "Bakker", "El Amrani", "Visser", "Smit", "Yilmaz", "Meijer", "de Boer", "Mulder"]
INSTRUMENTS = [
    ("Werkfit", "werk_opleiding"),
    ("Sollicitatietraining", "werk_opleiding"),
    ("Taal op de werkvloer", "werk_opleiding"),
    ("Schuldhulp op maat", "financien"),
    ("Werkervaringsplek", "werk_opleiding"),
    ("Jobcoaching", "werk_opleiding"),
    ("Vrijwilligerswerk met begeleiding", "tijdsbesteding"),
    ("Budgetcursus", "financien"),
]


def bsn_series(start):
    """Yield valid BSNs (elfproef) counting up from an 8-digit start."""
    base = start
    while True:
        digits = f"{base:08d}"
        check = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
        if check <= 9:
            yield digits + str(check)
        base += 1


@contextmanager
def manual_timestamps(*fields):
    """Let bulk_create keep the timestamps we set, instead of 'now' (auto_now_add)."""
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _field(model, name):
    return model._meta.get_field(name)


class Command(BaseCommand):
    help = "Fill the database with a large fictional municipality (for the reports benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=40000)
        parser.add_argument("--seed", type=int, default=9)
        parser.add_argument("--yes", action="store_true", help="run even when DEBUG is off")

    def handle(self, *args, clients, seed, yes, **options):
        if not (settings.DEBUG or yes):
            raise CommandError("seed_scale fills the database with fictional data: set DJANGO_DEBUG or pass --yes.")
        if Team.objects.filter(name__startswith=TEAM_PREFIX).exists():
            raise CommandError("This database already holds scale data; use a fresh database.")
        self.rng = random.Random(seed)  # noqa: S311 - fictional data, not security
        self.today = timezone.localdate()
        timestamps = [
            _field(Client, "created_at"),
            _field(Intake, "created_at"),
            _field(Trede, "created_at"),
            _field(Plan, "created_at"),
            _field(PlanStatusChange, "at"),
            _field(Traject, "created_at"),
            _field(Uitstroom, "created_at"),
            _field(Contactmoment, "created_at"),
        ]
        with manual_timestamps(*timestamps), transaction.atomic():
            counts = self._seed(clients)
        if connection.vendor == "postgresql":
            # Fresh statistics: without them the planner guesses, and JIT-compiles small queries for seconds.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(", ".join(f"{name}: {n}" for name, n in counts.items()))

    def moment(self, day, hour=10):
        return timezone.make_aware(datetime.combine(day, time(hour, self.rng.randrange(60))))

    def days_ago(self, low, high):
        return self.today - timedelta(days=self.rng.randint(low, high))

    def _seed(self, n_clients):
        rng = self.rng
        n_coaches = max(1, math.ceil(n_clients / PER_COACH))
        n_teams = max(1, math.ceil(n_coaches / COACHES_PER_TEAM))
        teams = Team.objects.bulk_create([Team(name=f"{TEAM_PREFIX} {i + 1}") for i in range(n_teams)])
        password = "!unusable"  # noqa: S105 - an unusable hash: nobody logs in as a scale user
        users = [
            User(
                username=f"schaal_leider_{i + 1}",
                first_name="Teamleider",
                last_name=str(i + 1),
                role=Role.TEAMLEIDER,
                team=team,
                password=password,
            )
            for i, team in enumerate(teams)
        ]
        users += [
            User(
                username=f"schaal_coach_{i + 1}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                role=Role.WERKCOACH,
                team=teams[i % n_teams],
                password=password,
            )
            for i in range(n_coaches)
        ]
        users = User.objects.bulk_create(users)
        coaches = [u for u in users if u.role == Role.WERKCOACH]
        providers = Aanbieder.objects.bulk_create(
            [Aanbieder(name=f"Schaal aanbieder {i + 1}") for i in range(max(2, min(12, n_coaches // 10)))]
        )
        instruments = Instrument.objects.bulk_create(
            [
                Instrument(name=f"{name} (schaal {i + 1})", category=category, aanbieder=providers[i % len(providers)])
                for i, (name, category) in enumerate(INSTRUMENTS * 2)
            ]
        )
        first_number = max(Client.objects.aggregate(m=Max("client_number"))["m"] or 0, CLIENT_NUMBER_START)
        bsns = bsn_series(91000000)
        existing = set(Client.objects.values_list("bsn", flat=True))
        clients = []
        for i in range(n_clients):
            bsn = next(bsns)
            while bsn in existing:
                bsn = next(bsns)
            created = self.moment(self.days_ago(30, 3 * 365))
            clients.append(
                Client(
                    client_number=first_number + i + 1,
                    bsn=bsn,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    date_of_birth=self.today - timedelta(days=rng.randint(18 * 365, 66 * 365)),
                    benefit_start=created.date() - timedelta(days=rng.randint(0, 400)),
                    status=rng.choices(["actief", "aangemeld", "uitgestroomd"], [80, 8, 12])[0],
                    service_route=rng.choice(
                        [
                            "direct_naar_werk",
                            "intensief",
                            "arbeidsperspectief_ontdekken",
                            "maatschappelijke_participatie",
                        ]
                    ),
                    coach=coaches[i % n_coaches],
                    created_at=created,
                )
            )
        clients = Client.objects.bulk_create(clients, batch_size=BATCH)
        client_number_sync()
        counts = {"teams": n_teams, "coaches": n_coaches, "clients": len(clients)}
        counts.update(self._history(clients, coaches))
        counts.update(self._intakes_and_steps(clients))
        counts.update(self._plans(clients))
        counts.update(self._trajecten(clients, instruments))
        counts.update(self._zaken(clients))
        return counts

    def _history(self, clients, coaches):
        rng = self.rng
        handovers, contacts = [], []
        for client in clients:
            handovers.append(
                Overdracht(
                    client=client,
                    to_coach=client.coach,
                    at=client.created_at,
                    reason="eerste_toewijzing",
                    created_by=client.coach,
                )
            )
            if rng.random() < 0.15:
                other = rng.choice(coaches)
                if other.pk != client.coach_id:
                    handovers.append(
                        Overdracht(
                            client=client,
                            from_coach=other,
                            to_coach=client.coach,
                            at=self.moment(self.days_ago(1, 365)),
                            reason="herverdeling",
                            note="Warme overdracht besproken.",
                            created_by=client.coach,
                        )
                    )
            for _ in range(rng.randint(1, 5)):
                moment = self.moment(self.days_ago(1, 700))
                contacts.append(
                    Contactmoment(
                        client=client,
                        author=client.coach,
                        at=moment,
                        created_at=moment,
                        channel=rng.choice(["kantoor", "telefoon", "video"]),
                        summary="Gesprek over de voortgang.",
                    )
                )
        Overdracht.objects.bulk_create(handovers, batch_size=BATCH)
        Contactmoment.objects.bulk_create(contacts, batch_size=BATCH)
        return {"overdrachten": len(handovers), "contactmomenten": len(contacts)}

    def _intakes_and_steps(self, clients):
        rng = self.rng
        intakes, steps = [], []
        for client in clients:
            if rng.random() < 0.85:
                started = self.moment(self.days_ago(20, 700))
                intakes.append(
                    Intake(
                        client=client,
                        kind="eerste",
                        status="afgerond",
                        created_at=started,
                        completed_at=started + timedelta(days=rng.randint(1, 45), hours=rng.randint(0, 8)),
                        created_by=client.coach,
                        ladder_now=rng.randint(1, 5),
                    )
                )
            step = rng.randint(1, 4)
            for k in range(rng.randint(0, 3)):
                steps.append(
                    Trede(
                        client=client,
                        on=self.days_ago(1 + k * 200, 199 + k * 200),
                        step=step,
                        created_by=client.coach,
                        created_at=timezone.now(),
                    )
                )
                step = min(6, max(1, step + rng.choice([-1, 0, 1, 1])))
        Intake.objects.bulk_create(intakes, batch_size=BATCH)
        Trede.objects.bulk_create(steps, batch_size=BATCH)
        return {"intakes": len(intakes), "treden": len(steps)}

    def _plans(self, clients):
        rng = self.rng
        plans = []
        for client in clients:
            roll = rng.random()
            if roll > 0.8:
                continue
            created = self.moment(self.days_ago(30, 600))
            status = "akkoord" if roll < 0.6 else ("voorgelegd" if roll < 0.72 else "concept")
            proposed = created + timedelta(days=rng.randint(1, 10)) if status != "concept" else None
            agreed = proposed + timedelta(days=rng.randint(0, 30)) if status == "akkoord" else None
            plans.append(
                Plan(
                    client=client,
                    version=1,
                    status=status,
                    proposed_at=proposed,
                    agreed_at=agreed,
                    agreed_how="portaal" if agreed else "",
                    evaluate_on=self.today + timedelta(days=rng.randint(-30, 120)),
                    created_by=client.coach,
                    created_at=created,
                )
            )
        plans = Plan.objects.bulk_create(plans, batch_size=BATCH)
        history = [
            PlanStatusChange(
                plan=p, from_status="concept", to_status="voorgelegd", at=p.proposed_at, by_id=p.created_by_id
            )
            for p in plans
            if p.proposed_at
        ]
        PlanStatusChange.objects.bulk_create(history, batch_size=BATCH)
        doelen = Doel.objects.bulk_create(
            [Doel(plan=p, leefgebied="werk_opleiding", text="Betaald werk vinden") for p in plans], batch_size=BATCH
        )
        acties = []
        for doel in doelen:
            for owner in ("client", "werkcoach"):
                acties.append(
                    Actie(
                        doel=doel,
                        text="Volgende stap zetten",
                        owner=owner,
                        due=self.today + timedelta(days=rng.randint(-60, 90)),
                        status=rng.choices(["open", "gedaan"], [60, 40])[0],
                    )
                )
        Actie.objects.bulk_create(acties, batch_size=BATCH)
        return {"plannen": len(plans), "doelen": len(doelen), "acties": len(acties)}

    def _trajecten(self, clients, instruments):
        rng = self.rng
        trajecten, outflow = [], []
        for client in clients:
            for _ in range(rng.choices([0, 1, 2], [45, 40, 15])[0]):
                instrument = rng.choice(instruments)
                started = self.days_ago(10, 700)
                status = rng.choices(["lopend", "afgerond", "voortijdig_beeindigd", "aangemeld"], [40, 40, 12, 8])[0]
                ended = None
                extra = {}
                if status in ("afgerond", "voortijdig_beeindigd"):
                    ended = min(self.today, started + timedelta(days=rng.randint(30, 180)))
                    extra = {
                        "end_report": "Eindrapportage van de aanbieder.",
                        "result": rng.choice(["doel_bereikt", "deels_bereikt", "niet_bereikt", "werk"]),
                    }
                    if status == "voortijdig_beeindigd":
                        extra["early_end_reason"] = "Gestopt op verzoek van de cliënt."
                trajecten.append(
                    Traject(
                        client=client,
                        instrument=instrument,
                        aanbieder_id=instrument.aanbieder_id,
                        reason="Past bij het doel in het plan.",
                        status=status,
                        started_on=None if status == "aangemeld" else started,
                        planned_end=started + timedelta(weeks=12),
                        ended_on=ended,
                        created_by=client.coach,
                        created_at=self.moment(started),
                        **extra,
                    )
                )
        trajecten = Traject.objects.bulk_create(trajecten, batch_size=BATCH)
        work_trajecten = {t.client_id: t for t in trajecten if t.result == "werk"}
        for client in clients:
            if client.status != "uitgestroomd" and client.pk not in work_trajecten:
                continue
            on = self.days_ago(1, 700)
            kind = rng.choices(["werk_voltijd", "werk_deeltijd", "opleiding", "anders"], [40, 40, 10, 10])[0]
            age = (self.today - on).days
            f6 = rng.choices(["nog_uit", "terug", "onbekend"], [75, 20, 5])[0] if age >= 183 else ""
            f12 = rng.choices(["nog_uit", "terug", "onbekend"], [80, 15, 5])[0] if age >= 365 and f6 != "terug" else ""
            outflow.append(
                Uitstroom(
                    client=client,
                    on=on,
                    kind=kind,
                    contract=rng.choice(["vast", "tijdelijk", "uitzend"]) if kind.startswith("werk") else "geen",
                    hours=rng.randint(12, 40) if kind.startswith("werk") else None,
                    traject=work_trajecten.get(client.pk),
                    followup_6=f6,
                    followup_12=f12,
                    created_by=client.coach,
                    created_at=self.moment(on),
                )
            )
        Uitstroom.objects.bulk_create(outflow, batch_size=BATCH)
        return {"trajecten": len(trajecten), "uitstroom": len(outflow)}

    def _zaken(self, clients):
        """Complaints (3 %), sanctions (5 %) and objections against a third of the imposed sanctions."""
        rng = self.rng
        rules = SanctieRegel.objects.bulk_create(
            [
                SanctieRegel(
                    gemeente="Schaalstad",
                    code=f"schaal-{code}",
                    name=name,
                    description="Gedraging in gewone woorden.",
                    legal_basis="Afstemmingsverordening",
                    percentage=percentage,
                    duration_months=1,
                    valid_from=self.today - timedelta(days=5 * 365),
                )
                for code, name, percentage in [
                    ("afspraak", "Niet op een afspraak komen", 20),
                    ("solliciteren", "Te weinig solliciteren", 30),
                    ("traject", "Niet meewerken aan een traject", 50),
                ]
            ]
        )
        zaken = []
        for client in clients:
            roll = rng.random()
            if roll >= 0.08:
                continue
            soort = "klacht" if roll < 0.03 else "maatregel"
            received = self.days_ago(5, 700)
            decided = received + timedelta(days=rng.randint(5, 60))
            if decided > self.today:
                decided = None
            if soort == "klacht":
                status = "afgehandeld" if decided else "in_behandeling"
            else:
                status = rng.choice(["opgelegd", "waarschuwing", "geen_maatregel"]) if decided else "voornemen"
            zaken.append(
                Zaak(
                    client=client,
                    soort=soort,
                    status=status,
                    received_on=received,
                    decided_on=decided,
                    motivation="Besluit met redenen." if decided else "",
                    created_by=client.coach,
                )
            )
        zaken = Zaak.objects.bulk_create(zaken, batch_size=BATCH)
        klachten, maatregelen, bezwaren = [], [], []
        for zaak in zaken:
            if zaak.soort == "klacht":
                klachten.append(
                    Klacht(
                        zaak=zaak,
                        category=rng.choice(["bejegening", "bereikbaarheid", "brieven", "maatwerk"]),
                        description="Wat er gebeurde.",
                    )
                )
                continue
            imposed = zaak.status == "opgelegd"
            maatregelen.append(
                Maatregel(
                    zaak=zaak,
                    rule=rng.choice(rules),
                    breach_on=zaak.received_on,
                    breach_description="Gedraging.",
                    zienswijze_on=zaak.received_on + timedelta(days=7) if rng.random() < 0.6 else None,
                    culpability="volledig" if imposed else "",
                    # What the decide service stores for an imposed sanction: all three, or the zaak page
                    # cannot say for how long (it answered 500 for these zaken before).
                    percentage=20 if imposed else None,
                    duration_months=1 if imposed else None,
                    starts_on=zaak.decided_on if imposed else None,
                )
            )
            if imposed and zaak.decided_on and rng.random() < 0.33:
                received = zaak.decided_on + timedelta(days=rng.randint(1, 40))
                decided = received + timedelta(days=rng.randint(20, 90))
                done = decided <= self.today
                bezwaren.append(
                    (
                        Zaak(
                            client_id=zaak.client_id,
                            soort="bezwaar",
                            status="afgehandeld" if done else "in_behandeling",
                            received_on=received,
                            decided_on=decided if done else None,
                            motivation="Beslissing op bezwaar." if done else "",
                            created_by_id=zaak.created_by_id,
                        ),
                        zaak,
                        rng.choice(["gegrond", "ongegrond", "ongegrond", "niet_ontvankelijk"]) if done else "",
                    )
                )
        Klacht.objects.bulk_create(klachten, batch_size=BATCH)
        Maatregel.objects.bulk_create(maatregelen, batch_size=BATCH)
        objection_zaken = Zaak.objects.bulk_create([z for z, _against, _o in bezwaren], batch_size=BATCH)
        Bezwaar.objects.bulk_create(
            [
                Bezwaar(
                    zaak=zaak,
                    against=against,
                    grounds="Niet eens met het besluit.",
                    decision_sent_on=against.decided_on,
                    term_end=against.decided_on + timedelta(weeks=6),
                    outcome=outcome,
                )
                for zaak, (_z, against, outcome) in zip(objection_zaken, bezwaren, strict=True)
            ],
            batch_size=BATCH,
        )
        return {"klachten": len(klachten), "maatregelen": len(maatregelen), "bezwaren": len(bezwaren)}
