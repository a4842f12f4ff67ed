"""Two-factor authentication, lockout after failed logins, and session lifetimes."""

import logging
import time
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from reintegratie.accounts.sessions import LOGIN_AT_KEY
from tests.auth import login

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:otp-verify")
SETUP = reverse("accounts:otp-setup")
PASSWORD = "geheim-wachtwoord"


def code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_login(client, user, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": user.username, "password": password, **extra})


def fail_logins(client, user, times, ip="127.0.0.1", last_ago=timedelta(minutes=2)):
    """Wrong passwords from one address, two minutes apart (past every slow-down wait), the last ``last_ago`` ago."""
    last = timezone.now() - last_ago
    for i in range(times):
        with time_machine.travel(last - timedelta(minutes=2 * (times - 1 - i)), tick=False):
            response = client.post(LOGIN, {"username": user.username, "password": "fout"}, REMOTE_ADDR=ip)
    return response


def login_from(client, user, ip, password=PASSWORD):
    return client.post(LOGIN, {"username": user.username, "password": password}, REMOTE_ADDR=ip)


def next_stop(client):
    """Where a freshly logged-in user is sent by the start page."""
    return client.get("/")["Location"]


def test_staff_enrol_an_authenticator_app_with_a_qr_code(client, coach):
    password_login(client, coach)
    assert next_stop(client).startswith(SETUP)
    page = client.get(SETUP)
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code, no script needed
    device = TOTPDevice.objects.get(user=coach, confirmed=False)
    assert page.context["secret"] in html

    wrong = client.post(SETUP, {"token": "000000" if code(device) != "000000" else "111111"})
    assert "klopt niet" in wrong.content.decode()
    assert client.get(reverse("clients:caseload")).status_code == 302  # still not verified

    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code above throttles for a second
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post(SETUP, {"token": code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("clients:caseload")).status_code == 200


def test_staff_with_a_device_verify_a_code_and_return_to_the_page_they_asked_for(client, coach, client_obj):
    device = TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    password_login(client, coach)
    target = reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})
    redirect = client.get(target)
    assert redirect["Location"] == f"{VERIFY}?next={target.replace('/', '%2F')}"
    response = client.post(VERIFY, {"token": code(device), "next": target})
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_verification_refuses_an_outside_next_url(client, coach):
    device = TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    password_login(client, coach)
    response = client.post(VERIFY, {"token": code(device), "next": "https://kwaadwillend.example/"})
    assert response["Location"] == "/"


def test_wrong_code_is_refused_in_dutch(client, coach):
    device = TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    password_login(client, coach)
    bad = "123456" if code(device) != "123456" else "654321"
    response = client.post(VERIFY, {"token": bad})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get(reverse("clients:caseload")).status_code == 302


def test_demo_code_is_shown_only_in_demo_mode(client, coach, settings):
    device = TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    password_login(client, coach)
    settings.DEMO_MODE = False
    assert client.get(VERIFY).context["demo_code"] is None
    settings.DEMO_MODE = True
    assert client.get(VERIFY).context["demo_code"] == code(device)


def test_clients_need_no_second_factor(client, client_user):
    password_login(client, client_user)
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(VERIFY).status_code == 404


def test_account_locks_after_ten_failures_even_for_the_right_password(client, coach):
    response = fail_logins(client, coach, 10)
    assert "geblokkeerd" in response.content.decode()
    response = password_login(client, coach)
    assert response.status_code == 429
    assert "geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_logged(client, coach, caplog):
    with caplog.at_level(logging.WARNING, logger="reintegratie.security"):
        fail_logins(client, coach, 10)
    messages = [r.getMessage() for r in caplog.records if r.name == "reintegratie.security"]
    assert messages == [f"account locked out after too many failed logins: user_id={coach.pk} ip=127.0.0.1"]


def test_nine_failures_do_not_lock(client, coach):
    fail_logins(client, coach, 9)
    response = password_login(client, coach)
    # Logged in: on to the second factor, not back to the login page with a lock-out message.
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert next_stop(client).startswith(SETUP)
    assert client.session["_auth_user_id"] == str(coach.pk)


def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(client, other_coach):
    # Anyone could otherwise lock coach2 out by typing ten wrong passwords for that name.
    fail_logins(client, other_coach, 10, ip="203.0.113.7")
    assert login_from(client.__class__(), other_coach, "198.51.100.20").status_code == 302
    locked = login_from(client.__class__(), other_coach, "203.0.113.7")
    assert locked.status_code == 429 and "geblokkeerd" in locked.content.decode()


def test_unlock_clears_the_lockout_from_every_address(client, other_coach, beheerder):
    fail_logins(client, other_coach, 10, ip="203.0.113.7")
    fail_logins(client, other_coach, 10, ip="203.0.113.8")
    login(client.__class__(), beheerder).post(reverse("accounts:account-unlock", kwargs={"user_id": other_coach.pk}))
    assert login_from(client.__class__(), other_coach, "203.0.113.7").status_code == 302
    assert login_from(client.__class__(), other_coach, "203.0.113.8").status_code == 302


def test_repeated_failures_slow_down_without_counting_the_early_try(client, coach):
    from axes.models import AccessAttempt

    fail_logins(client, coach, 3, last_ago=timedelta(0))  # the next try waits 1 second
    early = login_from(client, coach, "127.0.0.1")
    assert early.status_code == 200 and "_auth_user_id" not in client.session
    assert "Wacht 1 seconde en probeer het dan opnieuw." in early.content.decode()
    assert 'value="' + coach.username + '"' in early.content.decode()  # the form keeps the username
    assert AccessAttempt.objects.get(username=coach.username).failures_since_start == 3  # not counted
    # Other addresses are not slowed down; the waits grow: 1, 2, 4 ... seconds, at most a minute.
    assert login_from(client.__class__(), coach, "198.51.100.20").status_code == 302
    # After nine failures the next try waits a minute (2 ** 6 = 64 seconds, capped at 60).
    AccessAttempt.objects.filter(username=coach.username).update(failures_since_start=9, attempt_time=timezone.now())
    with time_machine.travel(timezone.now() + timedelta(seconds=30), tick=False):
        assert "Wacht 30 seconden" in login_from(client, coach, "127.0.0.1").content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        assert login_from(client, coach, "127.0.0.1").status_code == 302


def test_teamleider_unlocks_a_coach_of_the_team(client, coach, teamleider):
    fail_logins(client, coach, 10)
    leader = login(client.__class__(), teamleider)
    overview = leader.get(reverse("clients:team-overview"))
    assert next(c for c in overview.context["coaches"] if c.pk == coach.pk).is_locked
    response = leader.post(reverse("accounts:account-unlock", kwargs={"user_id": coach.pk}))
    assert response.status_code == 302
    assert password_login(client, coach).status_code == 302


def test_teamleider_of_another_team_cannot_unlock(client, coach, other_teamleider):
    fail_logins(client, coach, 10)
    login(client, other_teamleider)
    assert client.post(reverse("accounts:account-unlock", kwargs={"user_id": coach.pk})).status_code == 404


def test_beheerder_unlocks_and_resets_the_second_factor_in_the_admin(client, coach, beheerder):
    TOTPDevice.objects.create(user=coach, name="oude telefoon", confirmed=True)
    other = client.__class__()
    fail_logins(other, coach, 10)
    login(client, beheerder)
    changelist = reverse("admin:accounts_user_changelist")
    client.post(changelist, {"action": "unlock_accounts", "_selected_action": [coach.pk]})
    client.post(changelist, {"action": "reset_second_factor", "_selected_action": [coach.pk]})
    assert not TOTPDevice.objects.filter(user=coach).exists()
    password_login(other, coach)
    assert next_stop(other).startswith(SETUP)


def test_session_ends_after_fifteen_idle_minutes(client, coach, client_obj):
    login(client, coach)
    url = reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})
    assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        assert client.get(url).status_code == 200  # activity renews the session
    with time_machine.travel(timezone.now() + timedelta(minutes=14 + 16)):
        response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_request_at_fourteen_minutes_keeps_the_session_alive_at_twenty_eight(client, coach, client_obj):
    """Activity renews the idle limit (SESSION_SAVE_EVERY_REQUEST): it counts from the last request, not the login."""
    login(client, coach)
    url = reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        response = client.get(url)
    assert response.status_code == 200, response.get("Location")
    assert client_obj.last_name in response.content.decode()


def test_no_request_for_sixteen_minutes_ends_the_session(client, coach, client_obj):
    login(client, coach)
    url = reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_session_ends_eight_hours_after_login_however_active(client, coach, client_obj):
    login(client, coach)
    url = reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})
    assert client.get(url).status_code == 200
    session = client.session
    session[LOGIN_AT_KEY] = int(time.time()) - 8 * 3600 - 1
    session.save()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_session_cookie_is_host_only_secure_and_httponly(client, coach, settings):
    response = password_login(client, coach)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert settings.SESSION_COOKIE_NAME == "__Host-sessionid"
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == "/" and not cookie["domain"]


def test_production_hashes_passwords_with_argon2():
    from pathlib import Path

    source = Path(__file__).resolve().parents[2].joinpath("reintegratie", "settings.py").read_text()
    production_list = source.split("PASSWORD_HASHERS = [", 1)[1].split("]", 1)[0]
    assert production_list.strip().startswith('"django.contrib.auth.hashers.Argon2PasswordHasher"')


def test_a_database_lost_while_saving_the_session_is_a_503_not_a_400(client, coach, client_obj):
    """Found by make faults: Django turns any database error on session save into "400 Bad Request"."""
    from unittest import mock

    from django.db import OperationalError

    login(client, coach)
    url = reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})
    lost = OperationalError("server closed the connection unexpectedly")
    client.raise_request_exception = False
    with mock.patch("django.contrib.sessions.models.Session.save", side_effect=lost):
        response = client.get(url)
    assert response.status_code == 503
    assert "Even niet bereikbaar" in response.content.decode()
