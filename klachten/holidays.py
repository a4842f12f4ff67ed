"""The days the Crown made equal to a public holiday (Algemene termijnenwet art. 3 lid 3).

The beheerder keeps them in ``GelijkgesteldeDag`` (/beheer/). ``KlachtenConfig.ready``
makes ``decree_days`` the default source of ``klachten.deadlines``, so every term,
letter and reminder counts them without the caller passing anything.

The days are cached per process. Saving or deleting a row clears the cache in the
process that saved it; other processes (gunicorn workers, the Celery worker) reload
within ``CACHE_SECONDS``. A decree is published months before its first day, so a
few minutes of delay cannot move a term.
"""

import threading
import time
from datetime import date

#: Loaded by migration 0003: "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026,
#: 7 mei 2027, 28 april 2028 en 26 mei 2028 met een algemeen erkende feestdag".
#: The date it came into force was not checked; any date before 2 January 2026 gives
#: the same terms. See docs/termijnen.md.
DECREE_2026_2028 = (
    "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 "
    "met een algemeen erkende feestdag"
)
DECREE_2026_2028_VALID_FROM = date(2026, 1, 1)
DEFAULT_DECREE_DAYS = (
    date(2026, 1, 2),  # vrijdag na Nieuwjaarsdag
    date(2026, 5, 15),  # vrijdag na Hemelvaartsdag
    date(2027, 5, 7),  # vrijdag na Hemelvaartsdag
    date(2028, 4, 28),  # vrijdag na Koningsdag
    date(2028, 5, 26),  # vrijdag na Hemelvaartsdag
)

CACHE_SECONDS = 300

_lock = threading.Lock()
_cache: tuple[float, frozenset[date]] | None = None


def decree_days() -> frozenset[date]:
    """Return every decree day whose decree is in force on that day, from the database (cached)."""
    global _cache
    cached = _cache
    if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    from django.db.models import F

    from .models import GelijkgesteldeDag

    with _lock:
        days = frozenset(GelijkgesteldeDag.objects.filter(valid_from__lte=F("day")).values_list("day", flat=True))
        _cache = (time.monotonic(), days)
    return days


def clear_cache(**_signal_kwargs) -> None:
    """Forget the cached days; connected to post_save and post_delete of ``GelijkgesteldeDag``."""
    global _cache
    _cache = None
