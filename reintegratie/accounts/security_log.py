"""Security events written to the log (ASVS 7.2.1): identifiers only, no personal data."""

import logging

from django.contrib.auth import get_user_model

logger = logging.getLogger("reintegratie.security")


def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    """Log that an account was locked after too many failed logins."""
    user = get_user_model().objects.filter(username=username).only("pk").first() if username else None
    logger.warning(
        "account locked out after too many failed logins: user_id=%s ip=%s",
        user.pk if user else "unknown",
        ip_address,
    )
