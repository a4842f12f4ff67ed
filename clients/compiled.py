"""One client's rows from SQL that Django compiled once per process (issue #17, the client file).

The client file runs some twenty small queries, one per list it shows. Their SQL is the same for
every client but the client's id, yet Django builds each queryset and compiles it to SQL again on
every request: about 0.3 ms of Python per query, more than PostgreSQL needs to plan and run it.
:func:`client_rows` builds and compiles a list's queryset once per database connection (so once per
process and thread) with a placeholder id, and afterwards only runs that SQL with the client's id and
turns the rows into model instances the way Django's own iterator does (the same converters, the
same ``select_related`` objects, the same deferred fields).

Only for reads of one client's own rows that the caller has already found through the access policy
(``Client.objects.visible_to``): a query that scopes by the user (the policy's) must not be cached
here, because its SQL depends on the user. ``build`` gets the client's id and may depend on nothing
else that changes between requests; a value that does (today's date) belongs in the ``key``. A
setting change (tests) forgets every compiled query.
"""

import uuid

from django.core.signals import setting_changed
from django.db import connections
from django.db.models.query import get_related_populators

#: Never a client's id (ids are random UUIDs); only ever compiled into SQL, never sent to the database.
PLACEHOLDER = uuid.UUID("00000000-0000-4000-8000-0000c11e47f1")
_ATTRIBUTE = "_client_rows_compiled"
_KEYS_KEPT = 64


class _Compiled:
    def __init__(self, queryset, connection):
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        forms = {PLACEHOLDER: lambda pk: pk, PLACEHOLDER.hex: lambda pk: pk.hex, str(PLACEHOLDER): str}
        self.slots = [(i, forms[p]) for i, p in enumerate(params) if isinstance(p, uuid.UUID | str) and p in forms]
        if not self.slots:
            raise ValueError("client_rows: the query does not filter on the client id it was given")
        self.compiler, self.sql, self.params, self.db = compiler, sql, list(params), queryset.db
        klass_info, select = compiler.klass_info, compiler.select
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.annotations = list(compiler.annotation_col_map.items())
        self.populators = get_related_populators(klass_info, select, self.db)
        self.client_field = next(
            (f for f in self.model._meta.concrete_fields if f.name == "client" and f.is_relation), None
        )

    def rows(self, connection, client):
        params = list(self.params)
        for i, form in self.slots:
            params[i] = form(client.pk)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        out = []
        for row in self.compiler.results_iter([rows]):
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            if self.client_field is not None:
                self.client_field.set_cached_value(obj, client)  # as the client's related manager does
            out.append(obj)
        return out


def client_rows(key, build, client, *, using="default"):
    """The model instances of ``build(client_id)`` for ``client``, from SQL compiled once per connection.

    ``key`` names the query (with anything besides the client it depends on, such as today's date);
    ``build`` returns the queryset for a client id. Returns a list, as ``list(build(client.pk))`` would.
    """
    connection = connections[using]
    compiled = connection.__dict__.get(_ATTRIBUTE)
    if compiled is None:
        compiled = connection.__dict__[_ATTRIBUTE] = {}
    entry = compiled.get(key)
    if entry is None:
        if len(compiled) >= _KEYS_KEPT:  # yesterday's dates: a long-running worker keeps only recent keys
            compiled.clear()
        entry = compiled[key] = _Compiled(build(PLACEHOLDER), connection)
    return entry.rows(connection, client)


def _forget(**kwargs):
    for connection in connections.all(initialized_only=True):
        connection.__dict__.pop(_ATTRIBUTE, None)


setting_changed.connect(_forget, dispatch_uid="clients.compiled.forget")
