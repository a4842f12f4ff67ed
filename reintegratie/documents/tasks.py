"""Celery tasks for letters: thin, primary keys only, idempotent."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from reintegratie.scheduling.services import job_lock, run_once

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def render_brief_task(brief_id):
    """Render one letter; does nothing when it is ready or taken by a live worker."""
    services.brief_render(brief_id=brief_id)


@shared_task(ignore_result=True)
def sweep_briefs_task():
    """Publish again the letters whose message was lost (one sweep at a time)."""
    with job_lock("brieven-sweep") as held:
        return services.briefs_sweep() if held else 0


@shared_task(ignore_result=True)
def progress_reports_task():
    """Daily: fan out the progress reports that are due, once per day however many beats fire."""
    today = timezone.localdate()
    return run_once("voortgangsrapportages", today, lambda: services.progress_reports_due(period=today))


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def progress_reports_batch_task(client_ids, period):
    """Make the progress reports of one batch of clients (primary keys only); idempotent."""
    return services.progress_reports_make(client_ids=client_ids, period=date.fromisoformat(period))
