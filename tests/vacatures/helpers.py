"""Build vacancies, profiles and voordrachten for the Werk zoeken tests (and the access matrix)."""

from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.utils import timezone

from intake.models import Beroep, Intake
from reintegratie.vacatures.models import Vacature, Voordracht, VoordrachtStatusChange, Zichtbaarheid


def request_as(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def beroep(name="Kok"):
    return Beroep.objects.get_or_create(name=name)[0]


def make_manager(user):
    """Give a werkcoach or teamleider the werkgeversdienstverlener task."""
    user.user_permissions.add(Permission.objects.get(content_type__app_label="vacatures", codename="manage_vacature"))
    # Django caches permissions on the instance.
    for cache in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


def vacature(created_by, **extra):
    defaults = {
        "employer_name": "Restaurant De Haven",
        "beroep": beroep(),
        "hours_min": 24,
        "hours_max": 32,
        "location": "Voorbeeldstad",
        "contract": "tijdelijk",
        "places": 2,
    }
    return Vacature.objects.create(created_by=created_by, **{**defaults, **extra})


def profile(client, *, occupations=("Kok",), hours=None, hours_available=None, dutch="", licence=None, limits=""):
    """A completed intake with this work picture."""
    intake = Intake.objects.create(
        client=client,
        kind="eerste",
        status="afgerond",
        completed_at=timezone.now(),
        created_by=client.coach,
        target_hours=hours,
        hours_available=hours_available,
        dutch_level=dutch,
        driving_licence=licence,
        functional_limits=limits,
    )
    intake.target_occupations.set([beroep(name) for name in occupations])
    return intake


def consent(client, *, by_client=True, by_coach=True):
    """Set both consents directly (the services are tested on their own)."""
    now = timezone.now()
    return Zichtbaarheid.objects.update_or_create(
        client=client,
        defaults={
            "client_consent_at": now if by_client else None,
            "coach_consent_at": now if by_coach else None,
            "coach_consent_by": client.coach if by_coach else None,
        },
    )[0]


def matrix_vacature(world):
    """One open vacancy for the access matrix (vacancies are not client data)."""
    existing = Vacature.objects.order_by("pk").first()
    return existing or vacature(world["users"]["coach"])


def voordracht(vacature_obj, client, by=None):
    item = Voordracht.objects.create(vacature=vacature_obj, client=client, by=by or client.coach)
    VoordrachtStatusChange.objects.create(voordracht=item, from_status="", to_status="voorgedragen", by=item.by)
    return item


def matrix_voordracht(world, key):
    client = world[key]
    existing = Voordracht.objects.filter(client=client).first()
    return existing or voordracht(matrix_vacature(world), client)
