"""The team dashboard's KPI queries, compiled by Django once per KPI, period and scope (issue #17).

Each KPI is one query over the scope the access policy gives (``Client.objects.visible_to(user)``).
Building its queryset and compiling it to SQL took Django about 1 ms of Python per KPI, every
request, for a statement that is the same as long as these are: the KPI and its period (and
today, where the KPI reads it: part of ``key``), the active time zone, and the scope's own SQL and
parameters (the policy still builds the scope on every request; its compiled SQL is the key, so
another team, another role or another policy gives another statement). :func:`rows` compiles
``build()`` once per key and database connection and afterwards only runs that SQL, turning the rows into what Django's
``values()`` or ``values_list()`` iterator yields, with the same converters (``results_iter``).
The figures stay live: only the compilation is kept, never a result.

A setting change (tests) forgets every statement; a long-running worker keeps at most
``_KEPT`` per connection (yesterday's dates drop out when it fills up). :func:`uncached` runs the
plain ORM path instead, for the tests that compare both.
"""

from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connections
from django.db.models.query import ValuesIterable, ValuesListIterable
from django.utils import timezone

from clients.compiled import forget_per_connection, kept_per_connection

from . import scope

_ATTRIBUTE = "_report_statements"
_KEPT = 256
_SCOPE = "_report_scope_key"
_state = {"cached": True}


def scope_key(clients):
    """The scope's compiled SQL and parameters (once per queryset object): what its statements depend on."""
    key = clients.__dict__.get(_SCOPE)
    if key is None:
        try:
            sql, params = clients.query.get_compiler(using=clients.db).as_sql()
        except EmptyResultSet:
            sql, params = None, ()
        # With the coaches the policy gave (reports.scope): the rows are then read by coach.
        key = clients.__dict__[_SCOPE] = (clients.db, sql, tuple(params), scope.scope_key(clients))
    return key


class _Statement:
    """A values()/values_list() queryset's SQL with its compiler, to read rows as its iterator would."""

    def __init__(self, queryset):
        if queryset._iterable_class is ValuesIterable:
            query = queryset.query
            self.names = list(query.selected) if query.selected else None
            if self.names is None:
                self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        elif queryset._iterable_class is ValuesListIterable:
            self.names = None
        else:
            raise TypeError("statements.rows: build() must return a values() or values_list() queryset")
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = self.compiler.as_sql()
        except EmptyResultSet:  # as Django's iterator: no rows, no query
            sql, params = None, ()
        self.sql, self.params = sql, tuple(params)
        self.col_count = self.compiler.col_count if self.compiler.has_extra_select else None

    def rows(self, connection):
        if self.sql is None:
            return []
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            fetched = cursor.fetchall()
        if self.col_count is not None:
            fetched = [row[: self.col_count] for row in fetched]
        rows = self.compiler.results_iter([fetched], tuple_expected=True)
        if self.names is None:
            return list(rows)
        names, indexes = self.names, range(len(self.names))
        return [{names[i]: row[i] for i in indexes} for row in rows]


def rows(key, clients, build):
    """``list(build())`` for this scope: the rows of a values()/values_list() queryset over ``clients``.

    ``key`` names the KPI and everything besides the scope its SQL depends on (the period, today);
    ``build()`` returns the queryset and may depend on nothing else.
    """
    if not _state["cached"]:
        return list(build())
    # The active time zone too: a period's moments (``Period.start_at``) are made aware in it.
    full_key = (key, scope_key(clients), timezone.get_current_timezone_name())
    connection = connections[clients.db]
    entry = kept_per_connection(connection, _ATTRIBUTE, full_key, lambda: _Statement(build()), limit=_KEPT)
    return entry.rows(connection)


@contextmanager
def uncached():
    """Run the KPIs through the plain ORM (the tests' reference for the kept statements)."""
    _state["cached"] = False
    try:
        yield
    finally:
        _state["cached"] = True


def _forget(**kwargs):
    forget_per_connection(_ATTRIBUTE)


setting_changed.connect(_forget, dispatch_uid="reintegratie.reports.statements.forget")
