"""The absolute session lifetime; the idle timeout is Django's own (SESSION_COOKIE_AGE)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
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
