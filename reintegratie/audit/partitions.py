"""Monthly partitions of the access log on PostgreSQL: create ahead, list, retire.

The access log grows by millions of rows a year at municipal scale and is kept
for years, so on PostgreSQL ``audit_accesslog`` is partitioned by month on
``at`` (migration 0003). Each month is its own table, ``audit_accesslog_y2026m12``,
bounded in UTC. A default partition catches a row whose month has no
partition yet, so an insert never fails; the daily job (``accesslog_partitions_task``)
and the ``accesslog_partitions`` command create the coming months ahead, so the
default stays empty. Retention (``accesslog_retention``) detaches whole months
(and drops them, when asked): the append-only trigger refuses to change or delete
rows, but a month that the retention rules let go leaves as one table.
SQLite (``make run``) keeps one plain table and all of this does nothing.
"""

import re
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

TABLE = "audit_accesslog"
DEFAULT = f"{TABLE}_default"
NAME = re.compile(rf"^{TABLE}_y(\d{{4}})m(\d{{2}})$")


def partitioned():
    """Return True when this database keeps the access log in monthly partitions."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s", [TABLE])
        row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def month_start(day):
    return date(day.year, day.month, 1)


def add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def partition_name(month):
    return f"{TABLE}_y{month.year:04d}m{month.month:02d}"


def create_sql(month):
    """The statement that creates one month's partition; harmless when it exists."""
    lower, upper = month_start(month), add_months(month_start(month), 1)
    return (
        f"CREATE TABLE IF NOT EXISTS {partition_name(lower)} PARTITION OF {TABLE} "
        f"FOR VALUES FROM ('{lower.isoformat()} 00:00:00+00') TO ('{upper.isoformat()} 00:00:00+00')"
    )


def partitions_list():
    """Return the monthly partitions as (name, first day of the month), oldest first."""
    if not partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [TABLE],
        )
        names = [row[0] for row in cursor.fetchall()]
    months = []
    for name in names:
        match = NAME.match(name)
        if match:
            months.append((name, date(int(match[1]), int(match[2]), 1)))
    return sorted(months, key=lambda item: item[1])


def _refuse_when_default_holds(cursor, month):
    lower, upper = month_start(month), add_months(month_start(month), 1)
    # The table name is a constant of this module; the bounds are parameters.
    cursor.execute(
        f"SELECT 1 FROM {DEFAULT} WHERE at >= %s AND at < %s LIMIT 1",  # noqa: S608  # nosec B608
        [f"{lower.isoformat()} 00:00:00+00", f"{upper.isoformat()} 00:00:00+00"],
    )
    if cursor.fetchone():
        raise RuntimeError(
            f"{DEFAULT} holds rows of {lower:%Y-%m}: the month's partition was not made in time. "
            "See docs/operations.md, 'Toegangslog: partities', to move them."
        )


def partitions_ensure(*, today=None, ahead=3):
    """Create the partitions of this month and the next `ahead` months; idempotent. Returns the names created."""
    if not partitioned():
        return []
    first = month_start(today or timezone.now().date())  # timezone.now() is UTC, like the bounds
    existing = {name for name, _month in partitions_list()}
    created = []
    with transaction.atomic(), connection.cursor() as cursor:
        for offset in range(ahead + 1):
            month = add_months(first, offset)
            if partition_name(month) not in existing:
                _refuse_when_default_holds(cursor, month)
                cursor.execute(create_sql(month))
                created.append(partition_name(month))
    return created


def partitions_retire(*, keep_months, today=None, drop=False):
    """Detach (and with ``drop`` drop) the months that end before the last `keep_months` months.

    The current month always stays. A detached month is a plain table again,
    to be archived (pg_dump -t) before it is dropped. Returns the names retired.
    """
    if not partitioned():
        return []
    if keep_months < 1:
        raise ValueError("keep at least the current month")
    oldest_kept = add_months(month_start(today or timezone.now().date()), -(keep_months - 1))
    retired = []
    with transaction.atomic(), connection.cursor() as cursor:
        for name, month in partitions_list():
            if month < oldest_kept:
                cursor.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {name}")
                if drop:
                    cursor.execute(f"DROP TABLE {name}")
                retired.append(name)
    return retired
