"""pg_trgm for duplicate detection (clients/duplicates.py), and an index on the birth date.

PostgreSQL only; SQLite (``make run``) compares names in Python. The name
comparison runs over the clients born on the same day (this index) or over the
coach's own visible clients, never over the whole table, so it needs no
trigram index: ``similarity() >= x`` could not use one anyway (only the ``%``
operator can).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX IF NOT EXISTS client_date_of_birth ON clients_client (date_of_birth)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS client_date_of_birth")


class Migration(migrations.Migration):
    dependencies = [("clients", "0007_afspraak_mode_video_link")]

    operations = [TrigramExtension(), migrations.RunPython(forwards, backwards, elidable=False)]
