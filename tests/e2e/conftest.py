"""Real-browser tests: Playwright drives Debian's Chromium against live_server.

Chromium comes from apt (``apt-get install chromium``), never from
``playwright install``. Every test in this folder carries the ``browser``
marker; CI sets ``CI_REQUIRE_SERVICES=1`` so a missing browser fails instead
of silently skipping.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; without this,
# Django refuses ORM calls from the test body ("SynchronousOnlyOperation").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
E2E_DIR = Path(__file__).resolve().parent
DEMO_PASSWORD = "demo-wachtwoord"


def current_demo_code(username=None):
    """The code an authenticator app with the demo key shows right now.

    django-otp refuses a code of a time step that was already used (replay), so
    a second login of the same user within one 30-second step would fail. Then
    the app's next code is used: the server accepts one step of drift.
    """
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reintegratie.accounts.otp import hex_key_from_base32
    from reintegratie.demo.management.commands.seed_demo import DEMO_TOTP_SECRET

    totp = TOTP(bytes.fromhex(hex_key_from_base32(DEMO_TOTP_SECRET)))
    device = TOTPDevice.objects.filter(user__username=username).first() if username else None
    if device is not None and device.last_t is not None and device.last_t >= totp.t():
        totp.drift = device.last_t - totp.t() + 1
    return f"{totp.token():06d}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _require_chromium():
    """Skip (locally) or fail (CI) when Debian's Chromium is missing.

    Session-scoped so it runs before pytest-playwright's session ``browser``
    fixture tries to launch it.
    """
    if not Path(CHROMIUM).exists():
        message = "Debian chromium not installed (apt-get install chromium)"
        if os.environ.get("CI_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, _require_chromium):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            *browser_type_launch_args.get("args", []),
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def demo_data(settings, transactional_db):
    """The demo data set (coach has 12 clients); live_server resets it after each test."""
    settings.DEMO_MODE = True
    call_command("seed_demo", quiet_logins=True)


@pytest.fixture
def login(page, live_server):
    """Return ``login(username)``: log in through the real login form."""

    def _login(username, password=DEMO_PASSWORD):
        page.goto(f"{live_server.url}/account/inloggen/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        expect(page).not_to_have_url(f"{live_server.url}/account/inloggen/")
        if "/account/tweestapsverificatie/" in page.url:
            # Staff type the code from their authenticator app (the demo key).
            page.locator("#id_token").fill(current_demo_code(username))
            page.get_by_role("button", name="Controleren").click()
            expect(page).not_to_have_url(re.compile(r"/account/tweestapsverificatie/"))
        return page

    return _login
