"""The Celery app.

Without ``CELERY_BROKER_URL`` the settings make tasks run in-process
(``task_always_eager``), so the embedded default needs no Redis.
"""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegratie.settings")

app = Celery("reintegratie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _check_storage_at_start(**kwargs):
    """A worker that cannot store letters refuses to start, with the reason (see reintegratie/storage.py)."""
    from django.conf import settings

    if settings.STORAGE_CHECK_AT_STARTUP:
        from django.core.exceptions import ImproperlyConfigured

        from reintegratie.storage import check_storage

        try:
            check_storage()
        except ImproperlyConfigured as error:
            # Celery logs and swallows exceptions of signal handlers; SystemExit stops the worker.
            raise SystemExit(f"worker not started: {error}") from error
