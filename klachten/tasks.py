"""Celery tasks of the klachten app: thin, idempotent, no personal data in messages."""

from celery import shared_task


@shared_task(acks_late=True)
def zaken_remind_task():
    """Daily: remind handlers before a deadline and flag overdue zaken (once per deadline)."""
    from .services import zaken_remind

    reminded, overdue = zaken_remind()
    return {"reminded": reminded, "overdue": overdue}
