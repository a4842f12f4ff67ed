import pytest
from django.urls import reverse

from reintegratie.accounts.policy import clients_visible_to
from tests.auth import login
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


def test_login_gives_a_new_session_key_and_asks_staff_for_the_second_factor(client, coach, settings):
    client.get(LOGIN)
    client.cookies[settings.SESSION_COOKIE_NAME] = "anonymous-session-id"
    response = client.post(LOGIN, {"username": coach.username, "password": "geheim-wachtwoord"}, follow=True)
    # No device yet: enrolment first.
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:otp-setup"))
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != "anonymous-session-id"


def test_client_login_lands_on_the_portal(client, client_user):
    response = client.post(LOGIN, {"username": client_user.username, "password": "geheim-wachtwoord"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")


def test_logout_invalidates_the_session_on_the_server(client, coach, client_obj, settings):
    login(client, coach)
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    logout = client.post(reverse("accounts:logout"))
    assert logout.status_code == 302 and logout["Location"] == LOGIN
    client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie
    url = reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})
    response = client.get(url)
    # The old cookie names no session any more: sent to the login page, nothing of the client shown.
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url}"
    assert client_obj.last_name not in response.content.decode()


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
    login(client, client_user)
    html = client.get(reverse("portal:home")).content.decode()
    assert "010 123 45 67" in html and "Voortgangsgesprek" in html
    assert client_obj.bsn not in html
