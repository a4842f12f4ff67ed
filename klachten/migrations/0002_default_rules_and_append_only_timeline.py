"""Load the default sanction rules and make the zaak timeline append-only in PostgreSQL.

The default rules are a starting point that follows the Participatiewet and a
typical afstemmingsverordening; the beheerder replaces them with the
municipality's own (klachten/rules.py says where each figure comes from).
"""

from django.conf import settings
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION klachten_gebeurtenis_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'klachten_zaakgebeurtenis is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER klachten_gebeurtenis_no_update_delete
    BEFORE UPDATE OR DELETE ON klachten_zaakgebeurtenis
    FOR EACH ROW EXECUTE FUNCTION klachten_gebeurtenis_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS klachten_gebeurtenis_no_update_delete ON klachten_zaakgebeurtenis;
DROP FUNCTION IF EXISTS klachten_gebeurtenis_append_only();
"""


def forwards(apps, schema_editor):
    from klachten.rules import DEFAULT_RULES, DEFAULTS_VALID_FROM

    regel = apps.get_model("klachten", "SanctieRegel")
    for row in DEFAULT_RULES:
        regel.objects.get_or_create(
            gemeente=settings.GEMEENTE_NAAM, code=row["code"], valid_from=DEFAULTS_VALID_FROM, defaults=row
        )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("klachten", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
