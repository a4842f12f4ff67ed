"""``trajecten_plan.kpi_open_due`` (0005) is kept once per statement, not once per action row.

0005 recomputed a plan's earliest open action date in a row trigger: an ``INSERT`` of n actions ran
n plan updates, each with a correlated subquery planned inside the statement. Where the tables'
statistics lag behind (a bulk load, ``seed_scale``'s 40,000 clients in one transaction) that
subquery scanned the actions for every row: quadratic, more than ten minutes of CPU for what took
seconds. Now three statement triggers with transition tables (PostgreSQL allows one event per such
trigger, and no column list) gather the plans an ``INSERT``, ``DELETE`` or ``UPDATE`` touched and
recompute them in one set-based statement; an update that changes none of goal, status and date
touches no plan, and a plan whose date did not change is not written. The goal trigger of 0005 (a
goal moved to another plan) stays as it was: it now calls the same set-based function.
"""

from django.db import migrations

OF_PLANS = """
CREATE OR REPLACE FUNCTION reports_kpi_open_due_of(plans bigint[]) RETURNS void LANGUAGE sql AS $$
    WITH touched AS (SELECT DISTINCT unnest(plans) AS plan_id),
    due AS (
        SELECT d.plan_id, min(a.due) AS due
        FROM trajecten_doel d JOIN trajecten_actie a ON a.doel_id = d.id AND a.status = 'open'
        WHERE d.plan_id IN (SELECT plan_id FROM touched)
        GROUP BY d.plan_id)
    UPDATE trajecten_plan AS p SET kpi_open_due = due.due
    FROM touched LEFT JOIN due ON due.plan_id = touched.plan_id
    WHERE p.id = touched.plan_id AND p.kpi_open_due IS DISTINCT FROM due.due
$$
"""

ON_ACTIE = {
    "INSERT": (
        "REFERENCING NEW TABLE AS new_rows",
        "SELECT doel_id FROM new_rows",
    ),
    "DELETE": (
        "REFERENCING OLD TABLE AS old_rows",
        "SELECT doel_id FROM old_rows",
    ),
    "UPDATE": (
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT unnest(ARRAY[o.doel_id, n.doel_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id "
        "WHERE (o.doel_id, o.status, o.due) IS DISTINCT FROM (n.doel_id, n.status, n.due)",
    ),
}


def _actie_sql(event, referencing, goals):
    name = f"reports_kpi_open_due_actie_{event.lower()}"
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM reports_kpi_open_due_of(ARRAY(SELECT plan_id FROM trajecten_doel WHERE id IN ({goals})));
            RETURN NULL;
        END $$""",  # noqa: S608  # nosec B608 (this module's constants)
        f"CREATE TRIGGER {name} AFTER {event} ON trajecten_actie {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


FORWARD = [
    "DROP TRIGGER reports_kpi_open_due ON trajecten_actie",
    "DROP FUNCTION reports_kpi_open_due_follows_actie()",
    OF_PLANS,
    *(sql for event, (referencing, goals) in ON_ACTIE.items() for sql in _actie_sql(event, referencing, goals)),
]

BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS reports_kpi_open_due_actie_{e.lower()} ON trajecten_actie" for e in ON_ACTIE),
    *(f"DROP FUNCTION IF EXISTS reports_kpi_open_due_actie_{e.lower()}()" for e in ON_ACTIE),
    """CREATE OR REPLACE FUNCTION reports_kpi_open_due_of(plans bigint[]) RETURNS void LANGUAGE sql AS $$
        UPDATE trajecten_plan AS p SET kpi_open_due = (
            SELECT min(a.due) FROM trajecten_actie a JOIN trajecten_doel d ON d.id = a.doel_id
            WHERE d.plan_id = p.id AND a.status = 'open')
        WHERE p.id = ANY(plans)
    $$""",
    """CREATE OR REPLACE FUNCTION reports_kpi_open_due_follows_actie() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM reports_kpi_open_due_of(ARRAY(SELECT plan_id FROM trajecten_doel WHERE id = NEW.doel_id));
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM reports_kpi_open_due_of(ARRAY(SELECT plan_id FROM trajecten_doel WHERE id = OLD.doel_id));
        ELSE
            PERFORM reports_kpi_open_due_of(
                ARRAY(SELECT plan_id FROM trajecten_doel WHERE id IN (OLD.doel_id, NEW.doel_id)));
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER reports_kpi_open_due AFTER INSERT OR DELETE OR UPDATE OF doel_id, status, due
        ON trajecten_actie FOR EACH ROW EXECUTE FUNCTION reports_kpi_open_due_follows_actie()""",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_kpi_open_due")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
