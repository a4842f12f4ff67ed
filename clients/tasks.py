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


@shared_task(acks_late=True, ignore_result=True)
def weekly_overview_task():
    """Weekly: every coach's overview of contact and evaluations due (counts only), once per coach and week."""
    from .weekly import week_key, weekly_overviews

    today = timezone.localdate()
    return run_once("weekoverzicht", week_key(today), lambda: {"queued": weekly_overviews(today=today)})
