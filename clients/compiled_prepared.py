"""The compiled reads of :mod:`clients.compiled` as PostgreSQL prepared statements (issue #17).

The client file's twenty small queries cost PostgreSQL more to plan than to run (planned 2.1 ms, run
0.8 ms at 40,000 clients). Their SQL is fixed per connection (``clients.compiled`` keeps it), so the
server can keep the plan too: the first run sends ``PREPARE name AS <sql>; EXECUTE name(…)`` in one
round trip (one query, as before), later runs only ``EXECUTE name(…)`` with the parameters. A prepared
statement lives as long as the database session: what this module knows is kept per connection to the
server (a new connection prepares again). The SQL is the same that would run otherwise (the parameters
numbered ``$1…``, typed from their Python values); a statement with a parameter of another type than
those below, or on another database than PostgreSQL, runs unprepared.
"""

import datetime
import decimal
import itertools
import re
import uuid

_TYPES = {
    uuid.UUID: "uuid",
    int: "bigint",
    str: "text",
    bool: "boolean",
    datetime.datetime: "timestamptz",
    datetime.date: "date",
    datetime.timedelta: "interval",
    decimal.Decimal: "numeric",
}
_HELD = "_client_rows_prepared"
_LIMIT = 256
_names = itertools.count(1)


def preparable(sql, params):
    """``(body, types)``: the SQL with ``$n`` placeholders and the parameters' types; None if it cannot be."""
    types = []
    for value in params:
        # The nearest type in the list: a choice (``TextChoices``) is a str, a bool not an int.
        kind = next((_TYPES[t] for t in type(value).__mro__ if t in _TYPES), None)
        if kind is None:
            return None
        types.append(kind)
    parts = sql.split("%s")
    if len(parts) != len(params) + 1 or "$" in sql:
        return None
    body = parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], start=1))
    return body, types


def execute(entry, connection, cursor, params):
    """Run ``entry.sql`` with ``params`` on ``cursor``: prepared on PostgreSQL where it can be."""
    shape = entry.__dict__.get("prepared", False)
    if shape is False:
        shape = entry.prepared = preparable(entry.sql, entry.params) if connection.vendor == "postgresql" else None
    if shape is None:
        cursor.execute(entry.sql, params)
        return
    raw = connection.connection
    held = connection.__dict__.get(_HELD)
    if held is None or held[0] is not raw:  # another session: nothing prepared in it yet
        held = connection.__dict__[_HELD] = (raw, {})
    run = "EXECUTE {}({})".format("{}", ", ".join(["%s"] * len(params))) if params else "EXECUTE {}"
    found = held[1].get(id(entry))
    if found is not None and found[0] is entry:
        cursor.execute(run.format(found[1]), params)
        return
    # Statements of entries that were forgotten (a full keep, a setting change) stay in the session
    # until it ends; past the limit they all go, in the same round trip.
    forget = "DEALLOCATE ALL; " if len(held[1]) >= _LIMIT else ""
    if forget:
        held[1].clear()
    body, types = shape
    name = f"cr{next(_names)}"
    cursor.execute(f"{forget}PREPARE {name} ({', '.join(types)}) AS {body}; {run.format(name)}", params)
    held[1][id(entry)] = (entry, name)


_LOGGED = re.compile(
    r"(?:DEALLOCATE ALL; )?(?:PREPARE (?P<prepared>\w+) \([^)]*\) AS (?P<body>.*); )?"
    r"EXECUTE (?P<name>\w+)(?:\((?P<args>.*)\))?",
    re.S,
)


def logged_statement(connection, sql):
    """What a logged query ran: ``(sql, arguments)`` for a prepared statement (its SQL with ``$n``
    placeholders, the arguments as logged), ``(sql, None)`` for any other query. For an ``EXECUTE`` alone
    the SQL comes from ``pg_prepared_statements`` (the statement must still be prepared in the session).
    For tests and ``tests/bench/prof_page.py``, which read the SQL of what ran."""
    match = _LOGGED.fullmatch(sql)
    if match is None:
        return sql, None
    body = match["body"]
    if body is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name = %s", [match["name"]])
            row = cursor.fetchone()
        body = _LOGGED.fullmatch(row[0])["body"] if row else sql
    return body, match["args"]
