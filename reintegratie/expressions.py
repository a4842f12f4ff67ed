"""Query expressions whose cost follows the page, not the municipality.

``RowExists`` is ``Exists`` for a flag shown on a list row. PostgreSQL may run
an ``EXISTS`` in a select list as one *hashed* subplan: it reads every
matching row of the whole table (every overdue action of the municipality)
once, to answer 50 rows of a caseload page. It decides that from the number
of rows before ``LIMIT``, so a team of 600 clients already tips it. A scalar
subquery is never hashed: it is probed through its index for each row that is
output, after the sort and the ``LIMIT``.
"""

from django.db.models import BooleanField, Subquery, Value


class RowExists(Subquery):
    """True when the correlated queryset has a row; probed once per output row, never hashed."""

    template = "COALESCE((%(subquery)s), false)"

    def __init__(self, queryset, **extra):
        probe = queryset.order_by().annotate(_row_exists=Value(True)).values("_row_exists")[:1]
        super().__init__(probe, output_field=BooleanField(), **extra)


# --- Annotations compiled once ------------------------------------------------------------------------------

_COMPILED = {}


def compiled_annotations(key, using, build):
    """The annotations of ``build()`` (a queryset of one model, without joins) as ready SQL.

    A list page such as the caseload carries a dozen correlated subqueries from several apps. Django
    builds and compiles them again for every request: about 9 ms of Python for one page of 25 rows,
    twice the page's database time. Their SQL depends only on ``key`` (the caseload's: today's date)
    and the settings, so it is compiled once per process and key and reused as ``RawSQL``, which the
    outer query only pastes in. The subqueries still refer to the outer row by the model's table
    name, which is why ``build()`` may not join: a join would not travel with the SQL. Returns a
    dict for ``queryset.annotate(**...)``, in ``build()``'s order. A setting change (tests) empties
    the cache.
    """
    from django.db import connections
    from django.db.models.expressions import RawSQL

    entry = _COMPILED.get((using, key))
    if entry is None:
        query = build().query
        joined = sorted(alias for alias, count in query.alias_refcount.items() if count and alias != query.base_table)
        if joined:
            raise ValueError(f"compiled annotations may not join: {joined}")
        compiler = query.get_compiler(connection=connections[using])
        entry = []
        for name, expression in query.annotations.items():
            sql, params = compiler.compile(expression)
            entry.append((name, sql, tuple(params), expression.output_field))
        if len(_COMPILED) > 32:  # yesterday's keys: a long-running worker must not keep every day
            _COMPILED.clear()
        _COMPILED[(using, key)] = entry
    # The SQL is Django's own compilation of the ORM expressions above, with its parameters kept apart.
    return {name: RawSQL(sql, params, output_field=field) for name, sql, params, field in entry}  # noqa: S611  # nosec B611


def _forget_compiled(**kwargs):
    _COMPILED.clear()


def _connect():
    from django.core.signals import setting_changed

    setting_changed.connect(_forget_compiled, dispatch_uid="reintegratie.expressions.compiled")


_connect()
