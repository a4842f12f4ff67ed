"""Log a test client in the way a real user ends up: with a verified second factor for staff."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from reintegratie.accounts.otp import STAFF_NEEDS_OTP, confirmed_device


def verify_session(client, user):
    """Give the test client's session a verified TOTP device for user."""
    device = confirmed_device(user) or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login(client, user):
    """Log in as user; staff users also get a verified second factor in the session."""
    client.force_login(user)
    if user.role in STAFF_NEEDS_OTP:
        verify_session(client, user)
    return client


def login_password_only(client, user):
    """Log in without the second factor: what a stolen password alone gives."""
    client.force_login(user)
    return client
