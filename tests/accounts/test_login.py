import pytest
from django.urls import reverse

from reintegratie.accounts.policy import clients_visible_to
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def test_login_page_is_dutch(client):
    html = client.get(LOGIN).content.decode()
    assert '<html lang="nl">' in html
    assert "Gebruikersnaam" in html and "Wachtwoord" in html


def test_wrong_password_gets_a_dutch_message_and_keeps_the_username(client, coach):
    response = client.post(LOGIN, {"username": coach.username, "password": "fout"})
    html = response.content.decode()
    assert "klopt niet" in html
    assert f'value="{coach.username}"' in html


def test_login_gives_a_new_session_key_and_lands_on_the_role_home(client, coach):
    client.get(LOGIN)
    client.cookies["sessionid"] = "anonymous-session-id"
    response = client.post(LOGIN, {"username": coach.username, "password": "geheim-wachtwoord"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("clients:caseload")
    assert client.cookies["sessionid"].value != "anonymous-session-id"


def test_logout_invalidates_the_session_on_the_server(client, coach, client_obj):
    client.force_login(coach)
    session_cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    client.cookies["sessionid"] = session_cookie
    response = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk}))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coach", {"own"}),
        ("teamleider", {"own", "colleague"}),
        ("beheerder", set()),
        ("aanbieder_user", set()),
        ("client_user", {"own"}),
        ("other_coach", {"foreign"}),
    ],
)
def test_access_policy_per_role(request, role, expected, coach, colleague, client_obj, foreign_client):
    colleague_client = ClientFactory(coach=colleague)
    labels = {client_obj.pk: "own", colleague_client.pk: "colleague", foreign_client.pk: "foreign"}
    user = request.getfixturevalue(role)
    assert {labels[c.pk] for c in clients_visible_to(user)} == expected


def test_inactive_users_see_no_clients(coach, client_obj):
    coach.is_active = False
    assert not clients_visible_to(coach).exists()


def test_client_home_shows_coach_contact_and_next_afspraak(client, client_user, client_obj, coach):
    from tests.factories import AfspraakFactory

    coach.phone = "010 123 45 67"
    coach.save()
    AfspraakFactory(client=client_obj, purpose="Voortgangsgesprek")
    client.force_login(client_user)
    html = client.get(reverse("client-home")).content.decode()
    assert "010 123 45 67" in html and "Voortgangsgesprek" in html
    assert client_obj.bsn not in html
