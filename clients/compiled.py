"""One client's rows from SQL that Django compiled once per process (issue #17, the client file).

The client file runs some twenty small queries, one per list it shows. Their SQL is the same for
every client but the client's id, yet Django builds each queryset and compiles it to SQL again on
every request: about 0.3 ms of Python per query, more than PostgreSQL needs to plan and run it.
:func:`client_rows` builds and compiles a list's queryset once per database connection (so once per
process and thread) with a placeholder id, and afterwards only runs that SQL with the client's id and
turns the rows into model instances the way Django's own iterator does (the same converters, the
same ``select_related`` objects, the same deferred fields).

:func:`client_rows` is only for reads of one client's own rows that the caller has already found
through the access policy (``Client.objects.visible_to``). A read that the policy scopes by the user
(the client itself, its berichten, documents and zaken) goes through :func:`scoped_rows`: compiled once
per *shape* of the user's scope (``policy.stand_in``), with the user's ids as placeholders too, so the
policy still writes its condition and every user gets exactly the SQL built for them. ``build`` may
depend on nothing else that changes between requests; a value that does (today's date) belongs in the
``key``. A setting change (tests) forgets every compiled query.
"""

import datetime
import uuid

from django.core.signals import setting_changed
from django.db import connections
from django.db.models.query import get_related_populators

from reintegratie.accounts import policy

from . import compiled_batch as _batch
from . import compiled_prepared as _prepared

#: Never a client's id (ids are random UUIDs); only ever compiled into SQL, never sent to the database.
PLACEHOLDER = uuid.UUID("00000000-0000-4000-8000-0000c11e47f1")
#: The moment of the request in a list compiled by :func:`scoped_list` (never a real moment).
NOW_PLACEHOLDER = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
_ATTRIBUTE = "_client_rows_compiled"
_KEYS_KEPT = 64


class _Compiled:
    def __init__(self, queryset, connection, user_ids=(), *, per_client=True):
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        forms = {PLACEHOLDER: lambda pk: pk, PLACEHOLDER.hex: lambda pk: pk.hex, str(PLACEHOLDER): str}
        self.slots = [(i, forms[p]) for i, p in enumerate(params) if isinstance(p, uuid.UUID | str) and p in forms]
        if per_client and not self.slots:
            raise ValueError("client_rows: the query does not filter on the client id it was given")
        # The policy's placeholders for the user's ids (``scoped_rows``): replaced by the user's own.
        self.user_slots = [(i, p) for i, p in enumerate(params) if type(p) is int and p in user_ids]
        # The moment as the backend took it (PostgreSQL: the datetime; SQLite: its text).
        adapt = connection.ops.adapt_datetimefield_value
        moment = adapt(NOW_PLACEHOLDER)
        self.now_slots = [(i, adapt) for i, p in enumerate(params) if type(p) is type(moment) and p == moment]
        self.compiler, self.sql, self.params, self.db = compiler, sql, list(params), queryset.db
        klass_info, select = compiler.klass_info, compiler.select
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.annotations = list(compiler.annotation_col_map.items())
        self.populators = get_related_populators(klass_info, select, self.db)
        # What ``results_iter`` works out on every call, once: the columns' converters (the same
        # functions for the same columns on this connection).
        fields = [column[0] for column in select[0 : compiler.col_count]]
        self.converters = None if compiler.has_composite_fields(fields) else compiler.get_converters(fields)
        self.client_field = next(
            (f for f in self.model._meta.concrete_fields if f.name == "client" and f.is_relation), None
        )

    def rows(self, connection, client, client_id=None, user_ids=None, now=None):
        """The rows for ``client`` (or, without the object, ``client_id``), the user's ``user_ids`` and ``now``.

        Inside :func:`clients.compiled_batch.batched` the list comes back empty and is filled, together
        with the batch's other reads in one round trip, when it is first used or the batch ends."""
        params = list(self.params)
        for i, form in self.slots:
            params[i] = form(client.pk if client_id is None else client_id)
        for i, placeholder in self.user_slots:
            params[i] = user_ids[placeholder]
        for i, adapt in self.now_slots:
            params[i] = adapt(now)
        deferred = _batch.defer(connection, self, params, client)
        if deferred is not None:
            return deferred
        with connection.cursor() as cursor:
            _prepared.execute(self, connection, cursor, params)
            rows = cursor.fetchall()
            if connection.vendor == "postgresql":  # the read's column types, for joining it to a batch
                self.types = tuple(column[1] for column in cursor.description)
        return self.instances(rows, client)

    def instances(self, rows, client):
        """Model instances from the database rows, as Django's own iterator makes them."""
        out = []
        if self.converters is None:
            rows = self.compiler.results_iter([rows])
        elif self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        for row in rows:
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            if self.client_field is not None and client is not None:
                self.client_field.set_cached_value(obj, client)  # as the client's related manager does
            out.append(obj)
        return out


def client_rows(key, build, client, *, using="default"):
    """The model instances of ``build(client_id)`` for ``client``, from SQL compiled once per connection.

    ``key`` names the query (with anything besides the client it depends on, such as today's date);
    ``build`` returns the queryset for a client id. Returns a list, as ``list(build(client.pk))`` would.
    """
    connection = connections[using]
    return _entry(connection, key, lambda: _Compiled(build(PLACEHOLDER), connection)).rows(connection, client)


def scoped_rows(key, build, user, client, *, using="default"):
    """The model instances of ``build(client_id, user)``: a read scoped by the access policy for this user.

    Compiled once per connection and *shape* of the user's scope (``policy.stand_in``: a werkcoach's
    clients, a team's, the client's own): ``build`` gets a placeholder client id and a stand-in user
    whose ids the policy compiles as placeholders; the user's own ids take their place when the SQL runs,
    so it is the SQL that ``build(client_id, user)`` compiles to. ``build`` must scope through the policy
    (``visible_to(user)``) and depend on nothing else that changes between requests (see
    :func:`client_rows`). ``client`` is a client object (attached to the rows, as in :func:`client_rows`)
    or only its id. Where the policy gives no shape (a provider), the queryset is built as usual.
    """
    client_id, client = (client.pk, client) if hasattr(client, "pk") else (client, None)
    shape = policy.stand_in(user)
    if shape is None:
        return list(build(client_id, user))
    kind, standin, user_ids = shape
    connection = connections[using]
    entry = _entry(connection, (key, kind), lambda: _Compiled(build(PLACEHOLDER, standin), connection, user_ids))
    return entry.rows(connection, client, client_id, user_ids)


def scoped_list(key, build, user, now, *, using="default"):
    """The model instances of ``build(user, now)``, a list page scoped by the access policy (the caseload).

    As :func:`scoped_rows`, without a client: compiled once per connection, ``key`` and shape of the
    user's scope, with the user's ids and the moment ``now`` put in at run time (``build`` gets a
    stand-in user and :data:`NOW_PLACEHOLDER`). ``key`` holds everything else the SQL depends on (sort,
    page, today's date). None where the policy gives no shape: the caller builds the queryset as usual.
    """
    shape = policy.stand_in(user)
    if shape is None:
        return None
    kind, standin, user_ids = shape
    connection = connections[using]
    compile_ = lambda: _Compiled(build(standin, NOW_PLACEHOLDER), connection, user_ids, per_client=False)  # noqa: E731
    entry = _entry(connection, (key, kind), compile_)
    if not entry.now_slots:
        raise ValueError("scoped_list: the query does not use the moment it was given")
    return entry.rows(connection, None, user_ids=user_ids, now=now)


def plain_rows(key, build, *, using="default"):
    """The model instances of ``build()``, a read that depends on nothing but ``key`` (no client, no user:
    the open vacancies of the day), from SQL compiled once per connection and key."""
    connection = connections[using]
    return _entry(connection, key, lambda: _Compiled(build(), connection, per_client=False)).rows(connection, None)


def _entry(connection, key, compile_):
    return kept_per_connection(connection, _ATTRIBUTE, key, compile_, limit=_KEYS_KEPT)


def kept_per_connection(connection, attribute, key, make, *, limit):
    """``make()`` once per database connection and ``key``, kept in the connection's ``attribute``.

    Compiled SQL belongs to one connection (and so to one process and thread). A long-running worker
    keeps at most ``limit`` keys (yesterday's dates drop out when it fills up); a setting change (tests)
    forgets them (:func:`forget_per_connection`). Also used by ``reintegratie.reports.statements``.
    """
    kept = connection.__dict__.get(attribute)
    if kept is None:
        kept = connection.__dict__[attribute] = {}
    entry = kept.get(key)
    if entry is None:
        if len(kept) >= limit:
            kept.clear()
        entry = kept[key] = make()
    return entry


def forget_per_connection(attribute):
    """Forget what :func:`kept_per_connection` kept under ``attribute`` on every open connection."""
    for connection in connections.all(initialized_only=True):
        connection.__dict__.pop(attribute, None)


def _forget(**kwargs):
    forget_per_connection(_ATTRIBUTE)


setting_changed.connect(_forget, dispatch_uid="clients.compiled.forget")
