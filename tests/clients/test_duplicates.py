"""Duplicate detection at registration and "Bedoelt u …?" on the caseload search."""

from datetime import date

import pytest
from django.urls import reverse

from clients import duplicates
from clients.models import Client
from tests.auth import login
from tests.factories import ClientFactory, bsn_for

pytestmark = pytest.mark.django_db

BORN = date(1980, 4, 1)


def registration(**extra):
    return {
        "first_name": "Piet",
        "name_prefix": "de",
        "last_name": "Vries",
        "bsn": bsn_for(4242),
        "date_of_birth": BORN.isoformat(),
        "preferred_language": "Nederlands",
        "status": "aangemeld",
        "email": "piet@example.org",
        **extra,
    }


@pytest.fixture(params=["pg_trgm", "difflib"])
def backend(request, monkeypatch, require_postgres):
    """Each rule on PostgreSQL (pg_trgm) and with the Python fallback that `make run` (SQLite) uses."""
    if request.param == "difflib":
        monkeypatch.setattr(duplicates, "_postgres", lambda: False)
    return request.param


def test_same_birth_date_and_a_similar_name_warns_before_anything_is_saved(client, coach, backend):
    own = ClientFactory(coach=coach, first_name="Piet", name_prefix="", last_name="de Vries", date_of_birth=BORN)
    login(client, coach)
    response = client.post(reverse("clients:client-create"), registration())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Is deze cliënt misschien al aangemeld?" in html
    assert own.full_name in html and "1 april 1980" in html
    # What was typed is still there; nothing was stored.
    assert 'value="Piet"' in html and 'value="piet@example.org"' in html
    assert Client.objects.count() == 1
    # Confirmed: registered.
    response = client.post(reverse("clients:client-create"), registration(toch_aanmelden="1"))
    assert response.status_code == 302 and Client.objects.count() == 2


def test_a_different_name_or_birth_date_is_no_duplicate(client, coach, backend):
    ClientFactory(coach=coach, first_name="Fatima", last_name="Bakkali", date_of_birth=BORN)
    ClientFactory(coach=coach, first_name="Piet", last_name="de Vries", date_of_birth=date(1981, 4, 1))
    login(client, coach)
    response = client.post(reverse("clients:client-create"), registration())
    assert response.status_code == 302


def test_the_same_address_warns_too(client, coach, backend):
    ClientFactory(coach=coach, first_name="Anna", last_name="Smit", postcode="3011 AB", house_number="12a")
    login(client, coach)
    response = client.post(reverse("clients:client-create"), registration(postcode="3011ab", house_number="12A"))
    assert response.status_code == 200 and "Anna Smit" in response.content.decode()


def test_a_candidate_outside_the_policy_is_mentioned_without_personal_data(client, coach, other_coach, backend):
    other = ClientFactory(coach=other_coach, first_name="Piet", last_name="de Vries", date_of_birth=BORN)
    login(client, coach)
    response = client.post(reverse("clients:client-create"), registration())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is mogelijk al een inschrijving bij een ander team" in html
    assert other.bsn not in html and str(other.pk) not in html and other_coach.last_name not in html
    assert Client.objects.count() == 1


def test_the_bsn_stays_unique_even_when_confirmed(client, coach):
    existing = ClientFactory(coach=coach, bsn=bsn_for(4242))
    login(client, coach)
    response = client.post(reverse("clients:client-create"), registration(toch_aanmelden="1"))
    assert response.status_code == 200
    assert Client.objects.get() == existing


def test_caseload_search_that_finds_nothing_offers_close_names_within_the_policy(
    client, coach, other_coach, backend, django_assert_max_num_queries
):
    own = ClientFactory(coach=coach, first_name="Mohamed", last_name="El Amrani")
    ClientFactory(coach=other_coach, first_name="Mohammed", last_name="Amrani")
    login(client, coach)
    client.post(reverse("clients:caseload"), {"q": "Amrany"})
    with django_assert_max_num_queries(12):
        response = client.get(reverse("clients:caseload"))
    html = response.content.decode()
    assert "Bedoelt u:" in html and own.full_name in html
    assert "Mohammed Amrani" not in html
