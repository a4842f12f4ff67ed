"""Celery tasks for exports: thin, primary keys only, idempotent."""

from celery import shared_task

from reintegratie.scheduling.services import job_lock

from . import services


# Long exports (40,000 rows, a zip of PDFs) need more than the default letter limits.
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, soft_time_limit=1800, time_limit=1900)
def run_export_task(export_id):
    """Make one export file; does nothing when it is ready or taken by a live worker."""
    services.export_run(export_id=export_id)


@shared_task(ignore_result=True)
def sweep_exports_task():
    """Publish again the exports whose message was lost (one sweep at a time)."""
    with job_lock("exports-sweep") as held:
        return services.exports_sweep() if held else 0


@shared_task(ignore_result=True, soft_time_limit=600, time_limit=660)
def kpi_snapshot_task():
    """Store tonight's municipality-wide KPI figures; a second run for the same period replaces the first."""
    from .snapshots import kpi_snapshot_make

    with job_lock("kpi-snapshot") as held:
        if held:
            kpi_snapshot_make()
