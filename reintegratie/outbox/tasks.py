"""Celery tasks for the outbox: thin, primary keys only, idempotent."""

from celery import shared_task

from reintegratie.scheduling.services import job_lock

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_mail_task(mail_id):
    """Send one mail; does nothing when it is sent or taken by a live worker."""
    services.mail_deliver(mail_id)


@shared_task(ignore_result=True)
def sweep_outbox_task():
    """Publish again the mails whose next attempt is due or whose message was lost."""
    with job_lock("outbox-sweep") as held:
        return services.outbox_sweep() if held else 0
