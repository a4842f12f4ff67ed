"""Celery tasks of the clients app: thin, idempotent, no personal data in messages."""

from celery import shared_task
from django.utils import timezone

from reintegratie.scheduling.services import run_once


@shared_task(acks_late=True, ignore_result=True)
def afspraak_reminders_task():
    """Daily: remind clients of tomorrow's appointments (once per appointment and day)."""
    from .afspraak_services import afspraak_reminders

    today = timezone.localdate()
    # Once per day, however many beats fire; each mail is also unique per appointment and day.
    return run_once("afspraken-herinneringen", today, lambda: {"sent": afspraak_reminders(today=today)})
