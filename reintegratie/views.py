"""Project-level views: the role-based start page, the health check, and role homes."""

import logging
import sys
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from .accounts.models import Role
from .accounts.policy import roles_required
from .celery import app as celery_app
from .storage import storage_state

logger = logging.getLogger(__name__)

ROLE_HOME = {
    Role.WERKCOACH: "clients:caseload",
    Role.TEAMLEIDER: "clients:team-overview",
    Role.BEHEERDER: "admin:index",
    Role.CLIENT: "portal:home",
    Role.AANBIEDER: "aanbieder-home",
    Role.FUNCTIONARIS_GEGEVENSBESCHERMING: "privacy:fg-search",
}


@login_required
@require_safe
def home(request):
    """Send each user to the start page of their role."""
    return redirect(ROLE_HOME.get(request.user.role, "accounts:logout"))


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means: not usable
        logger.warning("health: database unavailable", exc_info=True)
        return "unavailable"
    return "ok"


def _broker_state():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # any failure means: not reachable
        logger.warning("health: broker unavailable")
        return "unavailable"
    return "ok"


@never_cache
@require_GET
def health(request):
    """Report the state of the database, the broker and the file storage as JSON.

    200 while the database answers (the app can serve pages; letters wait in
    the database while the broker or the object store is down), 503 otherwise.
    """
    database, broker, files = _database_state(), _broker_state(), storage_state()
    healthy = broker in ("ok", "in-process") and files in ("ok", "local")
    status = "ok" if database == "ok" and healthy else "degraded"
    if database != "ok":
        status = "unavailable"
    return JsonResponse(
        {"status": status, "database": database, "broker": broker, "storage": files},
        status=200 if database == "ok" else 503,
    )


@login_required
@roles_required(Role.AANBIEDER)
@require_safe
def aanbieder_home(request):
    """The provider's start page: its running trajecten, each with the date of the last progress report."""
    from django.db.models import Max

    from trajecten.models import Traject

    trajecten = (
        Traject.objects.visible_to(request.user)
        .select_related("client", "instrument")
        .annotate(last_report_at=Max("reports__created_at"))
        .order_by("client__last_name", "client__first_name", "started_on", "pk")
    )
    return render(request, "aanbieder/home.html", {"trajecten": trajecten, "aanbieder": request.user.aanbieder})


CONNECTION_LOST = ("connection", "could not connect", "server closed", "terminating", "shutting down", "starting up")


def _database_connection_lost(error):
    # An OperationalError is also raised for e.g. a lock timeout; only a lost connection is a 503.
    if isinstance(error, InterfaceError):
        return True
    return isinstance(error, OperationalError) and any(marker in str(error).lower() for marker in CONNECTION_LOST)


def server_error(request):
    """handler500: a plain page without a traceback; 503 with a reference when the database is away.

    Django calls this for an exception anywhere in the request, middleware
    included (the session is loaded there), so a database outage answers 503
    on every page. It renders no template that touches the database.
    """
    error = sys.exc_info()[1]
    if _database_connection_lost(error):
        reference = uuid.uuid4().hex[:12]
        logger.error("database unavailable (ref %s): %s", reference, type(error).__name__)
        response = HttpResponse(render_to_string("503.html", {"reference": reference}), status=503)
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response
    return HttpResponseServerError(render_to_string("500.html"))
