"""The plan's evaluation on the caseload, before it is late (a registry caseload flag, one query per page).

The evaluation date is the plan's own ``evaluate_on``; a plan without one is
evaluated the route's ``evaluation_weeks`` after the client last agreed
(``settings.CONTACT_RHYTHM``, see clients/rhythm.py and docs/contactritme.md).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.rhythm import CLOSED, per_route
from reintegratie.dates import datum

from .models import Plan


def annotate_evaluation(clients, today):
    """``evaluation_on`` (the current plan's date) and ``evaluation_computed_at`` (agreed + the route's weeks)."""
    current = Plan.objects.filter(client=OuterRef("pk"), is_current=True).values("evaluate_on")[:1]
    agreed = Plan.objects.filter(client=OuterRef("pk"), agreed_at__isnull=False).order_by("-agreed_at")
    clients = clients.annotate(
        evaluation_on=Subquery(current), evaluation_agreed_at=Subquery(agreed.values("agreed_at")[:1])
    )
    return clients.annotate(
        evaluation_computed_at=per_route(Subquery(agreed.values("agreed_at")[:1]), "evaluation_weeks")
    )


def evaluation_due(client):
    """The date the plan is to be evaluated, or None (no date and never agreed)."""
    if getattr(client, "evaluation_on", None):
        return client.evaluation_on
    if getattr(client, "evaluation_agreed_at", None) and client.evaluation_computed_at:
        return timezone.localdate(client.evaluation_computed_at)
    return None


def evaluation_flags(client, today=None):
    today = today or timezone.localdate()
    due = evaluation_due(client)
    if due is None or client.status in CLOSED:
        return []
    if due < today:
        # A plan's own late date already has its badge on the caseload ("Evaluatie plan te laat").
        return [] if client.evaluation_on else [_("Evaluatie plan te laat (sinds %(date)s)") % {"date": datum(due)}]
    if due <= today + timedelta(days=settings.EVALUATION_SOON_DAYS):
        return [_("Evaluatie plan op %(date)s") % {"date": datum(due)}]
    return []
