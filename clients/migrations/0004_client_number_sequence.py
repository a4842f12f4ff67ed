"""Client numbers come from a PostgreSQL sequence, not from max + 1 in Python.

The sequence starts after the highest number in use. SQLite has no sequences;
there clients.numbers falls back to max + 1 (one writer at a time).
"""

from django.db import migrations

START = 100001

CREATE = """
CREATE SEQUENCE IF NOT EXISTS clients_client_number_seq AS bigint MINVALUE 1 START WITH %(start)s;
SELECT setval('clients_client_number_seq',
              GREATEST(COALESCE((SELECT MAX(client_number) FROM clients_client), 0), %(start)s - 1) + 1,
              false);
"""

DROP = "DROP SEQUENCE IF EXISTS clients_client_number_seq;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE % {"start": START}, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_taak")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
