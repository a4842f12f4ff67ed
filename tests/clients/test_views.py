from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import Afspraak, Client, Contactmoment, Overdracht
from reintegratie.audit.models import AccessLog
from tests.auth import login
from tests.factories import AfspraakFactory, ClientFactory, ContactmomentFactory, bsn_for

pytestmark = pytest.mark.django_db

CASELOAD = reverse("clients:caseload")


def search(client, **data):
    """Search the caseload the way the page does: POST, then follow the redirect."""
    response = client.post(CASELOAD, data)
    assert response.status_code == 302
    return response, client.get(response["Location"])


def names(response):
    return [c.last_name for c in response.context["page"].object_list]


@pytest.fixture
def caseload(coach):
    ClientFactory(coach=coach, first_name="Piet", last_name="Aalders", bsn=bsn_for(1001), client_number=700001)
    ClientFactory(coach=coach, first_name="Fatima", last_name="Yilmaz", bsn=bsn_for(1002), client_number=700002)
    ClientFactory(
        coach=coach,
        first_name="Jan",
        last_name="Molenaar",
        bsn=bsn_for(1003),
        client_number=700003,
        status="aangemeld",
        service_route="intensief",
    )
    return coach


def test_coach_sees_only_own_clients(client, caseload, foreign_client):
    login(client, caseload)
    response = client.get(CASELOAD)
    assert sorted(names(response)) == ["Aalders", "Molenaar", "Yilmaz"]
    assert foreign_client.last_name not in response.content.decode()


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("yilm", ["Yilmaz"]),
        ("Piet Aalders", ["Aalders"]),
        (bsn_for(1003), ["Molenaar"]),
        (f"{bsn_for(1003)[:3]}.{bsn_for(1003)[3:6]}.{bsn_for(1003)[6:]}", ["Molenaar"]),
        ("700002", ["Yilmaz"]),
        ("onbekend", []),
        ("12", []),
    ],
)
def test_search_by_name_bsn_or_client_number(client, caseload, term, expected):
    login(client, caseload)
    _, response = search(client, q=term)
    assert names(response) == expected


def test_search_term_never_appears_in_a_url(client, caseload):
    login(client, caseload)
    redirect, response = search(client, q=bsn_for(1003))
    assert bsn_for(1003) not in redirect["Location"]
    assert "q=" not in redirect["Location"]
    # The term is kept in the field for the user.
    assert response.context["form"].initial["q"] == bsn_for(1003)


def test_search_can_be_cleared(client, caseload):
    login(client, caseload)
    search(client, q="yilm")
    _, response = search(client, reset="1")
    assert len(names(response)) == 3


def test_filters_on_status_and_route(client, caseload):
    login(client, caseload)
    _, response = search(client, status="aangemeld")
    assert names(response) == ["Molenaar"]
    _, response = search(client, service_route="intensief")
    assert names(response) == ["Molenaar"]


def test_sorting_by_name_descending_and_unknown_sort_falls_back(client, caseload):
    login(client, caseload)
    assert names(client.get(CASELOAD + "?sort=-naam")) == ["Yilmaz", "Molenaar", "Aalders"]
    assert names(client.get(CASELOAD + "?sort=drop+table")) == ["Aalders", "Molenaar", "Yilmaz"]


def test_caseload_shows_next_afspraak_and_last_contact(client, coach):
    person = ClientFactory(coach=coach)
    soon = timezone.now() + timedelta(days=2)
    AfspraakFactory(client=person, starts_at=soon)
    AfspraakFactory(client=person, starts_at=soon + timedelta(days=5))
    AfspraakFactory(client=person, geweest=True)
    ContactmomentFactory(client=person, at=timezone.now() - timedelta(days=10))
    latest = ContactmomentFactory(client=person, at=timezone.now() - timedelta(days=1))
    login(client, coach)
    row = client.get(CASELOAD).context["page"].object_list[0]
    assert abs(row.next_afspraak_at - soon) < timedelta(seconds=1)
    assert row.last_contact_at == latest.at


def test_caseload_is_paginated(client, coach):
    ClientFactory.create_batch(30, coach=coach)
    login(client, coach)
    first = client.get(CASELOAD)
    second = client.get(CASELOAD + "?page=2")
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow_caseload(coach, n):
    for person in ClientFactory.create_batch(n, coach=coach):
        AfspraakFactory(client=person)
        ContactmomentFactory(client=person)


def test_caseload_query_count_does_not_grow_with_the_caseload(client, coach):
    _grow_caseload(coach, 3)
    login(client, coach)
    small = _queries(client, CASELOAD)
    _grow_caseload(coach, 40)
    assert _queries(client, CASELOAD) == small <= 12


def _grow_history(person, n):
    for _ in range(n):
        AfspraakFactory(client=person)
        AfspraakFactory(client=person, geweest=True)
        ContactmomentFactory(client=person)


def test_client_file_query_count_does_not_grow_with_history(client, coach):
    person = ClientFactory(coach=coach)
    _grow_history(person, 1)
    login(client, coach)
    url = reverse("clients:client-detail", kwargs={"client_id": person.pk})
    # Once per connection (clients.compiled_batch): each read alone, then the names of their types.
    for _ in range(2):
        _queries(client, url)
    small = _queries(client, url)
    _grow_history(person, 25)
    # Fixed per section (coach, history, contacts, appointments, intake, ladder, plan, trajecten); the
    # lists the client has nothing in are probed with the client and cost no query (letters, the
    # client's questions, berichten, documents, zaken, outflow, the work profile's visibility). On
    # PostgreSQL the reads that can wait for each other are joined: history, intake, ladder, plan and
    # trajecten in two round trips instead of seven.
    joined = 5 if connection.vendor == "postgresql" else 0
    assert (_queries(client, url), small) == (15 - joined, 15 - joined)


def test_opening_a_client_file_writes_the_access_log(client, coach, client_obj):
    login(client, coach)
    client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk}), REMOTE_ADDR="10.9.8.7")
    log = AccessLog.objects.get(client=client_obj, action="view")
    assert (log.user, log.role, log.result, log.ip) == (coach, "werkcoach", "allowed", "10.9.8.7")
    assert log.path == f"/clienten/{client_obj.pk}/"


def test_client_pages_are_never_cached(client, coach, client_obj):
    login(client, coach)
    response = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk}))
    assert "no-store" in response["Cache-Control"]


def test_invalid_bsn_is_refused_in_dutch_and_the_form_keeps_the_input(client, coach):
    login(client, coach)
    data = {
        "first_name": "Piet",
        "last_name": "Jansen",
        "bsn": "123456781",
        "date_of_birth": "1980-04-01",
        "preferred_language": "Nederlands",
        "status": "aangemeld",
        "email": "piet@example.org",
    }
    response = client.post(reverse("clients:client-create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "elfproef" in form.errors["bsn"][0]
    html = response.content.decode()
    assert 'value="Piet"' in html and 'value="123456781"' in html and 'value="piet@example.org"' in html
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("date_of_birth", "2099-01-01", "toekomst"),
        ("date_of_birth", "31-02-1980", "geldige datum"),
        ("postcode", "12345", "4 cijfers en 2 letters"),
        ("bsn", "12345", "9 cijfers"),
    ],
)
def test_bad_input_gets_a_dutch_reason(client, coach, field, value, fragment):
    login(client, coach)
    data = {
        "first_name": "Piet",
        "last_name": "Jansen",
        "bsn": "123456782",
        "date_of_birth": "1980-04-01",
        "preferred_language": "Nederlands",
        "status": "aangemeld",
        field: value,
    }
    response = client.post(reverse("clients:client-create"), data)
    assert response.status_code == 200
    assert fragment in " ".join(response.context["form"].errors[field]).lower()


def test_coach_registers_a_client_for_themself(client, coach):
    login(client, coach)
    response = client.post(
        reverse("clients:client-create"),
        {
            "first_name": "Piet",
            "last_name": "Jansen",
            "bsn": "1234 567 82",
            "date_of_birth": "1980-04-01",
            "postcode": "3011ab",
            "preferred_language": "Nederlands",
            "status": "aangemeld",
        },
    )
    person = Client.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:client-detail", kwargs={"client_id": person.pk})
    assert (person.coach, person.bsn, person.postcode) == (coach, "123456782", "3011 AB")


def test_teamleider_registers_a_client_for_a_coach(client, teamleider, coach):
    login(client, teamleider)
    client.post(
        reverse("clients:client-create"),
        {
            "first_name": "Piet",
            "last_name": "Jansen",
            "bsn": "123456782",
            "date_of_birth": "1980-04-01",
            "preferred_language": "Nederlands",
            "status": "aangemeld",
            "coach": coach.pk,
        },
    )
    person = Client.objects.get()
    assert person.coach == coach
    # The coach did not register this client: the first assignment waits to be read.
    assert Overdracht.objects.get(client=person).acknowledged_at is None


def test_coach_edits_personal_data(client, coach, client_obj):
    login(client, coach)
    url = reverse("clients:client-update", kwargs={"client_id": client_obj.pk})
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "id"}
    data.update(phone="06 12345678", date_of_birth="1985-05-17", benefit_start="", version=client_obj.version)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    client_obj.refresh_from_db()
    assert client_obj.phone == "06 12345678"
    assert AccessLog.objects.filter(client=client_obj, action="change").exists()


def test_coach_records_a_contactmoment(client, coach, client_obj):
    login(client, coach)
    at = timezone.localtime() - timedelta(hours=1)
    response = client.post(
        reverse("clients:contactmoment-create", kwargs={"client_id": client_obj.pk}),
        {
            "at": at.strftime("%Y-%m-%dT%H:%M"),
            "channel": "telefoon",
            "summary": "Gebeld over de taalles.",
            "agreements": "Cliënt meldt zich aan.",
            "shared_with_client": "on",
        },
    )
    assert response.status_code == 302
    contact = Contactmoment.objects.get()
    assert (contact.author, contact.shared_with_client, contact.agreements) == (coach, True, "Cliënt meldt zich aan.")


def test_contactmoment_form_keeps_input_when_refused(client, coach, client_obj):
    login(client, coach)
    future = timezone.localtime() + timedelta(days=2)
    response = client.post(
        reverse("clients:contactmoment-create", kwargs={"client_id": client_obj.pk}),
        {"at": future.strftime("%Y-%m-%dT%H:%M"), "channel": "telefoon", "summary": "Mijn lange samenvatting"},
    )
    assert response.status_code == 200
    assert "toekomst" in response.context["form"].errors["at"][0]
    assert "Mijn lange samenvatting" in response.content.decode()
    assert not Contactmoment.objects.exists()


def test_coach_plans_an_afspraak_and_records_the_outcome(client, coach, client_obj):
    login(client, coach)
    when = timezone.localtime() + timedelta(days=3)
    client.post(
        reverse("clients:afspraak-create", kwargs={"client_id": client_obj.pk}),
        {
            "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 30,
            "mode": "op_locatie",
            "place": "Stadswinkel",
            "purpose": "Kennismaking",
            "invitation": "geen",
            # Whatever the hour the suite runs at: this test is about the outcome, not the time.
            "confirm_time": "1",
        },
    )
    afspraak = Afspraak.objects.get()
    assert afspraak.with_user == coach
    response = client.post(
        reverse("clients:afspraak-outcome", kwargs={"client_id": client_obj.pk, "afspraak_id": afspraak.pk}),
        {"outcome": "verschenen"},
    )
    assert response.status_code == 200  # refused: not started yet
    assert "Afgezegd" in response.context["form"].errors["outcome"][0]
    client.post(
        reverse("clients:afspraak-outcome", kwargs={"client_id": client_obj.pk, "afspraak_id": afspraak.pk}),
        {"outcome": "afgezegd", "note": "Ziek"},
    )
    afspraak.refresh_from_db()
    assert afspraak.outcome == "afgezegd"


@pytest.mark.parametrize("minutes", ["-30", "0", "4", "481", "40000"])
def test_afspraak_duration_out_of_range_gets_one_clear_message(client, coach, client_obj, minutes):
    # A negative duration used to get Django's generic "groter dan of gelijk aan 0" message.
    login(client, coach)
    when = timezone.localtime() + timedelta(days=3)
    response = client.post(
        reverse("clients:afspraak-create", kwargs={"client_id": client_obj.pk}),
        {"starts_at": when.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": minutes, "place": "Stadswinkel"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["duration_minutes"] == ["Een afspraak duurt tussen 5 minuten en 8 uur."]
    assert f'value="{minutes}"' in response.content.decode()
    assert not Afspraak.objects.exists()


def test_teamleider_reassigns_several_clients_at_once(client, teamleider, coach, colleague):
    people = ClientFactory.create_batch(3, coach=coach)
    login(client, teamleider)
    response = client.post(
        reverse("clients:team-overview"),
        {
            "clients": [str(p.pk) for p in people[:2]],
            "to_coach": colleague.pk,
            "reason": "herverdeling",
            "note": "Lopende schuldhulp; ochtenden lastig.",
        },
    )
    assert response.status_code == 302
    assert Client.objects.filter(coach=colleague).count() == 2
    # The new coach sees the note first and the caseload marks the client.
    login(client, colleague)
    page = client.get(reverse("clients:client-detail", kwargs={"client_id": people[0].pk}))
    assert page.context["unread_handovers"][0].note == "Lopende schuldhulp; ochtenden lastig."
    rows = client.get(CASELOAD).context["page"].object_list
    assert all(row.unread_handover for row in rows)


def test_bulk_reassign_without_selection_keeps_the_note(client, teamleider, colleague):
    login(client, teamleider)
    response = client.post(
        reverse("clients:team-overview"),
        {"to_coach": colleague.pk, "reason": "herverdeling", "note": "Mijn zorgvuldige notitie"},
    )
    assert response.status_code == 200
    assert "Kies minstens één cliënt." in response.content.decode()
    assert "Mijn zorgvuldige notitie" in response.content.decode()


def test_team_overview_counts_clients_and_handovers(client, teamleider, coach, colleague):
    people = ClientFactory.create_batch(4, coach=coach)
    login(client, teamleider)
    client.post(
        reverse("clients:team-overview"),
        {"clients": [str(people[0].pk)], "to_coach": colleague.pk, "reason": "herverdeling", "note": "x"},
    )
    response = client.get(reverse("clients:team-overview"))
    counts = {c.username: c.client_count for c in response.context["coaches"]}
    assert counts == {coach.username: 3, colleague.username: 1}
    assert response.context["stats"]["handovers"] == 1
    assert response.context["stats"]["per_client"] == 0.25


def test_new_coach_acknowledges_the_handover(client, teamleider, coach, colleague):
    person = ClientFactory(coach=coach)
    login(client, teamleider)
    client.post(
        reverse("clients:client-reassign", kwargs={"client_id": person.pk}),
        {"to_coach": colleague.pk, "reason": "specialisme", "note": "Zie intake."},
    )
    handover = Overdracht.objects.get(client=person, from_coach=coach)
    login(client, colleague)
    client.post(
        reverse("clients:overdracht-acknowledge", kwargs={"client_id": person.pk, "overdracht_id": handover.pk})
    )
    handover.refresh_from_db()
    assert handover.acknowledged_at is not None
    page = client.get(reverse("clients:client-detail", kwargs={"client_id": person.pk}))
    assert page.context["unread_handovers"] == []
    assert page.context["handover_count"] == 1
