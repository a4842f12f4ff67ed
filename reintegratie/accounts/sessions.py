"""The absolute session lifetime; the idle timeout is Django's own (SESSION_COOKIE_AGE).

Also the session engine (SESSION_ENGINE = this module): Django's database sessions, except that a
database that goes away while the session is saved stays an OperationalError (our 503 page), instead
of Django's UpdateError, which the session middleware answers with "400 Bad Request".
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import InterfaceError, OperationalError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

LOGIN_AT_KEY = "login_at"


class SessionLifetimeMiddleware:
    """End every session a fixed time after login, however active it was."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(LOGIN_AT_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
                messages.info(
                    request,
                    _("U bent automatisch uitgelogd omdat u langer dan %(hours)s uur was ingelogd. Log opnieuw in.")
                    % {"hours": hours},
                )
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class SessionStore(db.SessionStore):
    def save(self, must_create=False):
        try:
            return super().save(must_create=must_create)
        except UpdateError as error:
            lost = error.__context__
            if isinstance(lost, OperationalError | InterfaceError):
                raise lost from None
            raise
