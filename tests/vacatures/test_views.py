"""Views of Werk zoeken: success once per page, the werkgeversdienstverlener's access, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reintegratie.audit.models import AccessLog
from reintegratie.vacatures.models import Vacature, Voordracht, Zichtbaarheid
from tests.auth import login
from tests.factories import ClientFactory

from .helpers import beroep, consent, make_manager, profile, vacature, voordracht

pytestmark = pytest.mark.django_db


def test_werkgeversdienstverlener_records_a_vacancy(client, coach):
    login(client, make_manager(coach))
    url = reverse("vacatures:vacature-create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "employer_name": "Restaurant De Haven",
            "beroep": beroep().pk,
            "hours_min": 24,
            "hours_max": 32,
            "location": "Voorbeeldstad",
            "contract": "tijdelijk",
            "places": 50,
            "min_dutch_level": "a2",
        },
    )
    vac = Vacature.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "vacatures:vacature-detail", kwargs={"vacature_id": vac.pk}
    )
    assert (vac.places, vac.created_by) == (50, coach)
    edit = reverse("vacatures:vacature-update", kwargs={"vacature_id": vac.pk})
    assert client.get(edit).status_code == 200


def test_coach_without_the_task_cannot_record_vacancies(client, coach):
    login(client, coach)
    assert client.get(reverse("vacatures:vacature-create")).status_code == 403
    assert "Vacature vastleggen" not in client.get(reverse("vacatures:vacature-list")).content.decode()


def test_vacancy_page_shows_reasons_and_puts_an_own_client_forward(client, coach, client_obj, foreign_client):
    vac = vacature(coach, needs_driving_licence=True)
    profile(client_obj, hours=24, licence=True)
    profile(foreign_client, hours=24, licence=True)  # no consent: never shown to coach
    login(client, coach)
    page = client.get(reverse("vacatures:vacature-detail", kwargs={"vacature_id": vac.pk})).content.decode()
    assert "beroep past" in page and "uren passen" in page and "rijbewijs aanwezig" in page
    assert client_obj.last_name in page and foreign_client.last_name not in page
    response = client.post(
        reverse("vacatures:voordracht-create", kwargs={"vacature_id": vac.pk, "client_id": client_obj.pk})
    )
    assert response.status_code == 302
    assert Voordracht.objects.filter(vacature=vac, client=client_obj, status="voorgedragen").exists()


def test_a_profile_shown_outside_the_own_caseload_is_in_that_clients_access_log(client, coach, foreign_client):
    vac = vacature(coach)
    profile(foreign_client, hours=24)
    consent(foreign_client)
    login(client, coach)
    page = client.get(reverse("vacatures:vacature-detail", kwargs={"vacature_id": vac.pk})).content.decode()
    assert f"{foreign_client.first_name} {foreign_client.last_name[0]}." in page
    assert foreign_client.last_name not in page
    row = AccessLog.objects.get(client=foreign_client)
    assert (row.user, row.action) == (coach, "view")


def test_coach_cannot_put_forward_another_coachs_client(client, coach, foreign_client):
    vac = vacature(coach)
    consent(foreign_client)
    login(client, coach)
    url = reverse("vacatures:voordracht-create", kwargs={"vacature_id": vac.pk, "client_id": foreign_client.pk})
    assert client.post(url).status_code == 404
    assert not Voordracht.objects.exists()


def test_vacancy_page_query_count_does_not_grow_with_candidates(client, coach, other_coach):
    vac = vacature(coach)
    profile(ClientFactory(coach=coach), hours=24)
    visible = ClientFactory(coach=other_coach)  # so that both counts include the access-log insert
    profile(visible, hours=24)
    consent(visible)
    login(client, coach)
    url = reverse("vacatures:vacature-detail", kwargs={"vacature_id": vac.pk})
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for i in range(12):
        person = ClientFactory(coach=coach if i % 2 else other_coach)
        profile(person, hours=24 + i % 8)
        consent(person)
        if i % 3 == 1:
            voordracht(vac, person)
    assert count() == one


def test_overview_counts_blockers(client, coach):
    vac = vacature(coach, min_dutch_level="b1", places=50)
    profile(ClientFactory(coach=coach), hours=24, dutch="a1")
    login(client, coach)
    page = client.get(reverse("vacatures:vacature-overview", kwargs={"vacature_id": vac.pk})).content.decode()
    assert "Taalniveau te laag" in page


def test_client_file_shows_matching_vacancies_and_the_page_is_logged(client, coach, client_obj):
    vac = vacature(coach, title="Zelfstandig werkend kok")
    profile(client_obj, hours=24)
    login(client, coach)
    page = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    assert "Zelfstandig werkend kok" in page and "beroep past" in page
    before = AccessLog.objects.filter(client=client_obj, action="view").count()
    response = client.get(reverse("vacatures:client-vacatures", kwargs={"client_id": client_obj.pk}))
    assert response.status_code == 200 and str(vac.employer_name) in response.content.decode()
    assert AccessLog.objects.filter(client=client_obj, action="view").count() == before + 1


def _file_queries(client, client_obj):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    return len(queries), page


def test_a_visible_profile_costs_the_client_file_no_extra_queries(client, coach, client_obj):
    """The consent's giver is read with the visibility record; the client and its coach are the file's."""
    profile(client_obj, hours=24)
    consent(client_obj, by_coach=False)
    login(client, coach)
    hidden, page = _file_queries(client, client_obj)
    assert "Werkprofiel alleen zichtbaar in de eigen caseload." in page
    consent(client_obj)
    visible, page = _file_queries(client, client_obj)
    assert "Werkprofiel zichtbaar voor andere werkcoaches" in page
    assert visible == hidden


def test_coach_gives_consent_from_the_client_page(client, coach, client_obj):
    login(client, coach)
    client.post(reverse("vacatures:coach-consent", kwargs={"client_id": client_obj.pk}), {"given": "1"})
    assert Zichtbaarheid.objects.get(client=client_obj).coach_consents


def test_portal_shows_vacancies_in_plain_words_and_takes_consent(client, coach, client_obj, client_user):
    vacature(coach, title="Kok in de ochtend", min_dutch_level="b2")
    vacature(coach, title="Kok zonder taaleis")
    profile(client_obj, hours=24, dutch="a2")
    login(client, client_user)
    page = client.get(reverse("vacatures:portal")).content.decode()
    assert "Dit werk past bij het werk dat u zoekt." in page
    assert "Voor dit werk moet u beter Nederlands spreken." in page  # the b2 vacancy, under "nog iets nodig"
    assert "beroep past" not in page  # staff words stay on staff pages
    client.post(reverse("vacatures:portal-consent"), {"given": "1"})
    assert Zichtbaarheid.objects.get(client=client_obj).client_consents
    assert "Uw werkcoach moet nog ja zeggen" in client.get(reverse("vacatures:portal")).content.decode()


def test_beheerder_hands_out_the_werkgeversdienstverlener_task_in_the_admin(client, beheerder, coach):
    from reintegratie.accounts.models import User

    login(client, beheerder)
    url = reverse("admin:vacatures_werkgeversdienstverlener_changelist")
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "give_task", "_selected_action": [coach.pk]})
    assert response.status_code == 302
    assert User.objects.get(pk=coach.pk).has_perm("vacatures.manage_vacature")
    client.post(url, {"action": "take_task", "_selected_action": [coach.pk]})
    assert not User.objects.get(pk=coach.pk).has_perm("vacatures.manage_vacature")


def test_the_portal_shows_reasons_without_points_and_asks_what_consent_really_means(
    client, coach, client_obj, client_user
):
    import re

    vacature(coach, title="Kok zonder taaleis")
    profile(client_obj, hours=24, dutch="a2")
    login(client, client_user)
    page = client.get(reverse("vacatures:portal")).content.decode()
    assert "Dit werk past bij het werk dat u zoekt." in page
    # What a person reads: the text, not the CSP nonces (random base64 may hold "+4").
    readable = re.sub(r'nonce="[^"]*"', "", page)
    assert not re.search(r"\+\s*\d+", readable), "a client sees reasons, not match points"
    # Consent lets other coaches see the profile and propose the client; employers do not search.
    assert "Mogen werkgevers u vinden?" not in page
    assert "Mogen andere werkcoaches u voorstellen aan werkgevers?" in page
    assert "Ja, andere werkcoaches mogen mij voorstellen" in page
    home = client.get(reverse("portal:home")).content.decode()
    assert "werkgevers u mogen vinden" not in home and "andere werkcoaches u mogen voorstellen" in home
