from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.management.commands.seed_demo import DEMO_TOTP_SECRET, OLD_DEMO_TOTP_SECRET
from clients.models import Afspraak, Client, Contactmoment, Overdracht
from clients.validators import is_valid_bsn
from reintegratie.accounts.models import Role, User
from reintegratie.accounts.otp import hex_key_from_base32

pytestmark = pytest.mark.django_db

LOGINS = {
    "coach": Role.WERKCOACH,
    "coach2": Role.WERKCOACH,
    "teamleider": Role.TEAMLEIDER,
    "beheerder": Role.BEHEERDER,
    "aanbieder": Role.AANBIEDER,
    "klant": Role.CLIENT,
}


@pytest.fixture
def seeded(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", quiet_logins=True)


def test_demo_logins_exist_with_the_documented_password(seeded):
    for username, role in LOGINS.items():
        user = authenticate(RequestFactory().post("/"), username=username, password="demo-wachtwoord")
        assert user is not None, username
        assert user.role == role


def test_demo_data_is_realistic_and_valid(seeded):
    assert Client.objects.count() >= 40
    assert all(is_valid_bsn(bsn) for bsn in Client.objects.values_list("bsn", flat=True))
    assert User.objects.filter(role=Role.WERKCOACH).count() >= 4
    assert Client.objects.filter(coach__username="coach").exists()
    assert Client.objects.filter(coach__username="coach2").exists()
    assert User.objects.get(username="coach").team != User.objects.get(username="coach2").team
    assert Client.objects.get(user__username="klant").coach.username == "coach"
    assert Afspraak.objects.filter(outcome="").exists() and Afspraak.objects.exclude(outcome="").exists()
    assert Contactmoment.objects.count() >= 40
    assert Overdracht.objects.filter(from_coach__isnull=False).exists()
    # Most clients have a completed brede intake, a few a draft.
    from intake.models import Intake, Trede

    completed = Intake.objects.filter(status="afgerond").count()
    drafts = Intake.objects.filter(status="concept").count()
    assert completed > Client.objects.count() / 2 and 0 < drafts < completed
    assert all(i.scores.count() == 13 for i in Intake.objects.prefetch_related("scores"))
    assert Trede.objects.count() >= completed
    # Every staff demo login has the documented authenticator key; the client has none.
    for username, role in LOGINS.items():
        devices = TOTPDevice.objects.filter(user__username=username, confirmed=True)
        if role == Role.CLIENT:
            assert not devices.exists()
        else:
            assert devices.get().key == hex_key_from_base32(DEMO_TOTP_SECRET)


def test_demo_totp_key_has_160_bits_and_is_the_documented_one():
    # RFC 4226 section 4: at least 128 bits, 160 recommended; some authenticator apps refuse less.
    assert len(bytes.fromhex(hex_key_from_base32(DEMO_TOTP_SECRET))) * 8 >= 160
    root = Path(__file__).resolve().parent.parent
    for name in ("README.md", "Makefile"):
        text = (root / name).read_text(encoding="utf-8")
        assert DEMO_TOTP_SECRET in text and OLD_DEMO_TOTP_SECRET not in text, name


def test_seed_demo_replaces_the_old_short_demo_key(seeded):
    old = hex_key_from_base32(OLD_DEMO_TOTP_SECRET)
    TOTPDevice.objects.filter(user__username="coach").update(key=old)
    call_command("seed_demo", quiet_logins=True)
    assert TOTPDevice.objects.get(user__username="coach").key == hex_key_from_base32(DEMO_TOTP_SECRET)


def test_seed_demo_twice_changes_nothing(seeded):
    counts = [m.objects.count() for m in (User, Client, Afspraak, Contactmoment, Overdracht)]
    call_command("seed_demo", quiet_logins=True)
    assert [m.objects.count() for m in (User, Client, Afspraak, Contactmoment, Overdracht)] == counts


def test_seed_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()
