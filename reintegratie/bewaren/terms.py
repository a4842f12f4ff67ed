"""The terms that are not per client file: access log, field history, sent mail, exports, left-over files.

Each is a setting (docs/privacy.md lists them with their source); the daily
retention task applies them once a day.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reintegratie.audit.partitions import partitions_retire

from . import services
from .anonymise import history_delete_allowed, is_history_model
from .models import OpruimBestand
from .retention import start_of


def history_models():
    """Every history/event table in the project (django-pghistory), also those added later."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and is_history_model(model)
    ]


def history_purge(*, today):
    """Delete history rows older than RETENTION_HISTORY_YEARS (by their creation time). Returns the count."""
    before = start_of(today - relativedelta(years=settings.RETENTION_HISTORY_YEARS))
    deleted = 0
    with history_delete_allowed():
        for model in history_models():
            field = "pgh_created_at" if any(f.name == "pgh_created_at" for f in model._meta.fields) else None
            if field:
                deleted += model._base_manager.filter(**{f"{field}__lt": before}).delete()[0]
    return deleted


def mails_purge(*, now):
    """Delete sent or failed mails older than RETENTION_MAIL_DAYS: an outbox is not an archive."""
    from reintegratie.outbox.models import Mail

    old = Mail.objects.filter(created_at__lt=now - timedelta(days=settings.RETENTION_MAIL_DAYS))
    return old.filter(status__in=["verzonden", "mislukt"]).delete()[0]


def exports_purge(*, now):
    """Delete exports (and their files, after the commit) older than RETENTION_EXPORT_DAYS."""
    from reintegratie.reports.models import Export

    with transaction.atomic():
        old = Export.objects.filter(created_at__lt=now - timedelta(days=settings.RETENTION_EXPORT_DAYS))
        names = [name for name in old.values_list("file", flat=True) if name]
        OpruimBestand.objects.bulk_create([OpruimBestand(name=name) for name in names], ignore_conflicts=True)
        count = old.delete()[0]
    services.files_delete()
    return count


def terms_apply(*, today=None):
    """Apply every term once; return what was removed (for the PeriodicRun row: counts and names, no content)."""
    today = today or timezone.localdate()
    now = timezone.now()
    return {
        "toegangslog_maanden": partitions_retire(
            keep_months=settings.RETENTION_ACCESS_LOG_MONTHS, today=today, drop=settings.RETENTION_ACCESS_LOG_DROP
        ),
        "geschiedenis": history_purge(today=today),
        "mails": mails_purge(now=now),
        "exports": exports_purge(now=now),
        "bestanden": services.files_delete(),
    }
