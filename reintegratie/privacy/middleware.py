"""Put the request's user into the field history's context, so every change says who made it."""

import pghistory
from django.conf import settings
from django.db import connection


class HistoryContextMiddleware:
    """pghistory's context for writing requests, on PostgreSQL only.

    pghistory adds a ``set_config`` to every statement inside the context; SQLite has no such
    function and no history triggers, so there the request passes untouched. Only the user id
    goes in (never the path's query string or anything personal).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.methods = frozenset(settings.PGHISTORY_MIDDLEWARE_METHODS)

    def __call__(self, request):
        if connection.vendor != "postgresql" or request.method not in self.methods:
            return self.get_response(request)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        with pghistory.context(user=user_id):
            return self.get_response(request)
