"""WSGI entry point (gunicorn reintegratie.wsgi:application)."""

import gc
import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegratie.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402 (after setup)

if settings.SECRET_KEY_IS_DEVELOPMENT and not settings.DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it (50+ random characters), or set DJANGO_DEBUG=true for local development."
    )

if settings.STORAGE_CHECK_AT_STARTUP:
    # A missing bucket, refused credentials or an unreachable object store stop the
    # web node here, with the reason, instead of a 500 on the first download.
    from reintegratie.storage import check_storage

    check_storage()

# Everything loaded so far (Django, the app, its templates' modules) lives as long as the worker:
# moved out of the collector's generations, a full collection no longer walks it (about 50 ms,
# every hundred or so requests, on the client file; tests/bench/prof_page.py GCFREEZE=1).
gc.freeze()


def _freeze_what_the_first_requests_built(sender=None, **kwargs):
    """Freeze again after the first requests: what they built lives as long as the worker too (each
    page's compiled templates, SQL and prepared statements, translations). Left in the collector, a
    full collection walked it every few seconds under load (20–30 ms on whatever page it struck:
    the benchmark's zaak page p95 3.5× its p50). Once after 100 requests and once after 1,000,
    each after a full collection, so only live objects are frozen."""
    _freeze_what_the_first_requests_built.served += 1
    if _freeze_what_the_first_requests_built.served in (100, 1000):
        gc.collect()
        gc.freeze()


_freeze_what_the_first_requests_built.served = 0

from django.core.signals import request_finished  # noqa: E402 (after setup)

request_finished.connect(_freeze_what_the_first_requests_built, dispatch_uid="reintegratie.wsgi.freeze")
