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
