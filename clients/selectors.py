"""Reads for the clients app: the caseload, the client file, the team overview."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from klachten.models import Zaak
from reintegratie.accounts.models import Role
from trajecten.models import Actie, Traject, Uitstroom
from trajecten.workflow import ActieStatus

from . import registry
from .models import Afspraak, Client, Contactmoment, Overdracht, Taak
from .validators import normalize_bsn

# Names are never empty (NOT NULL), so NULLS FIRST changes no order; it does keep PostgreSQL from
# walking the name index through every client of the municipality to fill one page of a team's
# caseload: it sorts the few hundred visible clients, found through the coach index, instead.
_NAME = (F("last_name").asc(nulls_first=True), F("first_name").asc(nulls_first=True), "client_number")
_NAME_DESC = (F("last_name").desc(nulls_last=True), F("first_name").desc(nulls_last=True), "-client_number")
SORTS = {
    "naam": _NAME,
    "-naam": _NAME_DESC,
    "nummer": ("client_number",),
    "-nummer": ("-client_number",),
    "afspraak": ("next_afspraak_at", "last_name"),
    "-afspraak": ("-next_afspraak_at", "last_name"),
    "contact": ("last_contact_at", "last_name"),
    "-contact": ("-last_contact_at", "last_name"),
    "status": ("status", "last_name"),
    "-status": ("-status", "last_name"),
}
DEFAULT_SORT = "naam"
_DIGITS = re.compile(r"^[\d\s.\-]+$")


def client_search_condition(q):
    """Return a Q for a search on name, BSN or client number.

    Nine digits (with or without spaces or dots) search the BSN exactly; other
    digits search the client number exactly; words must each occur in a name.
    """
    q = (q or "").strip()
    if not q:
        return Q()
    if _DIGITS.match(q):
        digits = normalize_bsn(q)
        if len(digits) == 9:
            return Q(bsn=digits)
        return Q(client_number=int(digits)) if digits.isdigit() and len(digits) < 10 else Q(pk__in=[])
    condition = Q()
    for word in q.split()[:5]:
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(name_prefix__icontains=word)
    return condition


def caseload(user, *, q="", status="", service_route="", coach_id=None, sort=DEFAULT_SORT):
    """Return the clients this user may see, filtered, annotated and sorted.

    Annotations: next_afspraak_at, last_contact_at, handover_count and
    unread_handover, all computed in the database (one query per page).
    """
    now = timezone.now()
    clients = Client.objects.visible_to(user).select_related("coach")
    clients = clients.filter(client_search_condition(q))
    if status:
        clients = clients.filter(status=status)
    if service_route:
        clients = clients.filter(service_route=service_route)
    if coach_id:
        clients = clients.filter(coach_id=coach_id)
    next_afspraak = (
        Afspraak.objects.filter(client=OuterRef("pk"), starts_at__gte=now, outcome="")
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    last_contact = Contactmoment.objects.filter(client=OuterRef("pk")).order_by("-at").values("at")[:1]
    handovers = (
        Overdracht.objects.filter(client=OuterRef("pk"), from_coach__isnull=False)
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    unread = Overdracht.objects.filter(
        client=OuterRef("pk"), to_coach=OuterRef("coach"), acknowledged_at__isnull=True, from_coach__isnull=False
    )
    today = timezone.localdate()
    actions_overdue = Actie.objects.filter(
        doel__plan__client=OuterRef("pk"), doel__plan__is_current=True, status=ActieStatus.OPEN, due__lt=today
    )
    soon = today + timedelta(days=14)
    followup_due = Uitstroom.objects.filter(client=OuterRef("pk")).filter(
        Q(followup_6="", on__lte=soon - timedelta(days=183)) | Q(followup_12="", on__lte=soon - timedelta(days=365))
    )
    # The current plan is at most one row per client (a partial unique index): a join, probed per
    # visible client, where an EXISTS became one hashed pass over every plan of the municipality.
    clients = clients.annotate(current_plan=FilteredRelation("plans", condition=Q(plans__is_current=True)))
    clients = clients.annotate(
        next_afspraak_at=Subquery(next_afspraak),
        last_contact_at=Subquery(last_contact),
        handover_count=Subquery(handovers),
        unread_handover=Exists(unread),
        evaluation_overdue=Case(When(current_plan__evaluate_on__lt=today, then=True), default=False),
        actions_overdue=Exists(actions_overdue),
        followup_due=Exists(followup_due),
        open_tasks=Exists(Taak.objects.filter(client=OuterRef("pk"), done_at__isnull=True)),
        # A zaak that waits for the coach (a provider's signal, a decision) and one whose term has passed.
        zaak_open=Exists(Zaak.objects.filter(client=OuterRef("pk"), deadline__isnull=False)),
        zaak_overdue=Exists(Zaak.objects.filter(client=OuterRef("pk"), deadline__lt=today)),
    )
    # What feature apps add to the rows (registry.caseload_flag): annotations in this same query.
    for flag in registry.ordered(registry.CASELOAD_FLAGS):
        clients = flag.annotate(clients, today)
    return clients.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def with_flags(page):
    """Read the registered caseload flags of each row on this page (no queries: the annotations are there)."""
    page.object_list = list(page.object_list)
    flags = registry.ordered(registry.CASELOAD_FLAGS)
    for client in page.object_list:
        client.flags = [label for flag in flags for label in flag.flags(client)]
    return page


def client_file(user, client_id):
    """Return one visible client with everything the file page shows, or None.

    Runs a fixed number of queries however long the history is.
    """
    return (
        Client.objects.visible_to(user)
        .select_related("coach", "coach__team", "user")
        .prefetch_related(
            Prefetch(
                "overdrachten",
                queryset=Overdracht.objects.select_related("from_coach", "to_coach", "created_by"),
            ),
            Prefetch("contactmomenten", queryset=Contactmoment.objects.select_related("author")),
            Prefetch("afspraken", queryset=Afspraak.objects.select_related("with_user", "outcome_recorded_by")),
            "brieven",
            "intakes",
            "treden",
            Prefetch("trajecten", queryset=Traject.objects.select_related("instrument", "aanbieder")),
            "uitstroom",
            "taken",
        )
        .filter(pk=client_id)
        .first()
    )


def werkcoaches():
    """Return the active werkcoaches, for choosing a coach."""
    return (
        get_user_model()
        .objects.filter(role=Role.WERKCOACH, is_active=True)
        .select_related("team")
        .order_by("team__name", "last_name", "first_name")
    )


def team_overview(user):
    """Return the coaches of this teamleider's team with their caseload figures.

    Each figure is a small subquery per coach (a dozen coaches), answered from
    the coach index and the partial index of zaken with a deadline: the cost
    follows the team, not the municipality.
    """
    if user.role != Role.TEAMLEIDER or user.team_id is None:
        return get_user_model().objects.none()

    def per_coach(queryset, coach_field):
        counted = queryset.order_by().values(coach_field).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    caseload = Client.objects.filter(coach=OuterRef("pk"))
    today = timezone.localdate()
    return (
        get_user_model()
        .objects.filter(role=Role.WERKCOACH, team_id=user.team_id)
        .annotate(
            client_count=per_coach(caseload, "coach"),
            active_count=per_coach(caseload.filter(status="actief"), "coach"),
            # A late decision can cost the municipality a dwangsom: the teamleider sees it per coach.
            zaken_overdue=per_coach(
                Zaak.objects.filter(client__coach=OuterRef("pk"), deadline__lt=today), "client__coach"
            ),
        )
        .order_by("last_name", "first_name")
    )


def team_handover_stats(user):
    """Return the team's handover figures: clients, handovers, and handovers per client."""
    clients = Client.objects.visible_to(user)
    total_clients = clients.count()
    handovers = Overdracht.objects.filter(client__in=clients.values("pk"), from_coach__isnull=False).count()
    return {
        "clients": total_clients,
        "handovers": handovers,
        "per_client": (handovers / total_clients) if total_clients else 0,
        "max_for_one_client": (
            Overdracht.objects.filter(client__in=clients.values("pk"), from_coach__isnull=False)
            .values("client")
            .annotate(n=Count("pk"))
            .aggregate(m=Max("n"))["m"]
            or 0
        ),
    }
