"""Celery tasks for letters: thin, primary keys only, idempotent."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def render_brief_task(brief_id):
    """Render one letter; does nothing when it is ready or taken by a live worker."""
    services.brief_render(brief_id=brief_id)


@shared_task(ignore_result=True)
def sweep_briefs_task():
    """Publish again the letters whose message was lost."""
    return services.briefs_sweep()


@shared_task(ignore_result=True)
def progress_reports_task():
    """Request the periodic progress reports that are due."""
    return services.progress_reports_due()
