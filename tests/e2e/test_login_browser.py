"""A new staff member sets up two-factor authentication in a real browser."""

import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from reintegratie.accounts.otp import hex_key_from_base32
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.browser


def test_new_coach_enrols_an_authenticator_app_and_reaches_the_caseload(page, live_server, transactional_db):
    UserFactory(username="nieuwecoach", team=TeamFactory(name="Team Noord"))
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("nieuwecoach")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    qr = page.get_by_role("img", name=re.compile("QR-code"))
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the data: image loaded under the CSP
    secret = page.locator("code.app-secret").inner_text()

    code = f"{totp(bytes.fromhex(hex_key_from_base32(secret))):06d}"
    page.get_by_label("Code uit uw authenticator-app").fill(code)
    page.get_by_role("button", name="Instellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn caseload")
    expect(page.get_by_role("status").first).to_contain_text("Tweestapsverificatie staat aan")


def test_staff_cannot_skip_the_code_page(page, live_server, transactional_db):
    UserFactory(username="coachzonderapp", team=TeamFactory(name="Team Noord"))
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("coachzonderapp")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server.url}/clienten/")
    expect(page).to_have_url(re.compile(r"/account/tweestapsverificatie/"))
