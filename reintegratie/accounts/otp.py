"""Two-factor authentication (TOTP) for every staff role.

A staff user whose session has no verified second factor reaches only the
pages to verify or set up that factor, and logout. This holds for every view,
the admin included (BIO2 5.17.01, ASVS 4.3.1). Clients log in with their
account alone; DigiD will replace that login later.
"""

import base64
import binascii
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role

STAFF_NEEDS_OTP = frozenset(
    {Role.WERKCOACH, Role.TEAMLEIDER, Role.BEHEERDER, Role.AANBIEDER, Role.FUNCTIONARIS_GEGEVENSBESCHERMING}
)
ISSUER = "Werk en re-integratie"


def needs_otp(user):
    return user.is_authenticated and user.role in STAFF_NEEDS_OTP


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user):
    """Return the user's unconfirmed device, creating it on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


def base32_secret(device):
    """Return the device key in the base32 form authenticator apps accept for manual entry."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_code_data_uri(device, username):
    """Return the otpauth:// enrolment link as an SVG QR code in a data: URI (no inline script, CSP-safe)."""
    label = f"{ISSUER}:{username}"
    query = urlencode({"secret": base32_secret(device), "issuer": ISSUER, "digits": device.digits})
    uri = f"otpauth://totp/{label}?{query}"
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#0b0c0c", light="#ffffff")


def hex_key_from_base32(secret):
    """Convert a base32 secret (as apps show it) to the hex key TOTPDevice stores."""
    padded = secret.upper() + "=" * (-len(secret) % 8)
    try:
        return binascii.hexlify(base64.b32decode(padded)).decode()
    except binascii.Error as error:
        raise ValueError("not a base32 secret") from error


class OTPRequiredMiddleware:
    """Send staff without a verified second factor to verification or enrolment.

    Must come after django_otp's OTPMiddleware, which sets ``user.is_verified``.
    """

    EXEMPT_URL_NAMES = ("accounts:otp-verify", "accounts:otp-setup", "accounts:logout", "health")

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt_paths = None

    def exempt_paths(self):
        if self._exempt_paths is None:
            self._exempt_paths = {reverse(name) for name in self.EXEMPT_URL_NAMES}
        return self._exempt_paths

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and needs_otp(user)
            and not user.is_verified()
            and request.path not in self.exempt_paths()
            and not request.path.startswith(settings.STATIC_URL)
        ):
            target = "accounts:otp-verify" if confirmed_device(user) else "accounts:otp-setup"
            url = reverse(target)
            if request.method == "GET" and request.get_full_path() != "/":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return self.get_response(request)
