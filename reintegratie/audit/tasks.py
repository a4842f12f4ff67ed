"""Celery tasks of the audit app."""

from celery import shared_task

from reintegratie.scheduling.services import job_lock

from .partitions import partitions_ensure


@shared_task(ignore_result=True)
def accesslog_partitions_task():
    """Daily: make sure this month's and the next three months' partitions exist (idempotent)."""
    with job_lock("accesslog-partities") as held:
        return partitions_ensure(ahead=3) if held else []
