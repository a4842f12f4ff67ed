"""The one date style a person reads: "4 december 2026" (and "4 december 2026, 14:30").

Templates write ``{{ d|date:"j F Y" }}`` (``DATE_STYLE``); Python code that builds
a sentence uses :func:`datum` / :func:`datum_tijd`. Never "04-12-2026" or "4 Dec 2026":
tests/test_date_style.py scans rendered letters and pages for other styles.
CSV exports keep ISO dates (2026-12-04), which spreadsheets read as dates.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

DATE_STYLE = "j F Y"
DATETIME_STYLE = "j F Y, H:i"


def datum(value):
    """'4 december 2026', in Dutch whatever language is active (Celery tasks have none)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    with override("nl"):
        return date_format(value, DATE_STYLE)


def datum_tijd(value):
    """'4 december 2026, 14:30', in local time."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    with override("nl"):
        return date_format(value, DATETIME_STYLE)
