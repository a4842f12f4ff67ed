"""Reads of berichten: a client's thread, the caseload's open messages, the team's queue."""

from django.db.models import Exists, F, Min, OuterRef, Q, Subquery

from clients.models import Overdracht
from reintegratie.accounts.models import Role

from .models import Bericht


def thread(user, client):
    """The client's messages this user may see, oldest first, with sender and attachment (one query)."""
    return (
        Bericht.objects.visible_to(user)
        .filter(client=client)
        .select_related("sender", "attachment")
        .order_by("created_at", "pk")
    )


def open_messages():
    return Bericht.objects.filter(from_client=True, answered_at__isnull=True)


def annotate_open_due(clients):
    """Add ``bericht_due``: the earliest answer date of the client's open messages (None when none)."""
    first_due = (
        open_messages()
        .filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(d=Min("answer_due"))
        .values("d")
    )
    return clients.annotate(bericht_due=Subquery(first_due))


def team_queue(user, today):
    """For a teamleider: the open messages of the team that go to the team, and every overdue one.

    A message goes to the team when its coach is no longer the client's coach (a handover), the new
    coach has not read the handover yet, or the client's coach is no longer active (left, or away
    for a long time: absence is recorded by deactivating the account). Overdue: past ``answer_due``.
    """
    if user.role != Role.TEAMLEIDER:
        return Bericht.objects.none()
    unread_handover = Overdracht.objects.filter(
        client=OuterRef("client"),
        to_coach=OuterRef("client__coach"),
        acknowledged_at__isnull=True,
        from_coach__isnull=False,
    )
    rows = (
        open_messages()
        .visible_to(user)
        .annotate(unread_handover=Exists(unread_handover))
        .filter(
            Q(unread_handover=True)
            | ~Q(coach=F("client__coach"))
            | Q(coach__isnull=True)
            | Q(client__coach__is_active=False)
            | Q(answer_due__lt=today)
        )
    )
    return rows.select_related("client", "client__coach").order_by("answer_due", "created_at")
