"""Let destruction, and only destruction, empty texts of the append-only zaak timeline.

The trigger of klachten 0002 refuses every UPDATE and DELETE. Destruction
(bewaren.services.item_destroy) must empty the texts of a destroyed client's
timeline rows; it sets ``bewaren.vernietiging`` for its own transaction only
(``SET LOCAL``). An UPDATE is let through then; DELETE stays refused always.
"""

from django.db import migrations

REPLACE = """
CREATE OR REPLACE FUNCTION klachten_gebeurtenis_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('bewaren.vernietiging', true) = 'aan' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'klachten_zaakgebeurtenis is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

RESTORE = """
CREATE OR REPLACE FUNCTION klachten_gebeurtenis_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'klachten_zaakgebeurtenis is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REPLACE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESTORE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("bewaren", "0001_initial"),
        ("klachten", "0002_default_rules_and_append_only_timeline"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
