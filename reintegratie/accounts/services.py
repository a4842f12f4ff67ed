"""Account services: unlocking after too many failed logins, resetting the second factor."""

import logging

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
    """Lift a lockout after too many failed logins. Rule: beheerder, or teamleider for own team."""
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


def locked_usernames(usernames):
    """Return which of these usernames are locked out now."""
    attempts = AccessAttempt.objects.filter(
        username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return set(attempts.values_list("username", flat=True))
