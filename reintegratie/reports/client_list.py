"""The client list export: one row per client, no name or BSN, as a values_list-like read.

Two ways to the same rows:

- :func:`client_rows_per_client` asks each related table once *per client* (correlated
  subqueries). Portable, and cheap for a team; for a whole municipality it is seven index
  probes for each of 40,000 clients.
- On PostgreSQL, :func:`client_rows` joins each related table once, *pre-aggregated* for the
  clients in scope (one ``GROUP BY`` or ``DISTINCT ON`` per table, each narrowed with the same
  ``client_id IN (scope)``), so the planner probes a team's clients through the indexes and
  hashes a municipality's in one pass per table.

``tests/reports/test_client_list.py`` checks that both give the same rows; the writers
(``exports.copy_csv``, ``write_csv``, ``write_xlsx``) read either.
"""

from django.db import connections
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from clients.models import Overdracht
from intake.models import Trede
from reintegratie.accounts.models import User
from trajecten.models import Plan, Traject, Uitstroom
from trajecten.workflow import TRAJECT_RUNNING

CLIENT_COLUMNS = [
    _("Cliëntnummer"),
    _("Werkcoach"),
    _("Status"),
    _("Dienstverleningsroute"),
    _("Uitkering sinds"),
    _("Trede nu"),
    _("Plan"),
    _("Plan akkoord op"),
    _("Lopende trajecten"),
    _("Laatste uitstroom"),
    _("Soort uitstroom"),
    _("Overdrachten"),
]


# The columns above that hold the stored value of a choice field, with that field: status, route, the
# plan's status and the outflow's kind. tests/reports/test_copy_csv.py checks that no choice of these
# fields starts like a formula, so the CSV writer may leave them as they are.
CODE_FIELDS = {2: ("clients", "Client", "status"), 3: ("clients", "Client", "service_route"),
               6: ("trajecten", "Plan", "status"), 10: ("trajecten", "Uitstroom", "kind")}  # fmt: skip
CODE_COLUMNS = tuple(CODE_FIELDS)


def _coach_name(path="coach__"):
    return Concat(f"{path}first_name", Value(" "), f"{path}last_name")


def _of(model, scope):
    rows = model.objects.all()
    return rows if scope is None else rows.filter(client__in=scope)


def client_rows_per_client(clients):
    """Return the client list as a values_list queryset, with a subquery per client and column."""
    step = Trede.objects.filter(client=OuterRef("pk")).order_by("-on", "-pk").values("step")[:1]
    plan = Plan.objects.filter(client=OuterRef("pk"), is_current=True)
    running = (
        Traject.objects.filter(client=OuterRef("pk"), status__in=TRAJECT_RUNNING)
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_out = Uitstroom.objects.filter(client=OuterRef("pk")).order_by("-on", "-pk")
    handovers = (
        Overdracht.objects.filter(client=OuterRef("pk"), from_coach__isnull=False)
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        clients.order_by("client_number")
        .annotate(
            coach_name=_coach_name(),
            step_now=Subquery(step),
            plan_status=Subquery(plan.values("status")[:1]),
            plan_agreed=Subquery(plan.values("agreed_at")[:1]),
            running_trajecten=Coalesce(Subquery(running, output_field=IntegerField()), 0),
            last_outflow_on=Subquery(last_out.values("on")[:1]),
            last_outflow_kind=Subquery(last_out.values("kind")[:1]),
            handover_count=Coalesce(Subquery(handovers, output_field=IntegerField()), 0),
        )
        .values_list(
            "client_number",
            "coach_name",
            "status",
            "service_route",
            "benefit_start",
            "step_now",
            "plan_status",
            "plan_agreed",
            "running_trajecten",
            "last_outflow_on",
            "last_outflow_kind",
            "handover_count",
        )
    )


class SqlRows:
    """Rows of one SQL statement, read the way the writers read a values_list queryset.

    ``rows.query.sql_with_params()`` (for COPY), ``rows.db``, ``rows.iterator(chunk_size=…)``
    (a server-side cursor: bounded memory) and plain iteration.
    """

    def __init__(self, sql, params, using, code_columns=()):
        self.sql, self.params, self.db = sql, tuple(params), using
        self.query = self
        # Positions of columns that hold a choice's stored value (a code such as "actief"): never a
        # formula, so COPY need not check their first character (``exports.copy_csv``).
        self.code_columns = tuple(code_columns)

    def sql_with_params(self):
        return self.sql, self.params

    def iterator(self, chunk_size=2000):
        connection = connections[self.db]
        with connection.chunked_cursor() as cursor:
            cursor.execute(self.sql, self.params)
            while rows := cursor.fetchmany(chunk_size):
                yield from rows

    def __iter__(self):
        return self.iterator()


def _sql(queryset):
    return queryset.query.sql_with_params()


def client_rows(clients):
    """Return the client list (values_list-like): joined to pre-aggregated tables on PostgreSQL.

    The same rows, in the same order and with the same column types, as
    :func:`client_rows_per_client`, which answers elsewhere.
    """
    if connections[clients.db].vendor != "postgresql" or clients.query.is_empty():
        return client_rows_per_client(clients)
    # Each related table is narrowed to the clients in scope; a scope without a condition (every
    # client, as the municipality-wide figures read) needs no narrowing, only the join.
    scope = clients.order_by().values("pk") if clients.query.where else None
    base = clients.order_by().values("pk", "client_number", "coach_id", "status", "service_route", "benefit_start")
    # Every part can be read from an index alone, in client id order (client_export,
    # plan_one_current_per_client, trede_client_latest, traject_client_running, uitstroom_client_on,
    # overdracht_handover): PostgreSQL merges them instead of hashing each table.
    plans = _of(Plan, scope).filter(is_current=True).order_by().values("client_id", "status", "agreed_at")
    # The latest step and the latest outflow per client (ties: the latest row), counts per client.
    steps = _of(Trede, scope).order_by("client_id", "-on", "-pk").distinct("client_id")
    outflows = _of(Uitstroom, scope).order_by("client_id", "-on", "-pk").distinct("client_id")
    running = _of(Traject, scope).filter(status__in=TRAJECT_RUNNING)
    handovers = _of(Overdracht, scope).filter(from_coach__isnull=False)
    parts = [
        _sql(base),
        _sql(User.objects.order_by().values("pk", name=_coach_name(""))),
        _sql(plans),
        _sql(steps.values("client_id", "step")),
        # COUNT(*), not COUNT(id): the partial indexes hold no id, so only (*) reads them alone.
        _sql(running.order_by().values("client_id").annotate(n=Count("*"))),
        _sql(outflows.values("client_id", "on", "kind")),
        _sql(handovers.order_by().values("client_id").annotate(n=Count("*"))),
    ]
    (base_sql, coaches_sql, *joined) = (sql for sql, _params in parts)
    sql = (
        # Every part comes from the ORM (its values are parameters); only the joins are written here.
        "SELECT b.client_number, u.name, b.status, b.service_route, b.benefit_start, s.step, "  # noqa: S608  # nosec B608
        "p.status, p.agreed_at, COALESCE(r.n, 0), o.out_on, o.out_kind, COALESCE(h.n, 0) "
        f"FROM ({base_sql}) AS b (id, client_number, coach_id, status, service_route, benefit_start) "
        # OFFSET 0 keeps the coaches' names a subquery: one name per coach, not one per client.
        f"INNER JOIN ({coaches_sql} OFFSET 0) AS u (id, name) ON u.id = b.coach_id "
        f"LEFT JOIN ({joined[0]}) AS p (client_id, status, agreed_at) ON p.client_id = b.id "
        f"LEFT JOIN ({joined[1]}) AS s (client_id, step) ON s.client_id = b.id "
        f"LEFT JOIN ({joined[2]}) AS r (client_id, n) ON r.client_id = b.id "
        f"LEFT JOIN ({joined[3]}) AS o (client_id, out_on, out_kind) ON o.client_id = b.id "
        f"LEFT JOIN ({joined[4]}) AS h (client_id, n) ON h.client_id = b.id "
        "ORDER BY b.client_number"
    )
    params = [param for _sql_text, part_params in parts for param in part_params]
    return SqlRows(sql, params, clients.db, code_columns=CODE_COLUMNS)


def client_ids(clients):
    """Return the ids of the client list's rows, in the same order (for the access log)."""
    return clients.order_by("client_number").values_list("pk", flat=True)
