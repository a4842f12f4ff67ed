"""Reads for the clients app: the caseload, the client file, the team overview."""

import re
import uuid

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from reintegratie.accounts.models import Role
from reintegratie.expressions import RowExists, compiled_annotations

from . import registry
from .compiled import client_rows, scoped_list, scoped_rows
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
    # Without an appointment or a contact: last going up, first going down, as PostgreSQL orders NULLs;
    # said out loud so that SQLite (make run), which puts them the other way round, shows the same.
    "afspraak": (F("next_afspraak_at").asc(nulls_last=True), "last_name"),
    "-afspraak": (F("next_afspraak_at").desc(nulls_first=True), "last_name"),
    "contact": (F("last_contact_at").asc(nulls_last=True), "last_name"),
    "-contact": (F("last_contact_at").desc(nulls_first=True), "last_name"),
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


def _handover_count():
    """Real handovers (not the first assignment) of the outer client, as a subquery (NULL when none)."""
    return (
        Overdracht.objects.filter(client=OuterRef("pk"), from_coach__isnull=False)
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )


def caseload(user, *, q="", status="", service_route="", coach_id=None, sort=DEFAULT_SORT, now=None):
    """Return the clients this user may see, filtered, annotated and sorted.

    Annotations: next_afspraak_at, last_contact_at, handover_count and
    unread_handover, plus those of every registered caseload flag
    (``registry.caseload_flag``), all computed in the database (one query per page).
    """
    now = now or timezone.now()
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
    today = timezone.localdate()
    # Everything else depends on the day only: compiled once per process and day (see
    # ``compiled_annotations``); the next appointment depends on the moment, so it is built here.
    clients = clients.annotate(
        next_afspraak_at=Subquery(next_afspraak),
        **compiled_annotations(("caseload", today), clients.db, lambda: _caseload_annotations(today)),
    )
    return clients.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


class _OnePage:
    """What a Paginator needs of a list of which one page is read: its count, and that page's rows."""

    def __init__(self, n, rows):
        self.n, self.rows = n, rows

    def count(self):
        return self.n

    def __getitem__(self, page_slice):
        return self.rows


def caseload_page(user, number, *, fields, size, sort=DEFAULT_SORT, **filters):
    """One page of :func:`caseload` (a ``Page``, its rows a list), with its count in the same query.

    The unfiltered caseload, a coach's or a team's landing page, runs SQL compiled once per
    connection, sort, page and day (:func:`clients.compiled.scoped_list`) as a prepared statement:
    building and compiling its dozen subqueries cost Django some 2 ms a request and PostgreSQL 1.6 ms
    to plan (at 40,000 clients). The count comes along as an uncorrelated subquery, run once. A filtered
    caseload, a page past the end or a user the policy gives no shape goes through the ORM as before.
    """
    given = number
    number = 1 if given is None else int(given) if str(given).isdigit() and int(given) > 0 else None
    if number is not None and not any(filters.values()):
        offset, today = (number - 1) * size, timezone.localdate()

        def build(standin, now):
            count = Client.objects.visible_to(standin).order_by().values(n=Func(Value(1), function="COUNT"))
            clients = caseload(standin, sort=sort, now=now).only(*fields)
            return clients.annotate(caseload_total=Subquery(count, output_field=IntegerField()))[offset : offset + size]

        rows = scoped_list(("caseload", sort, offset, today, fields, size), build, user, timezone.now())
        if rows is not None and (rows or number == 1):
            return Paginator(_OnePage(rows[0].caseload_total if rows else 0, rows), size).page(number)
    clients = caseload(user, sort=sort, **filters).only(*fields)
    page = Paginator(clients, size).get_page(given)  # Django's answer to "0", "x" or a page past the end
    page.object_list = list(page.object_list)
    return page


def _caseload_annotations(today):
    """The caseload's annotations that depend on the day only: last contact, handovers, and those of
    every registered caseload flag (``registry.caseload_flag``), each a subquery on the row."""
    last_contact = Contactmoment.objects.filter(client=OuterRef("pk")).order_by("-at").values("at")[:1]
    unread = Overdracht.objects.filter(
        client=OuterRef("pk"), to_coach=OuterRef("coach_id"), acknowledged_at__isnull=True, from_coach__isnull=False
    )
    clients = Client.objects.annotate(
        last_contact_at=Subquery(last_contact),
        handover_count=Subquery(_handover_count()),
        unread_handover=RowExists(unread),
    )
    # The feature apps' signals (plan, zaken, uitstroom, the client's questions): registered in
    # <app>/client_sections.py, each an annotation on this same query.
    return registry.caseload_annotate(clients, today)


def client_file(user, client_id):
    """Return one visible client with its coach, team and portal account, or None.

    Of the coach the file shows name, phone and team; of the portal account whether it is activated.
    With it, whether the client has any rows of each registered probe (``registry.file_probe``)."""
    try:  # the compiled SQL takes the id as Django would write it for a UUID
        client_id = client_id if isinstance(client_id, uuid.UUID) else uuid.UUID(str(client_id))
    except ValueError:
        return None
    rows = scoped_rows("file.client", _client_file, user, client_id)
    return rows[0] if rows else None


def _client_file(pk, user):
    """``client_file``'s query (as ``.first()`` would write it), from SQL compiled once per shape of user."""
    own = [field.name for field in Client._meta.concrete_fields]
    coach = ["coach__first_name", "coach__last_name", "coach__phone", "coach__team"]
    return (
        Client.objects.visible_to(user)
        .select_related("coach", "coach__team", "user")
        .only(*own, *coach, "user__password")
        .annotate(**registry.file_probe_annotations())
        .filter(pk=pk)[:1]
    )


def with_names(queryset, *people, also=()):
    """``select_related`` of the people a list names (users), reading only their names (and ``also``):
    a user row has sixteen columns (password hash, flags, dates) that a name does not need."""
    own = [field.name for field in queryset.model._meta.concrete_fields]
    names = [f"{person}__{name}" for person in people for name in ("first_name", "last_name", *also)]
    return queryset.select_related(*people).only(*own, *names)


def client_file_history(client):
    """The lists the client file shows of one client: one query each, however long the history.

    Only the people each list names are joined, with only their names: who handed over to whom, who
    wrote a contact moment, with whom an appointment is. The SQL is compiled once per process
    (:func:`clients.compiled.client_rows`): the client was found through the access policy."""
    return {
        # Every client has its first assignment and nearly every one contact moments: not probed.
        "overdrachten": client_rows(
            "file.overdrachten",
            lambda pk: with_names(Overdracht.objects.filter(client_id=pk), "from_coach", "to_coach"),
            client,
        ),
        "contactmomenten": client_rows(
            "file.contactmomenten", lambda pk: with_names(Contactmoment.objects.filter(client_id=pk), "author"), client
        ),
        "afspraken": _probed("afspraken", "file.afspraken", _appointments, client),
        "brieven": _probed("brieven", "file.brieven", lambda pk: Client(pk=pk).brieven.all(), client),
        "taken": _probed("taken", "file.taken", _open_tasks, client),
    }


def _appointments(pk):
    return with_names(Afspraak.objects.filter(client_id=pk), "with_user")


def _open_tasks(pk):
    return Taak.objects.filter(client_id=pk, done_at__isnull=True)


def _probed(probe, key, build, client):
    """``client_rows``, or nothing without a query where the client file's probe found no row."""
    return client_rows(key, build, client) if registry.file_has(client, probe) else []


def werkcoaches():
    """Return the active werkcoaches, for choosing a coach."""
    return (
        get_user_model()
        .objects.filter(role=Role.WERKCOACH, is_active=True)
        .select_related("team")
        .order_by("team__name", "last_name", "first_name")
    )


def per_coach(queryset, coach_field):
    """A count per coach of the team overview, as a subquery (0 when none)."""
    counted = queryset.order_by().values(coach_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def team_clients(user, *, coach_id=None):
    """The team overview's list of clients to hand over: name, coach and handover count, by name.

    Not the caseload query: that one carries every caseload flag (a dozen subqueries per row) that
    this table does not show; computing them cost more than the rest of the page.
    """
    handovers = _handover_count()
    clients = (
        Client.objects.visible_to(user)
        .select_related("coach")
        .only("pk", "first_name", "name_prefix", "last_name", "client_number", "coach__first_name", "coach__last_name")
        .annotate(handover_count=Subquery(handovers))
    )
    if coach_id:
        clients = clients.filter(coach_id=coach_id)
    return clients.order_by(*_NAME)


def team_overview(user):
    """Return the coaches of this teamleider's team with their caseload figures.

    Each figure is a small subquery per coach (a dozen coaches), answered from
    the coach index (and, for the registered columns, their own indexes): the cost
    follows the team, not the municipality.
    """
    if user.role != Role.TEAMLEIDER or user.team_id is None:
        return get_user_model().objects.none()
    today = timezone.localdate()
    coaches = get_user_model().objects.filter(role=Role.WERKCOACH, team_id=user.team_id)
    figures = compiled_annotations(("team_overview", today), coaches.db, lambda: _team_annotations(today))
    return coaches.annotate(**figures).order_by("last_name", "first_name")


def _team_annotations(today):
    """The team overview's figures per coach, each a subquery on the coach: clients, active ones, and
    the feature apps' figures (zaken past their term: ``registry.team_column``)."""
    caseload = Client.objects.filter(coach=OuterRef("pk"))
    coaches = get_user_model().objects.annotate(
        client_count=per_coach(caseload, "coach"),
        active_count=per_coach(caseload.filter(status="actief"), "coach"),
    )
    return registry.team_annotate(coaches, today)


def team_handover_stats(user):
    """Return the team's handover figures: clients, handovers, and handovers per client.

    Two queries: the team's clients counted, and the handovers counted per client (at most one
    row per client of the team), summed and maximised here.
    """
    clients = Client.objects.visible_to(user)
    total_clients = clients.count()
    per_client = list(
        Overdracht.objects.filter(client__in=clients.values("pk"), from_coach__isnull=False)
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    handovers = sum(per_client)
    return {
        "clients": total_clients,
        "handovers": handovers,
        "per_client": (handovers / total_clients) if total_clients else 0,
        "max_for_one_client": max(per_client, default=0),
    }
