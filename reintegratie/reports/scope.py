"""How a KPI query keeps to its scope: by the rows' client, or (a team, a werkcoach) by the rows' coach.

The KPI functions take ``clients``, the access policy's queryset. The plain way to keep a query to
it is ``client_id IN (<the scope's clients>)``: for a team that probes every table's client index
once per client of the team, and at 40,000 clients those 600 clients' rows lie on some 2,400 pages
scattered through each table (``docs/performance.md``), so the same page costs a third more in a
municipality ten times larger.

When the policy says the scope is "every client of these coaches" (``coaches_of_scope``), the
rows are found by coach instead: each KPI table carries ``kpi_coach_id``, the coach of the row's
client, kept by PostgreSQL itself (triggers from migration ``reports/0004_kpi_coach``: on every
insert, on a change of the row's client, and on every change of a client's coach, however it is
made: a service, a bulk update, raw SQL). An index on it (with the columns the KPIs read) keeps a
team's rows together, whatever the size of the municipality. The column exists on PostgreSQL only;
elsewhere (SQLite in ``make run``) and for any other scope the plain way is used.
``tests/reports/test_kpi_coach.py`` checks the column against the clients' coaches and the figures
of both ways against each other.
"""

from django.db import connections
from django.db.models import BooleanField, Expression, Subquery

from reintegratie.accounts.policy import coaches_of_scope

#: The tables with a ``kpi_coach_id`` column (PostgreSQL; migration reports/0004_kpi_coach).
KPI_COACH_TABLES = frozenset(
    {
        "intake_intake",
        "intake_trede",
        "trajecten_plan",
        "trajecten_traject",
        "trajecten_uitstroom",
        "klachten_zaak",
        "clients_overdracht",
    }
)


class RowCoachIn(Expression):
    """``<the query's own table>.kpi_coach_id IN (<coaches>)``: a row whose client one of these coaches coaches."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, coaches):
        super().__init__()
        self.coaches = coaches

    def get_source_expressions(self):
        return [self.coaches]

    def set_source_expressions(self, expressions):
        (self.coaches,) = expressions

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        coaches, params = compiler.compile(self.coaches)
        return f"{table}.{connection.ops.quote_name('kpi_coach_id')} IN {coaches}", params


class OpenDueBefore(Expression):
    """``<the plans table>.kpi_open_due < <day>``: a plan with an open action dated before that day.

    ``kpi_open_due`` is the plan's earliest open action date, kept exact by PostgreSQL (migration
    reports/0005); only for queries read by coach (:func:`by_coach`), so on PostgreSQL only.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, day):
        super().__init__()
        self.day = day

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.{connection.ops.quote_name('kpi_open_due')} < %s", (self.day,)


def by_coach(queryset, clients, field="client"):
    """The coaches whose rows ``queryset`` may read by ``kpi_coach_id`` for this scope, or None."""
    if field != "client" or queryset.model._meta.db_table not in KPI_COACH_TABLES:
        return None
    if connections[queryset.db].vendor != "postgresql":
        return None
    return coaches_of_scope(clients)


def in_scope(queryset, clients, field="client"):
    """``queryset`` kept to the rows of the clients in ``clients`` (the access policy's queryset)."""
    coaches = by_coach(queryset, clients, field)
    if coaches is not None:
        return queryset.filter(RowCoachIn(Subquery(coaches.values("pk"))))
    return queryset.filter(**{f"{field}__in": clients.values("pk")})


def scope_key(clients):
    """What a KPI statement compiled for this scope depends on besides the scope's own SQL: its coaches."""
    coaches = coaches_of_scope(clients)
    if coaches is None:
        return None
    sql, params = coaches.values("pk").query.get_compiler(using=coaches.db).as_sql()
    return sql, tuple(params)
