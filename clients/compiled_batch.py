"""Several compiled reads of one page in one round trip to PostgreSQL (issue #17, the client file).

The client file reads some fifteen short lists, each a prepared statement of its own (``clients.compiled``):
fifteen round trips, each costing more than the database's work for it (about 0.2 ms on this machine's
loopback with Django's cursor, more where the database runs on another machine). Inside :func:`batched`
those reads wait: each gets an empty list that is filled when it is first used, or when the block
ends, together with every other read waiting then, in one statement::

    SELECT 0, r0.*, NULL::date, NULL::uuid, … FROM (<read 0>) AS r0
    UNION ALL SELECT 1, NULL::bigint, …, r1.*, NULL::uuid, … FROM (<read 1>) AS r1
    …

Each read has columns of its own in the result (the others' are NULL of their type in its rows: the
types learnt from the read's own first run), so every column keeps its type and psycopg2 reads it as
it reads the read alone: the rows, and the model instances made from them, are the ones the separate
reads gave. The statement is prepared like the reads it joins
(``clients.compiled_prepared``), once per connection and combination of reads.

A read that has not run on its own on this connection yet (its column types are learnt then), a read that
could not be prepared, any read on another database than PostgreSQL and every read outside
:func:`batched` runs at once, as before. A read's list is filled on first use (its length, iteration,
an index, a comparison, any list method), so code that looks at one read before asking for the next
still works; it only joins fewer reads.
"""

import contextlib

from django.utils.functional import SimpleLazyObject

from . import compiled_prepared as _prepared

_ACTIVE = "_client_rows_batch"
_KEPT = "_client_rows_batches"
_KEPT_LIMIT = 64
_TYPES = "_client_rows_types"


class _Batch:
    def __init__(self, connection):
        self.connection, self.pending = connection, []

    def flush(self):
        pending, self.pending = self.pending, []
        if not pending:
            return
        entries = tuple(entry for entry, _p, _c, _d in pending)
        statement = entries[0] if len(entries) == 1 else _joined(self.connection, entries)
        with self.connection.cursor() as cursor:
            _prepared.execute(statement, self.connection, cursor, [p for _e, params, _c, _d in pending for p in params])
            rows = cursor.fetchall()
        if len(entries) == 1:
            per_read = [rows]
        else:
            per_read = [[] for _ in entries]
            for row in rows:
                read = row[0]
                start = statement.starts[read]
                per_read[read].append(row[start : start + len(entries[read].types)])
        for (entry, _params, client, deferred), read_rows in zip(pending, per_read, strict=True):
            deferred._fill(entry.instances(read_rows, client))


class _Joined:
    """The combined statement of some reads (kept per connection; prepared by ``compiled_prepared``)."""

    def __init__(self, entries, names):
        self.entries = entries  # kept, so that the ids in the key stay theirs
        nulls = [f"NULL::{names[oid]}" for entry in entries for oid in entry.types]
        parts, self.starts, start = [], [], 1
        for n, entry in enumerate(entries):
            end = start + len(entry.types)
            columns = ", ".join([str(n), *nulls[: start - 1], f"r{n}.*", *nulls[end - 1 :]])
            # Django's compiled SQL of each read, its parameters kept apart; type names from pg_type.
            parts.append(f"SELECT {columns} FROM ({entry.sql}) AS r{n}")  # noqa: S608  # nosec B608
            self.starts.append(start)
            start = end
        self.sql = " UNION ALL ".join(parts)
        self.params = [p for entry in entries for p in entry.params]


def _joined(connection, entries):
    kept = connection.__dict__.setdefault(_KEPT, {})
    key = tuple(id(entry) for entry in entries)
    found = kept.get(key)
    if found is None or found.entries != entries:
        if len(kept) >= _KEPT_LIMIT:
            kept.clear()
        found = kept[key] = _Joined(entries, _type_names(connection, {oid for e in entries for oid in e.types}))
    return found


def _type_names(connection, oids):
    """The SQL names of these column types (``format_type``), asked once per connection and type."""
    names = connection.__dict__.setdefault(_TYPES, {})
    missing = sorted(oids - names.keys())
    if missing:
        with connection.cursor() as cursor:
            cursor.execute("SELECT oid, format_type(oid, NULL) FROM pg_type WHERE oid = ANY(%s)", [missing])
            names.update(cursor.fetchall())
    return names


class Deferred(list):
    """A read's rows, filled from its batch when first used."""

    __slots__ = ("_batch", "_ready")

    def __init__(self, batch):
        super().__init__()
        self._batch, self._ready = batch, False

    def _fill(self, rows):
        list.extend(self, rows)
        self._ready = True

    def __bool__(self):
        if not self._ready:
            self._batch.flush()
        return list.__len__(self) > 0


def _reading(name):
    method = getattr(list, name)

    def read(self, *args, **kwargs):
        if not self._ready:
            self._batch.flush()
        return method(self, *args, **kwargs)

    read.__name__ = name
    return read


for _name in (
    "__iter__", "__len__", "__getitem__", "__contains__", "__reversed__", "__repr__", "__eq__", "__ne__",
    "__lt__", "__le__", "__gt__", "__ge__", "__add__", "__mul__", "__rmul__", "__iadd__", "__imul__",
    "__setitem__", "__delitem__", "__reduce_ex__", "append", "extend", "insert", "pop", "remove", "clear",
    "index", "count", "sort", "reverse", "copy",
):  # fmt: skip
    setattr(Deferred, _name, _reading(_name))


def later(compute):
    """A value a section works out from its reads, computed when the page first uses it (a lazy object).

    A section's context that looks at a read at once (a count, a filter, a chart) makes the batch
    read it then, alone or with fewer others; ``later`` lets that read wait with the rest. Template
    use only: the object stands for the value (truth, items, attributes), it is not the value."""
    return SimpleLazyObject(compute)


def defer(connection, entry, params, client):
    """A :class:`Deferred` list for this read if a batch is open and the read can join it, else None."""
    batch = connection.__dict__.get(_ACTIVE)
    if batch is None or entry.__dict__.get("types") is None or entry.__dict__.get("prepared") is None:
        return None
    deferred = Deferred(batch)
    batch.pending.append((entry, params, client, deferred))
    return deferred


@contextlib.contextmanager
def batched(using="default"):
    """Join the compiled reads made inside this block (``clients.compiled``) into as few round trips as
    their use allows; every list is filled when the block ends. PostgreSQL only; elsewhere it does nothing."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql" or _ACTIVE in connection.__dict__:
        yield
        return
    batch = connection.__dict__[_ACTIVE] = _Batch(connection)
    try:
        yield
    finally:
        del connection.__dict__[_ACTIVE]
    batch.flush()
