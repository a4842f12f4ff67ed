"""Celery tasks of the klachten app: thin, idempotent, no personal data in messages."""

from celery import shared_task
from django.utils import timezone

from reintegratie.scheduling.services import run_once


@shared_task(acks_late=True)
def zaken_remind_task():
    """Daily: remind handlers before a deadline and flag overdue zaken (once per deadline)."""
    from .services import zaken_remind

    def work():
        reminded, overdue = zaken_remind(today=today)
        return {"reminded": reminded, "overdue": overdue}

    # Once per day, however many beats fire; each mail is also unique per zaak and deadline.
    today = timezone.localdate()
    return run_once("zaken-herinneringen", today, work)
