"""Celery tasks of retention and destruction: thin, ids only, idempotent."""

from celery import shared_task
from django.utils import timezone

from reintegratie.scheduling.services import run_once

from . import retention, services, terms

# Files destroyed per task run; the task queues itself again for the rest (within the time limit).
BATCH = 200


@shared_task
def lijst_destroy_task(lijst_id):
    """Destroy the next files of an approved list; after a crash the next run goes on where it stopped."""
    services.lijst_destroy(lijst_id, limit=BATCH)
    if services.lijst_remaining(lijst_id):
        lijst_destroy_task.delay(lijst_id)


@shared_task
def retention_daily_task():
    """Make this month's destruction list (once per month) and apply the other terms (once per day)."""
    today = timezone.localdate()

    def make():
        lijst = services.lijst_make(today=today)
        return {"lijst": lijst.pk if lijst else None, "items": lijst.items.count() if lijst else 0}

    run_once("vernietigingslijst", retention.month_period(today), make)
    run_once("bewaartermijnen", today.isoformat(), lambda: terms.terms_apply(today=today))
    # An approved list whose task message was lost (broker down, worker killed) goes on.
    for lijst_id in services.lijsten_unfinished():
        lijst_destroy_task.delay(lijst_id)
