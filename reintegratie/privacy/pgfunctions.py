"""The two helper functions every history trigger calls, without a subtransaction per row.

django-pgtrigger's ``_pgtrigger_should_ignore`` and django-pghistory's ``_pgh_attach_context`` read
a setting with ``CURRENT_SETTING(name)`` inside ``BEGIN … EXCEPTION WHEN OTHERS``. A PL/pgSQL block
with an exception handler is a subtransaction, and the setting is usually missing (``pgtrigger.ignore``
almost always; the history context outside a web request), so every row a history trigger sees
opened a subtransaction and rolled it back. Rolling back a subtransaction walks the transaction's
queue of pending after-trigger events, which holds one deferred foreign-key check per row inserted so
far: in a transaction that writes many rows (the nightly jobs, a destruction, ``seed_scale``) the
cost grew with the square of the rows. Seen with ``gdb`` on the backend: 25 s per 5,000 goals,
almost all in ``AfterTriggerEndSubXact``.

The versions below ask with ``current_setting(name, true)`` (NULL when missing), which needs no
exception handler, and give the same answers: an empty or missing setting means "not ignored" and
"no context". The libraries re-create their own versions (``CREATE OR REPLACE``) whenever a trigger
is installed, so :func:`install` runs after every ``migrate`` (``post_migrate``, see ``apps.py``);
``tests/privacy/test_pgfunctions.py`` checks the installed bodies and the behaviour.
"""

from django.db import connections

SHOULD_IGNORE = """
CREATE OR REPLACE FUNCTION "public"._pgtrigger_should_ignore(trigger_name NAME)
RETURNS BOOLEAN AS $$
    DECLARE
        _raw TEXT := NULLIF(current_setting('pgtrigger.ignore', true), '');
    BEGIN
        IF _raw IS NULL THEN
            RETURN FALSE;
        END IF;
        RETURN trigger_name = ANY(_raw::TEXT[]);
    END;
$$ LANGUAGE plpgsql;
"""

ATTACH_CONTEXT = """
CREATE OR REPLACE FUNCTION _pgh_attach_context()
RETURNS UUID AS $$
    DECLARE
        _pgh_context_id UUID := NULLIF(current_setting('pghistory.context_id', true), '')::UUID;
        _pgh_context_metadata JSONB := NULLIF(current_setting('pghistory.context_metadata', true), '')::JSONB;
    BEGIN
        IF _pgh_context_id IS NOT NULL AND _pgh_context_metadata IS NOT NULL THEN
            INSERT INTO pghistory_context (id, metadata, created_at, updated_at)
                VALUES (_pgh_context_id, _pgh_context_metadata, NOW(), NOW())
                ON CONFLICT (id) DO UPDATE
                    SET metadata = EXCLUDED.metadata,
                        updated_at = EXCLUDED.updated_at
                    WHERE pghistory_context.metadata != EXCLUDED.metadata;
            RETURN _pgh_context_id;
        END IF;
        RETURN NULL;
    END;
$$ LANGUAGE plpgsql;
"""


def install(using="default"):
    """Replace both functions on a PostgreSQL database (no-op elsewhere, e.g. SQLite for ``make run``)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(SHOULD_IGNORE)
        cursor.execute(ATTACH_CONTEXT)


def install_on_migrate(sender, using="default", **kwargs):
    install(using)
