"""Contact rhythm by dienstverleningsroute: how often contact is expected, and when the plan is evaluated.

The weeks per route are a municipal choice (``settings.CONTACT_RHYTHM``; see
docs/contactritme.md). The caseload shows a client *before* contact is late
("Contact nodig vóór 4 december 2026", from ``CONTACT_SOON_DAYS`` before) and once
it is late ("Geen contact sinds 7 weken"); the plan's evaluation likewise. Both are
computed in the caseload's one query (annotations), never per row.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Case, DateTimeField, ExpressionWrapper, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegratie.dates import datum

from .models import Contactmoment
from .workflow import ClientStatus

# No rhythm for clients who left: they are on the caseload for the record only.
CLOSED = frozenset({ClientStatus.UITGESTROOMD, ClientStatus.AFGESLOTEN})

NO_ROUTE = ""


def rhythm(route):
    """``{"contact_weeks": n, "evaluation_weeks": m}`` for a route ("" for a client without a route yet)."""
    table = settings.CONTACT_RHYTHM
    return table.get(route or NO_ROUTE, table[NO_ROUTE])


def per_route(base, key):
    """``base`` plus the route's number of weeks, as one SQL expression (a CASE over the routes)."""
    whens = [
        When(service_route=route, then=ExpressionWrapper(base + Value(timedelta(weeks=weeks[key])), DateTimeField()))
        for route, weeks in settings.CONTACT_RHYTHM.items()
        if route != NO_ROUTE
    ]
    default = ExpressionWrapper(base + Value(timedelta(weeks=rhythm(NO_ROUTE)[key])), DateTimeField())
    return Case(*whens, default=default, output_field=DateTimeField())


def annotate_contact(clients, today):
    """``contact_base_at`` (last contact, else registration) and ``contact_due_at`` (when the next is due)."""
    last = Contactmoment.objects.filter(client=OuterRef("pk")).order_by("-at").values("at")[:1]
    clients = clients.annotate(contact_base_at=Coalesce(Subquery(last), F("created_at")))
    return clients.annotate(contact_due_at=per_route(F("contact_base_at"), "contact_weeks"))


def contact_flags(client, now=None):
    """Short Dutch labels for the caseload row: due soon, or late."""
    due = getattr(client, "contact_due_at", None)
    if due is None or client.status in CLOSED:
        return []
    now = now or timezone.now()
    if due <= now:
        weeks = (now - client.contact_base_at).days // 7
        return [ngettext("Geen contact sinds %(n)s week", "Geen contact sinds %(n)s weken", weeks) % {"n": weeks}]
    if due <= now + timedelta(days=settings.CONTACT_SOON_DAYS):
        return [_("Contact nodig vóór %(date)s") % {"date": datum(due)}]
    return []
