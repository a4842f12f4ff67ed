"""Celery tasks of the dossier: thin, ids only, idempotent."""

from celery import shared_task
from django.utils import timezone

from reintegratie.bewaren.services import files_delete
from reintegratie.scheduling.services import run_once

from . import services


@shared_task(ignore_result=True)
def documents_expire_task():
    """Delete the documents whose term has passed (once per day), then retry file deletes that failed before."""
    today = timezone.localdate()
    run_once("dossier: verlopen documenten", today.isoformat(), lambda: services.documents_expire(today=today))
    # Outside the once-per-day guard: a file whose delete failed (storage down) is tried on every run.
    return files_delete()
