"""Each KPI table's rows carry their client's coach (``kpi_coach_id``), kept by PostgreSQL: ``reports/scope.py``.

PostgreSQL only (on SQLite the KPIs keep to their scope by client, and nothing here runs). The
column is not a model field: PostgreSQL fills it on every insert and on a change of the row's
client (a BEFORE trigger), and follows every change of a client's coach (an AFTER trigger on
``clients_client``), whatever made it. Each table gets an index by coach with the columns its KPI
query reads, so a team's rows are read together (an index-only scan where the KPI reads no other
column). The history triggers (pghistory) compare named columns only: this column makes no event.
"""

from django.db import migrations

# table: the columns after kpi_coach_id in its index (key columns, then INCLUDE)
TABLES = {
    "intake_intake": ("", "status, created_at, completed_at"),
    "intake_trede": (', client_id, "on", id', "step"),
    "trajecten_plan": ("", "id, is_current, proposed_at, agreed_at"),
    "trajecten_traject": ("", ""),
    "trajecten_uitstroom": ("", '"on", kind, contract, followup_6, followup_12'),
    "klachten_zaak": ("", "id, soort, status, received_on, decided_on"),
    "clients_overdracht": (", at", "client_id, from_coach_id, id"),
}

OF_CLIENT = """
CREATE OR REPLACE FUNCTION reports_kpi_coach_of_client() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.kpi_coach_id := (SELECT coach_id FROM clients_client WHERE id = NEW.client_id);
    RETURN NEW;
END $$;
"""

FOLLOWS_CLIENT = """
CREATE OR REPLACE FUNCTION reports_kpi_coach_follows_client() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{updates}
    RETURN NULL;
END $$;
CREATE TRIGGER reports_kpi_coach AFTER UPDATE OF coach_id ON clients_client
    FOR EACH ROW WHEN (OLD.coach_id IS DISTINCT FROM NEW.coach_id)
    EXECUTE FUNCTION reports_kpi_coach_follows_client();
"""


def _table_sql(table, keys, include):
    include_sql = f" INCLUDE ({include})" if include else ""
    return [
        f"ALTER TABLE {table} ADD COLUMN kpi_coach_id bigint",
        # The table names are this module's constants.
        f"UPDATE {table} AS t SET kpi_coach_id = c.coach_id FROM clients_client AS c WHERE c.id = t.client_id",  # noqa: S608  # nosec B608
        f"CREATE TRIGGER reports_kpi_coach BEFORE INSERT OR UPDATE OF client_id ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION reports_kpi_coach_of_client()",
        f"CREATE INDEX {table}_kpi_coach ON {table} (kpi_coach_id{keys}){include_sql}",
    ]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    statements = [OF_CLIENT]
    for table, (keys, include) in TABLES.items():
        statements += _table_sql(table, keys, include)
    updates = "\n".join(
        f"    UPDATE {table} SET kpi_coach_id = NEW.coach_id WHERE client_id = NEW.id;"  # noqa: S608  # nosec B608
        for table in TABLES
    )
    statements.append(FOLLOWS_CLIENT.format(updates=updates))
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS reports_kpi_coach ON clients_client")
    schema_editor.execute("DROP FUNCTION IF EXISTS reports_kpi_coach_follows_client()")
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_kpi_coach ON {table}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS kpi_coach_id")  # drops its index
    schema_editor.execute("DROP FUNCTION IF EXISTS reports_kpi_coach_of_client()")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_export_by_user_latest"),
        ("clients", "0013_export_covering_indexes"),
        ("intake", "0004_history_triggers"),
        ("trajecten", "0006_planstatus_first_proposal"),
        ("klachten", "0006_history_triggers"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
