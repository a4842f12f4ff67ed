"""Demo data for Werk zoeken: a few vacancies, one werkgeversdienstverlener, some consents. Idempotent."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from clients.models import Client
from intake.models import Beroep

from .models import Vacature, Zichtbaarheid

# employer, occupation, title, hours min–max, place, contract, licence, Dutch, places, support
VACATURES = [
    # A large request: "40 verkoopmedewerkers" for a new supermarket (see the overview page).
    (
        "Supermarkt Voordeel",
        "Verkoopmedewerker winkel",
        "Verkoopmedewerker nieuwe vestiging",
        24,
        32,
        "Voorbeeldstad-Zuid",
        "tijdelijk",
        False,
        "b1",
        40,
        {"offers_jobcoach": True},
    ),
    ("Distributiecentrum Noord", "Magazijnmedewerker", "", 16, 38, "Voorbeeldstad-Noord", "uitzend", True, "a1", 5, {}),
    (
        "Zorgcentrum De Linde",
        "Helpende zorg en welzijn",
        "Helpende (leer-werkplek)",
        16,
        24,
        "Voorbeeldstad",
        "tijdelijk",
        False,
        "a2",
        3,
        {"loonkostensubsidie_possible": True, "garantiebaan": True},
    ),
]


def seed_vacatures(staff):
    """Make `coach` a werkgeversdienstverlener, record the demo vacancies, and let a few clients be findable."""
    coach = staff["coach"]
    coach.user_permissions.add(Permission.objects.get(content_type__app_label="vacatures", codename="manage_vacature"))
    for employer, occupation, title, low, high, place, contract, licence, dutch, places, support in VACATURES:
        Vacature.objects.get_or_create(
            employer_name=employer,
            beroep=Beroep.objects.get_or_create(name=occupation)[0],
            defaults={
                "title": title,
                "hours_min": low,
                "hours_max": high,
                "location": place,
                "region": "Voorbeeldstad e.o.",
                "contract": contract,
                "needs_driving_licence": licence,
                "min_dutch_level": dutch,
                "places": places,
                "closes_on": timezone.localdate() + timedelta(days=45),
                "created_by": coach,
                **support,
            },
        )
    # Every third client of another coach agreed, and so did their coach: findable across caseloads.
    now = timezone.now()
    others = Client.objects.exclude(coach=coach).filter(status="actief").order_by("client_number")
    for client in list(others)[::3]:
        Zichtbaarheid.objects.get_or_create(
            client=client,
            defaults={"client_consent_at": now, "coach_consent_at": now, "coach_consent_by": client.coach},
        )
