"""A plan's earliest open action date (``trajecten_plan.kpi_open_due``), kept by PostgreSQL: ``reports/kpi_plans.py``.

PostgreSQL only, like 0004 (not a model field; Django never writes it). The open actions past their
date are counted for the team's current plans; each plan's goals and actions were probed to find
them (at 40,000 clients half of the dashboard's plan query). With this column only the plans whose
earliest open action lies before today are probed. It is kept exact: an AFTER trigger on
``trajecten_actie`` (insert, delete, a change of its goal, status or date) and on ``trajecten_doel``
(a goal moved to another plan) recomputes it for the plans concerned. The plan's history trigger
compares named columns: this column makes no event.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE trajecten_plan ADD COLUMN kpi_open_due date",
    """UPDATE trajecten_plan AS p SET kpi_open_due = x.due FROM (
        SELECT d.plan_id, min(a.due) AS due FROM trajecten_actie a JOIN trajecten_doel d ON d.id = a.doel_id
        WHERE a.status = 'open' GROUP BY d.plan_id) AS x WHERE x.plan_id = p.id""",
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
    """CREATE OR REPLACE FUNCTION reports_kpi_open_due_follows_doel() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM reports_kpi_open_due_of(ARRAY[OLD.plan_id, NEW.plan_id]);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER reports_kpi_open_due AFTER UPDATE OF plan_id ON trajecten_doel
        FOR EACH ROW WHEN (OLD.plan_id IS DISTINCT FROM NEW.plan_id)
        EXECUTE FUNCTION reports_kpi_open_due_follows_doel()""",
    # The plan index by coach (0004) with this column too: the current plans with a late action by coach, index only.
    "DROP INDEX trajecten_plan_kpi_coach",
    "CREATE INDEX trajecten_plan_kpi_coach ON trajecten_plan (kpi_coach_id) "
    "INCLUDE (id, is_current, proposed_at, agreed_at, kpi_open_due)",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS reports_kpi_open_due ON trajecten_doel",
    "DROP TRIGGER IF EXISTS reports_kpi_open_due ON trajecten_actie",
    "DROP FUNCTION IF EXISTS reports_kpi_open_due_follows_doel()",
    "DROP FUNCTION IF EXISTS reports_kpi_open_due_follows_actie()",
    "DROP FUNCTION IF EXISTS reports_kpi_open_due_of(bigint[])",
    "DROP INDEX IF EXISTS trajecten_plan_kpi_coach",
    "ALTER TABLE trajecten_plan DROP COLUMN IF EXISTS kpi_open_due",
    "CREATE INDEX trajecten_plan_kpi_coach ON trajecten_plan (kpi_coach_id) INCLUDE (id, is_current, proposed_at, agreed_at)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_kpi_coach")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
