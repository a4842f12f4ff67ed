"""Mijn re-integratie: the client's own pages (namespace ``portal``).

Thin views: they fetch through the access policy, call one portal service,
render. The client is always ``Client.objects.visible_to(request.user)`` (only
themself); every other object is reached through that client, so anything else
answers 404. Every page that shows client data writes an access-log row.
Internal notes (``note`` fields, functional limits, contact moments not shared,
letters not shared) never reach these templates.

The feature apps add their own portal pages (plan, intake, zaken) and blocks on the
home page through the client registry (``clients/registry.py``): ``portal_urls``,
``portal_page`` and ``portal_section`` in their ``client_sections.py``. They build on
:func:`client_view` and :func:`portal_client` below.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from reintegratie.accounts.models import Role
from reintegratie.accounts.policy import roles_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.documents.models import Brief, BriefStatus

from . import registry
from .compiled import client_rows
from .models import Afspraak, Client

NEW_LETTER_DAYS = 30

# What the home page shows of the client (the first name) and their coach (how to reach them): not the
# client's personal data (BSN, address) nor the coach's password hash and flags.
_COACH_FIELDS = ("first_name", "last_name", "phone", "email", "reachable")
HOME_CLIENT_FIELDS = ("first_name", "coach", *(f"coach__{name}" for name in _COACH_FIELDS))
# The next appointment as the home page tells it (``portal/home.html``).
HOME_AFSPRAAK_FIELDS = (
    "client",
    "starts_at",
    "mode",
    "place",
    "video_link",
    "purpose",
    "with_user",
    "with_user__first_name",
    "with_user__last_name",
)
# How many of today's and later appointments the home page reads to find the next one.
_TODAY_ROWS = 4


def client_view(view):
    """Only a logged-in client reaches a portal page; staff get 403."""
    return login_required(roles_required(Role.CLIENT)(view))


def portal_client(request):
    """The client whose account this is; 404 when the account is not linked to a client file."""
    try:
        return Client.objects.visible_to(request.user).select_related("coach").get()
    except (Client.DoesNotExist, Client.MultipleObjectsReturned):
        raise Http404 from None


_client = portal_client


@client_view
@require_safe
def home(request):
    """Start page: my coach, my next appointment, then the registered blocks (plan, letters, zaken …)."""
    client = Client.objects.visible_to(request.user).select_related("coach").only(*HOME_CLIENT_FIELDS).first()
    if client is None:
        return render(request, "portal/home.html", {"client": None})
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    return render(
        request,
        "portal/home.html",
        {
            "client": client,
            "next_afspraak": next_afspraak(request, client, timezone.now()),
            "today": timezone.localdate(),
            "sections": registry.render_sections(registry.PORTAL_SECTIONS, request, client),
        },
    )


def _upcoming_afspraken(day):
    """The first appointments without an outcome from the start of ``day`` on (for ``client_rows``)."""
    midnight = timezone.make_aware(datetime.combine(day, time.min))

    def build(client_id):
        afspraken = Afspraak.objects.filter(client_id=client_id, starts_at__gte=midnight, outcome="")
        return afspraken.select_related("with_user").only(*HOME_AFSPRAAK_FIELDS).order_by("starts_at")[:_TODAY_ROWS]

    return build


def next_afspraak(request, client, now):
    """The client's next appointment without an outcome (from ``now`` on), or None.

    ``client`` was found through the access policy: its own rows are read with SQL compiled once per
    process and day (:func:`clients.compiled.client_rows`), from the start of today, and the first
    one from ``now`` is picked here. Only when the first rows all lie earlier today does the policy-scoped
    query from ``now`` decide."""
    day = timezone.localdate(now)
    rows = client_rows(("portal.home.afspraak", day), _upcoming_afspraken(day), client)
    found = next((afspraak for afspraak in rows if afspraak.starts_at >= now), None)
    if found is not None or len(rows) < _TODAY_ROWS:
        return found
    return (
        Afspraak.objects.visible_to(request.user)
        .filter(client=client, starts_at__gte=now, outcome="")
        .select_related("with_user")
        .only(*HOME_AFSPRAAK_FIELDS)
        .order_by("starts_at")
        .first()
    )


def new_letters(request, client):
    """The home page's letters block: letters of the last 30 days (one query)."""
    now = timezone.now()
    letters = list(
        Brief.objects.visible_to(request.user)
        .filter(client=client, status=BriefStatus.KLAAR, created_at__gte=now - timedelta(days=NEW_LETTER_DAYS))
        .only("client", "kind", "version", "created_at")
        .order_by("-created_at")
    )
    return {"letters": letters}


@client_view
@require_safe
def brieven(request):
    """All letters and reports shared with me, ready to download."""
    client = _client(request)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    letters = (
        Brief.objects.visible_to(request.user).filter(client=client, status=BriefStatus.KLAAR).order_by("-created_at")
    )
    return render(request, "portal/brieven.html", {"client": client, "letters": list(letters)})
