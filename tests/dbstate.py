"""What is in the database, table by table: to show that a request wrote nothing.

``db_fingerprint()`` returns {table: (rows, hash of all rows)} for every table of
every installed model, so a test can compare before and after and name the table
that changed. On PostgreSQL it is one query; elsewhere one query per table.
"""

import hashlib
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection

# The session row is rewritten on every request (SESSION_SAVE_EVERY_REQUEST): not data.
ALWAYS_IGNORED = frozenset({"django_session"})


def _tables(ignore):
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    return sorted({m._meta.db_table: m for m in models}.items())


def db_fingerprint(ignore=()):
    skip = ALWAYS_IGNORED | set(ignore)
    tables = [(name, model) for name, model in _tables(skip) if name not in skip]
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        sql = " UNION ALL ".join(
            f"SELECT %s, count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quote(name)} t"  # noqa: S608 (model table names, quoted)
            for name, _model in tables
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [name for name, _model in tables])
            return {name: (count, digest) for name, count, digest in cursor.fetchall()}
    result = {}
    for name, model in tables:
        rows = sorted(map(repr, model._base_manager.values_list()))
        result[name] = (len(rows), hashlib.sha256("|".join(rows).encode()).hexdigest())
    return result


def changed_tables(before, after):
    """The tables whose rows differ, with their row counts before and after."""
    return {
        name: (before.get(name, (0,))[0], after.get(name, (0,))[0]) for name in after if before.get(name) != after[name]
    }


@contextmanager
def refusal(match):
    """``pytest.raises(ValidationError, match=match)`` that also shows the refusal wrote nothing."""
    before = db_fingerprint()
    with pytest.raises(ValidationError, match=match) as info:
        yield info
    changes = changed_tables(before, db_fingerprint())
    assert not changes, f"refused with {info.value.messages}, but wrote to {changes}"
