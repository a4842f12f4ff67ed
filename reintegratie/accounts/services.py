"""Account services: slowing down and unlocking after failed logins, resetting the second factor."""

import logging
import math

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role

logger = logging.getLogger(__name__)


def _may_manage(by, user):
    """A beheerder manages every staff account; a teamleider the coaches of their own team."""
    if user.role == Role.CLIENT:
        return False
    if by.role == Role.BEHEERDER:
        return True
    return by.role == Role.TEAMLEIDER and user.role == Role.WERKCOACH and user.team_id == by.team_id


def account_unlock(*, by, user):
    """Lift a lockout after too many failed logins. Rule: beheerder, or teamleider for own team.

    Clears the failures of this username from every IP address (the lockout is per
    username and address; the person asking for help may not know from which).
    """
    if not _may_manage(by, user):
        raise PermissionDenied
    axes_reset(username=user.username)
    logger.info("account unlocked: user_id=%s by user_id=%s", user.pk, by.pk)


def second_factor_reset(*, by, user):
    """Remove a user's authenticator devices; they enrol a new one at next login. Beheerder only."""
    if by.role != Role.BEHEERDER or user.role == Role.CLIENT:
        raise PermissionDenied
    TOTPDevice.objects.filter(user=user).delete()
    logger.info("second factor reset: user_id=%s by user_id=%s", user.pk, by.pk)


def login_wait_seconds(username, ip_address, *, now=None):
    """Return how many seconds this username must wait before the next try from this address; 0 if none.

    Failed logins are counted per username and IP address (django-axes,
    AXES_LOCKOUT_PARAMETERS). From the LOGIN_SLOWDOWN_AFTER-th failure on, the next
    try waits 1, 2, 4, 8 ... seconds after the last failure, at most
    LOGIN_SLOWDOWN_MAX_SECONDS; the tenth failure locks the combination. Nothing
    sleeps: the login form refuses a try that comes too early, without checking the
    password, so such a try is not counted either.
    """
    if not username or not ip_address:
        return 0
    rows = AccessAttempt.objects.filter(username=username, ip_address=ip_address).values_list(
        "failures_since_start", "attempt_time"
    )
    if not rows:
        return 0
    failures = sum(f for f, _ in rows)
    last = max(t for _, t in rows)
    after = settings.LOGIN_SLOWDOWN_AFTER
    if failures < after:
        return 0
    delay = min(2 ** (failures - after), settings.LOGIN_SLOWDOWN_MAX_SECONDS)
    waited = ((now or timezone.now()) - last).total_seconds()
    return max(0, math.ceil(delay - waited))


def locked_usernames(usernames):
    """Return which of these usernames are locked out now, from at least one IP address."""
    attempts = AccessAttempt.objects.filter(
        username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return set(attempts.values_list("username", flat=True))
