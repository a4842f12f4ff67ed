"""Second-factor verification and enrolment for staff."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.oath import totp

from . import otp, services
from .forms import TokenForm
from .models import Role, User
from .policy import roles_required


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _demo_code(device):
    """In demo mode only, the current code, so people trying the demo need no app."""
    if not settings.DEMO_MODE or device is None:
        return None
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """Ask a staff user for the code of their authenticator app."""
    if not otp.needs_otp(request.user):
        raise Http404
    device = otp.confirmed_device(request.user)
    if device is None:
        return redirect("accounts:otp-setup")
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": _next_url(request), "demo_code": _demo_code(device)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code, then confirm with one code."""
    if not otp.needs_otp(request.user):
        raise Http404
    if otp.confirmed_device(request.user) is not None:
        return redirect("accounts:otp-verify")
    device = otp.pending_device(request.user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, _("Tweestapsverificatie staat aan. Voortaan vragen we bij het inloggen om een code."))
        return redirect(_next_url(request))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_code": otp.qr_code_data_uri(device, request.user.username),
            "secret": otp.base32_secret(device),
        },
    )


@login_required
@roles_required(Role.TEAMLEIDER, Role.BEHEERDER)
@require_POST
def account_unlock(request, user_id):
    """Unlock a staff account after too many failed logins (teamleider: own team; beheerder: all)."""
    user = get_object_or_404(User.objects.exclude(role=Role.CLIENT), pk=user_id)
    try:
        services.account_unlock(by=request.user, user=user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Het account van %(name)s is ontgrendeld.") % {"name": user.get_full_name()})
    return redirect("clients:team-overview" if request.user.role == Role.TEAMLEIDER else "admin:index")
