"""One timeline: every registered source, newest first, filtered by kind, paged, in a constant number of queries."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients import registry
from clients.models import Taak
from clients.timeline import PAGE_SIZE
from klachten.models import ZaakGebeurtenis
from tests.auth import login
from tests.factories import AfspraakFactory, ContactmomentFactory
from tests.test_access_matrix import _klacht, _plan_and_traject, _ready_letter

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
DAY = datetime(2026, 12, 4, 10, 0, tzinfo=AMS)


def test_every_app_registers_its_timeline_source():
    assert {
        "contactmomenten",
        "afspraken",
        "taken",
        "overdrachten",
        "intake",
        "plan",
        "trajecten",
        "brieven",
        "zaken",
    } <= set(registry.TIMELINE_SOURCES)


def _events(person, n):
    for i in range(n):
        ContactmomentFactory(client=person, at=DAY - timedelta(days=i), shared_with_client=i % 2 == 0)
        AfspraakFactory(client=person, starts_at=DAY + timedelta(days=i))
        Taak.objects.create(client=person, kind="intake_klopt_niet", text=f"Vraag {i}")


@pytest.fixture
def full_file(client_obj, client_user, coach, aanbieder_user):
    """A client with something from every source: plan and traject, a letter, a complaint."""
    _plan_and_traject(client_obj, coach, aanbieder_user.aanbieder)
    _ready_letter(client_obj, coach)
    _klacht(client_obj, coach)
    return client_obj


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["coach", "client"])
def test_timeline_runs_the_same_number_of_queries_for_5_and_50_events(
    client, full_file, coach, client_user, django_assert_num_queries, who
):
    user = coach if who == "coach" else client_user
    url = reverse("clients:client-timeline", args=[full_file.pk]) if who == "coach" else reverse("portal:tijdlijn")
    login(client, user)
    _events(full_file, 5)
    few = _queries(client, url)
    _events(full_file, 45)
    # The page's own queries plus one per registered timeline source (each source reads in one query).
    expected = {"coach": 15, "client": 12}[who] + len(registry.TIMELINE_SOURCES)
    assert few == expected, few
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(expected):
        client.get(url + "?soort=afspraken&pagina=3")


def test_staff_timeline_reads_what_happened_newest_first_with_the_date(client, client_obj, coach):
    ContactmomentFactory(client=client_obj, at=DAY, channel="telefoon", summary="Gebeld over de cursus.")
    ContactmomentFactory(client=client_obj, at=DAY - timedelta(days=30), channel="kantoor", summary="Kennismaking.")
    login(client, coach)
    page = client.get(reverse("clients:client-timeline", args=[client_obj.pk])).content.decode()
    first = page.index("Contactmoment: telefoon")
    assert first < page.index("Contactmoment: gesprek op kantoor")
    assert "4 december 2026" in page and "4 november 2026" in page and "Gebeld over de cursus." in page
    # The first coach assignment is an event too: 3 in all.
    assert "3 gebeurtenissen" in page


def test_filter_by_kind_and_paging_keep_only_kinds_in_the_url(client, client_obj, coach):
    for i in range(PAGE_SIZE + 5):
        ContactmomentFactory(client=client_obj, at=DAY - timedelta(hours=i))
    AfspraakFactory(client=client_obj, purpose="Sollicitatietraining")
    login(client, coach)
    url = reverse("clients:client-timeline", args=[client_obj.pk])
    response = client.get(url, {"soort": ["contactmomenten", "bestaat-niet"]})
    page = response.content.decode()
    assert "30 gebeurtenissen" in page and "Pagina 1 van 2" in page
    assert "Sollicitatietraining" not in page
    assert 'href="?soort=contactmomenten&amp;pagina=2"' in page
    assert 'name="soort" value="contactmomenten" id="soort-contactmomenten" checked' in page
    second = client.get(url, {"soort": "contactmomenten", "pagina": 2}).content.decode()
    assert second.count("Contactmoment: telefoon") == 5
    everything = client.get(url).content.decode()
    assert "Afspraak gepland: Sollicitatietraining" in everything


def test_client_timeline_shows_only_what_concerns_the_client_in_their_words(client, full_file, client_user, coach):
    ContactmomentFactory(client=full_file, at=DAY, summary="Gedeeld gesprek.", shared_with_client=True)
    ContactmomentFactory(client=full_file, at=DAY, summary="Interne notitie over de cliënt.")
    Taak.objects.create(client=full_file, kind="intake_klopt_niet", text="Mijn adres klopt niet.")
    zaak = full_file.zaken.get()
    ZaakGebeurtenis.objects.create(zaak=zaak, kind="aangemaakt", text="Uw klacht is ontvangen.", for_client=True)
    ZaakGebeurtenis.objects.create(zaak=zaak, kind="gewijzigd", text="Interne stap.", for_client=False)
    login(client, client_user)
    page = client.get(reverse("portal:tijdlijn")).content.decode()
    assert "Gedeeld gesprek." in page and "Gesprek met uw werkcoach: telefoon" in page
    assert "Interne notitie" not in page and "Mijn adres klopt niet." not in page and "Interne stap." not in page
    assert "Uw werkcoach is nu" in page and "U heeft een brief gekregen: voortgangsrapportage." in page
    assert "Uw werkcoach heeft versie 1 van uw plan klaargezet" in page
    assert "U bent akkoord met versie 1 van uw plan." in page
    assert f"Klacht {zaak.reference}: Uw klacht is ontvangen." in page
    events = page[page.index('<ol class="list-unstyled app-timeline">') :]
    events = events[: events.index("</ol>")]
    assert "Contactmoment" not in events and "Cliënt" not in events


def test_a_letter_stands_on_its_own_date_not_on_the_day_it_was_rendered(client, client_obj, coach):
    """The letter prints the day it was asked for (created_at); a late render must not move it to today."""
    from reintegratie.documents.models import Brief

    brief = _ready_letter(client_obj, coach)
    Brief.objects.filter(pk=brief.pk).update(created_at=DAY - timedelta(days=40), rendered_at=DAY)
    login(client, coach)
    html = client.get(reverse("clients:client-timeline", kwargs={"client_id": client_obj.pk})).content.decode()
    assert "25 oktober 2026" in html


def test_every_source_can_be_chosen_in_the_filter_messages_and_documents_too(client, client_obj, client_user, coach):
    """An event's kind is its source's key, so each registered source (berichten and the dossier included)
    is a choice in the filter and filtering on it shows its events."""
    from django.test import RequestFactory

    from reintegratie.berichten.services import bericht_from_client

    request = RequestFactory().post("/")
    request.user = client_user
    bericht_from_client(request=request, client=client_obj, text="Mag ik een vraag stellen?")
    login(client, coach)
    url = reverse("clients:client-timeline", kwargs={"client_id": client_obj.pk})
    html = client.get(url).content.decode()
    assert 'value="berichten"' in html
    filtered = client.get(url + "?soort=berichten").content.decode()
    assert "Bericht van de cliënt" in filtered and "1 gebeurtenis" in filtered
