"""Run periodic work once, even when two beat processes were started by mistake.

Two guards, each enough on its own for the jobs that use both:

- a lock: on PostgreSQL a session advisory lock per job
  (``pg_try_advisory_lock``), so a second run that starts while the first is
  busy stops at once. The lock belongs to the database connection: a worker
  that dies releases it with its connection. SQLite (``make run``) has one
  process and needs no lock.
- the period in the database: a ``PeriodicRun`` row per job and period
  (unique), so a run that comes later the same period, after the first one
  finished, does nothing either. What the job makes carries its own unique
  constraint too (one voortgangsrapportage per client per period; one
  reminder mail per zaak and deadline).
"""

import contextlib
import hashlib
import logging
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import PeriodicRun

logger = logging.getLogger(__name__)

# A run without finished_at older than this died half-way; the next run takes the period over.
STALE_AFTER = timedelta(hours=1)


def _lock_key(job):
    return int.from_bytes(hashlib.sha256(f"periodic:{job}".encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def job_lock(job):
    """Yield True when this process holds the job's lock, False when another run holds it."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = _lock_key(job)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def period_claim(job, period):
    """Take the period for this job; return the PeriodicRun, or None when it is done or being done."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return PeriodicRun.objects.create(job=job, period=period, started_at=now)
    except IntegrityError:
        pass
    # Taken before: only a run that died half-way may be taken over.
    taken = PeriodicRun.objects.filter(
        job=job, period=period, finished_at__isnull=True, started_at__lt=now - STALE_AFTER
    ).update(started_at=now)
    return PeriodicRun.objects.get(job=job, period=period) if taken else None


def run_once(job, period, work):
    """Run ``work()`` for this job and period unless another run has it or had it. Returns work's result or None."""
    with job_lock(job) as held:
        if not held:
            logger.info("periodic %s: another run holds the lock; skipped", job)
            return None
        run = period_claim(job, str(period))
        if run is None:
            logger.info("periodic %s %s: already done; skipped", job, period)
            return None
        result = work()
        PeriodicRun.objects.filter(pk=run.pk).update(
            finished_at=timezone.now(), result=result if isinstance(result, dict) else {"result": result}
        )
        return result
