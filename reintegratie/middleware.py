"""Cross-cutting HTTP behaviour."""

import logging
import uuid

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


class NoStoreMiddleware:
    """Forbid caching of every page shown to a logged-in user.

    Such pages may show client data (ASVS 8.2.1); a shared or back-button
    cache must not keep them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain page and a reference when the database is away.

    No traceback reaches the user (ASVS 7.4.1); the log has the reference.
    Connections are health-checked (CONN_HEALTH_CHECKS), so the next request
    after the database returns works without restarting the process.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)) or not _is_connection_error(exception):
            return None
        reference = uuid.uuid4().hex[:12]
        logger.error("database unavailable (ref %s): %s", reference, type(exception).__name__)
        html = render_to_string("503.html", {"reference": reference})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response


def _is_connection_error(exception):
    # An OperationalError is also raised for e.g. a lock timeout; only connection loss is a 503.
    text = str(exception).lower()
    return isinstance(exception, InterfaceError) or any(
        marker in text
        for marker in (
            "connection",
            "could not connect",
            "server closed",
            "terminating",
            "shutting down",
            "starting up",
        )
    )
