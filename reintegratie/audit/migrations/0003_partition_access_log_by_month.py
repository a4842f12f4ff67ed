"""Partition the access log by month on PostgreSQL (declarative partitioning on ``at``).

The plain table is replaced by a partitioned one with the same columns, index
names, foreign keys and append-only trigger; existing rows are copied into
their month. The primary key becomes (id, at), as PostgreSQL requires the
partition key in it; ids still come from one sequence, so they stay unique.
Partitions: every month that holds rows, this month and three ahead, and a
default partition for anything else. SQLite keeps the plain table.
"""

from django.db import migrations

from reintegratie.audit.partitions import add_months, create_sql, month_start

COLUMNS = "id, at, role, action, result, path, ip, client_id, user_id"
CLIENT_FK = "audit_accesslog_client_id_1c40a34b_fk_clients_client_id"
USER_FK = "audit_accesslog_user_id_7f87e501_fk_accounts_user_id"
INDEXES = """
CREATE INDEX accesslog_client_at ON audit_accesslog (client_id, at DESC);
CREATE INDEX audit_accesslog_at_210015f3 ON audit_accesslog (at);
CREATE INDEX audit_accesslog_client_id_1c40a34b ON audit_accesslog (client_id);
CREATE INDEX audit_accesslog_user_id_7f87e501 ON audit_accesslog (user_id);
"""
TRIGGER = """
CREATE TRIGGER audit_accesslog_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_accesslog
    FOR EACH ROW EXECUTE FUNCTION audit_accesslog_append_only();
"""
SET_SEQUENCE = "SELECT setval('audit_accesslog_id_seq', COALESCE((SELECT MAX(id) FROM audit_accesslog), 0) + 1, false)"


def _set_aside(cursor):
    """Rename the current table, its indexes and its id sequence out of the way."""
    cursor.execute("ALTER TABLE audit_accesslog RENAME TO audit_accesslog_old")
    cursor.execute("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'audit_accesslog_old'::regclass")
    for (index,) in cursor.fetchall():
        cursor.execute(f'ALTER INDEX "{index}" RENAME TO "{index[:55]}_old"')
    cursor.execute("SELECT pg_get_serial_sequence('audit_accesslog_old', 'id')")
    sequence = cursor.fetchone()[0]
    if sequence:
        cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO audit_accesslog_old_id_seq")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        _set_aside(cursor)
        cursor.execute("CREATE SEQUENCE audit_accesslog_id_seq AS bigint")
        cursor.execute(
            "CREATE TABLE audit_accesslog ("
            " id bigint NOT NULL DEFAULT nextval('audit_accesslog_id_seq'),"
            " at timestamp with time zone NOT NULL,"
            " role varchar(20) NOT NULL,"
            " action varchar(10) NOT NULL,"
            " result varchar(10) NOT NULL,"
            " path varchar(300) NOT NULL,"
            " ip inet NULL,"
            f" client_id uuid NOT NULL CONSTRAINT {CLIENT_FK} REFERENCES clients_client (id)"
            " DEFERRABLE INITIALLY DEFERRED,"
            f" user_id bigint NULL CONSTRAINT {USER_FK} REFERENCES accounts_user (id)"
            " DEFERRABLE INITIALLY DEFERRED,"
            " CONSTRAINT audit_accesslog_pkey PRIMARY KEY (id, at)"
            ") PARTITION BY RANGE (at)"
        )
        cursor.execute("ALTER SEQUENCE audit_accesslog_id_seq OWNED BY audit_accesslog.id")
        cursor.execute("CREATE TABLE audit_accesslog_default PARTITION OF audit_accesslog DEFAULT")
        cursor.execute(
            "SELECT MIN(at AT TIME ZONE 'UTC')::date, (NOW() AT TIME ZONE 'UTC')::date FROM audit_accesslog_old"
        )
        oldest, today = cursor.fetchone()
        month, last = month_start(oldest or today), add_months(month_start(today), 3)
        while month <= last:
            cursor.execute(create_sql(month))
            month = add_months(month, 1)
        cursor.execute(INDEXES)
        cursor.execute(
            f"INSERT INTO audit_accesslog ({COLUMNS}) SELECT {COLUMNS} FROM audit_accesslog_old"  # noqa: S608  # nosec B608
        )
        cursor.execute(SET_SEQUENCE)
        cursor.execute(TRIGGER)
        cursor.execute("DROP TABLE audit_accesslog_old")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        _set_aside(cursor)
        cursor.execute("CREATE SEQUENCE audit_accesslog_id_seq AS bigint")
        cursor.execute(
            "CREATE TABLE audit_accesslog (LIKE audit_accesslog_old INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
        )
        cursor.execute("ALTER TABLE audit_accesslog ALTER COLUMN id SET DEFAULT nextval('audit_accesslog_id_seq')")
        cursor.execute("ALTER SEQUENCE audit_accesslog_id_seq OWNED BY audit_accesslog.id")
        cursor.execute("ALTER TABLE audit_accesslog ADD CONSTRAINT audit_accesslog_pkey PRIMARY KEY (id)")
        cursor.execute(
            f"ALTER TABLE audit_accesslog ADD CONSTRAINT {CLIENT_FK} FOREIGN KEY (client_id) "
            "REFERENCES clients_client (id) DEFERRABLE INITIALLY DEFERRED"
        )
        cursor.execute(
            f"ALTER TABLE audit_accesslog ADD CONSTRAINT {USER_FK} FOREIGN KEY (user_id) "
            "REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED"
        )
        cursor.execute(INDEXES)
        cursor.execute(
            f"INSERT INTO audit_accesslog ({COLUMNS}) SELECT {COLUMNS} FROM audit_accesslog_old"  # noqa: S608  # nosec B608
        )
        cursor.execute(SET_SEQUENCE)
        cursor.execute(TRIGGER)
        cursor.execute("DROP TABLE audit_accesslog_old CASCADE")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
