"""The page benchmark's full client file (``reintegratie/demo/full_file.py``): a file of a year, made once."""

import pytest

from reintegratie.accounts.models import Aanbieder
from reintegratie.demo.full_file import full_client, full_file_ensure
from reintegratie.documents.models import BriefStatus
from trajecten.models import Instrument

pytestmark = pytest.mark.django_db


def _counts(client):
    return {
        "afspraken": client.afspraken.count(),
        "missed": client.afspraken.filter(outcome="niet_verschenen").count(),
        "contactmomenten": client.contactmomenten.count(),
        "brieven": client.brieven.count(),
        "berichten": client.berichten.count(),
        "documenten": client.documents.count(),
        "taken": client.taken.count(),
        "zaken": client.zaken.count(),
        "trajecten": client.trajecten.exclude(aanbieder=None).count(),
        "treden": client.treden.count(),
    }


def test_the_full_file_holds_a_year_and_is_made_once(coach, colleague, teamleider, django_capture_on_commit_callbacks):
    aanbieder = Aanbieder.objects.create(name="WerkPlus", kvk_number="40123456")
    for category in ("werk_opleiding", "financien"):  # the leefgebieden the plan's goals are about
        Instrument.objects.create(name=f"Traject {category}", category=category, aanbieder=aanbieder)
    with django_capture_on_commit_callbacks(execute=True):
        client = full_file_ensure(coach, teamleider)
    assert full_client(coach) == client
    counts = _counts(client)
    assert counts == {
        "afspraken": 5,
        "missed": 1,
        "contactmomenten": 6,
        "brieven": 7,
        "berichten": 3,
        "documenten": 2,
        "taken": 1,
        "zaken": 2,
        "trajecten": 1,
        "treden": 2,
    }
    assert not client.brieven.exclude(status=BriefStatus.KLAAR).exists()
    assert client.plans.get().doelen.count() >= 1

    # A rerun against the kept database finds the file and adds nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert full_file_ensure(coach, teamleider) == client
    assert _counts(client) == counts
