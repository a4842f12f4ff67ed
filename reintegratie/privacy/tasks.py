"""Celery tasks for inzage: thin, primary keys only, idempotent."""

from celery import shared_task

from reintegratie.scheduling.services import job_lock

from . import services


# A long file (hundreds of contacts and letters) needs more than the default letter limits.
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, soft_time_limit=600, time_limit=660)
def inzage_make_task(verzoek_id):
    """Make one inzage zip; does nothing when it is ready or taken by a live worker."""
    services.inzage_make(verzoek_id=verzoek_id)


@shared_task(ignore_result=True)
def inzage_expire_task():
    """Remove the inzage zips whose term (INZAGE_KEEP_DAYS) has passed (one run at a time)."""
    with job_lock("inzage-expire") as held:
        return services.inzage_expire() if held else 0
