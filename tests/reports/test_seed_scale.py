"""The scale generator keeps working: a small run fills every table the dashboard reads."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.test import override_settings

from clients.models import Client, Overdracht
from intake.models import Intake
from klachten.models import Maatregel, Zaak
from reintegratie.accounts.models import Role, User
from reintegratie.reports import kpi
from reintegratie.reports.forms import default_period
from trajecten.models import Plan, Traject, Uitstroom

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_seed_scale_fills_a_small_municipality_in_proportion():
    call_command("seed_scale", clients=200)
    assert Client.objects.count() == 200
    # 50 clients per coach: 4 coaches, one team with one teamleider.
    assert User.objects.filter(role=Role.WERKCOACH).count() == 4
    leider = User.objects.get(role=Role.TEAMLEIDER)
    assert Overdracht.objects.filter(from_coach__isnull=True).count() == 200
    assert Intake.objects.exists() and Plan.objects.exists() and Traject.objects.exists()
    assert Uitstroom.objects.exists()
    assert Zaak.objects.filter(soort="klacht").exists() and Zaak.objects.filter(soort="maatregel").exists()
    # An imposed sanction says how much, for how long and from when, as the decide service stores it
    # (the zaak page of one without a duration answered 500).
    imposed = Maatregel.objects.filter(zaak__status="opgelegd")
    assert imposed.exists()
    assert not imposed.filter(Q(percentage=None) | Q(duration_months=None) | Q(starts_on=None)).exists()
    data = kpi.dashboard(Client.objects.visible_to(leider), default_period())
    assert sum(row["total"] for row in data["caseload"]) == 200
    with pytest.raises(CommandError):
        call_command("seed_scale", clients=10)


@override_settings(DEBUG=False)
def test_seed_scale_refuses_without_debug_or_yes():
    with pytest.raises(CommandError):
        call_command("seed_scale", clients=10)
    assert not Client.objects.exists()
