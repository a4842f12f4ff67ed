"""The timeline pages: the client file's "Tijdlijn" (staff) and "Mijn tijdlijn" (portal).

Only kinds and a page number travel in the URL (``?soort=afspraken&pagina=2``),
never a name or a search term.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from reintegratie.accounts.policy import casework_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write

from .models import Client
from .portal_views import _client, client_view
from .timeline import CLIENT, STAFF, timeline_page


@login_required
@casework_required
@require_safe
def client_timeline(request, client_id):
    """Everything that happened with this client, newest first."""
    client = Client.objects.visible_to(request.user).select_related("coach", "user").filter(pk=client_id).first()
    if client is None:
        raise Http404
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    timeline = timeline_page(client, user=request.user, audience=STAFF, params=request.GET)
    return render(request, "clients/client_timeline.html", {"client": client, "timeline": timeline})


@client_view
@require_safe
def portal_timeline(request):
    """Mijn tijdlijn: what happened in my re-integration, in my words."""
    client = _client(request)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    timeline = timeline_page(client, user=request.user, audience=CLIENT, params=request.GET)
    return render(request, "portal/tijdlijn.html", {"client": client, "timeline": timeline})
