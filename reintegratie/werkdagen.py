"""Public holidays and the Algemene termijnenwet (Atw): the calendar under every term.

Pure functions: no Django, no clock. A neutral module every app may import (the client file's
appointment warnings, the demo data); ``klachten.deadlines`` builds the Awb terms on top of these
and re-exports them.

Public holidays are those of Atw art. 3 lid 1, Goede Vrijdag (lid 2) and the days
the Crown makes equal to a holiday by decree (lid 3). The decree days are data the
beheerder keeps (``klachten.models.GelijkgesteldeDag``). Every function that takes
``extra_holidays`` uses them when the caller passes nothing (``None``): the app
registers its source once (``set_decree_days_source``, in ``KlachtenConfig.ready``),
so no caller can forget them. Passing an iterable replaces them, e.g.
``extra_holidays=()`` for the statutory days alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from dateutil.easter import easter

__all__ = [
    "atw_extend",
    "atw_holiday_name",
    "atw_holidays",
    "check_date",
    "decree_days",
    "holidays_between",
    "is_public_holiday",
    "is_working_day",
    "resolve_extra_holidays",
    "set_decree_days_source",
]


def check_date(value: object, name: str) -> date:
    """Reject anything that is not a plain ``date`` (a ``datetime`` would compare badly)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return value


# --------------------------------------------------------------------------- Atw


@functools.lru_cache(maxsize=64)
def _holiday_names(year: int) -> dict[date, str]:
    """Map each Atw art. 3 lid 1 and lid 2 public holiday of ``year`` to its Dutch name."""
    e = easter(year)
    koning = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    if koning.weekday() == 6:  # celebrated on the Saturday before when it falls on a Sunday
        koning -= timedelta(days=1)
    names = {
        date(year, 1, 1): "Nieuwjaarsdag",
        e - timedelta(days=2): "Goede Vrijdag",
        e: "Eerste Paasdag",
        e + timedelta(days=1): "Tweede Paasdag",
        koning: "Koningsdag" if year >= 2014 else "Koninginnedag",
        date(year, 5, 5): "Bevrijdingsdag",
        e + timedelta(days=39): "Hemelvaartsdag",
        e + timedelta(days=49): "Eerste Pinksterdag",
        e + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }
    return names


@functools.lru_cache(maxsize=64)
def atw_holidays(year: int) -> frozenset[date]:
    """Return the generally recognised public holidays of ``year`` (Atw art. 3 lid 1 and 2).

    Nieuwjaarsdag, Eerste and Tweede Paasdag, Hemelvaartsdag, Eerste and
    Tweede Pinksterdag, Eerste and Tweede Kerstdag, the day on which the King's birthday
    is celebrated (27 April, or 26 April when 27 April is a Sunday) and 5 May, and Goede
    Vrijdag, which art. 3 lid 2 makes equal to them. Days the Crown makes equal to a
    holiday by decree (art. 3 lid 3) are not included here; see ``decree_days``.
    Before 2014 Koninginnedag (30 April, or 29 April when that is a Sunday) is used; that
    historic rule is from background knowledge and not verified.
    """
    return frozenset(_holiday_names(year))


_decree_days_source: Callable[[], frozenset[date]] | None = None


def set_decree_days_source(source: Callable[[], frozenset[date]] | None) -> None:
    """Register where the decree days (Atw art. 3 lid 3) come from; ``None`` means there are none.

    The klachten app registers its database table at start-up; tests may register a
    fixed set. The source is called on every computation and should cache.
    """
    global _decree_days_source
    _decree_days_source = source


def decree_days() -> frozenset[date]:
    """Return the days made equal to a public holiday by decree (Atw art. 3 lid 3)."""
    return frozenset() if _decree_days_source is None else frozenset(_decree_days_source())


def resolve_extra_holidays(extra_holidays: Iterable[date] | None) -> frozenset[date]:
    """The decree days when the caller passed nothing, else exactly what the caller passed."""
    return decree_days() if extra_holidays is None else frozenset(extra_holidays)


def atw_holiday_name(d: date, *, extra_holidays: Iterable[date] | None = None) -> str | None:
    """Return the Dutch name of the Atw art. 3 holiday on ``d``, or ``None`` if it is none."""
    check_date(d, "d")
    name = _holiday_names(d.year).get(d)
    if name is None and d in resolve_extra_holidays(extra_holidays):
        name = "een erkende feestdag"
    return name


def is_public_holiday(d: date, *, extra_holidays: Iterable[date] | None = None) -> bool:
    """Return whether ``d`` is a public holiday for the Atw (art. 3 lid 1–3), decree days included.

    Weekends are not holidays here; use ``is_working_day`` for "not a weekend, not a holiday".
    """
    return atw_holiday_name(d, extra_holidays=extra_holidays) is not None


def holidays_between(start: date, end: date, *, extra_holidays: Iterable[date] | None = None) -> list[tuple[date, str]]:
    """Return ``(day, Dutch name)`` for every Atw holiday from ``start`` to ``end`` inclusive, in order.

    Decree days (art. 3 lid 3) are named "een erkende feestdag". Weekends are not listed.
    """
    check_date(start, "start")
    check_date(end, "end")
    extra = resolve_extra_holidays(extra_holidays)
    found = {d: n for year in range(start.year, end.year + 1) for d, n in _holiday_names(year).items()}
    for d in extra:
        found.setdefault(d, "een erkende feestdag")
    return sorted((d, n) for d, n in found.items() if start <= d <= end)


def is_working_day(d: date, *, extra_holidays: Iterable[date] | None = None) -> bool:
    """Return whether ``d`` is not a Saturday, Sunday or Atw holiday (Atw art. 1 lid 1, art. 3 lid 1–3)."""
    check_date(d, "d")
    if d.weekday() >= 5:
        return False
    return d not in atw_holidays(d.year) and d not in resolve_extra_holidays(extra_holidays)


def add_working_days(start: date, days: int, *, extra_holidays: Iterable[date] | None = None) -> date:
    """The day ``days`` working days after ``start`` (before it when ``days`` is negative); ``start`` itself
    does not count. 0 gives ``start``."""
    check_date(start, "start")
    extra = resolve_extra_holidays(extra_holidays)
    step = timedelta(days=1 if days >= 0 else -1)
    day, left = start, abs(days)
    while left:
        day += step
        if is_working_day(day, extra_holidays=extra):
            left -= 1
    return day


def atw_extend(d: date, *, start: date | None = None, extra_holidays: Iterable[date] | None = None) -> date:
    """Move the last day ``d`` of a statutory term as the Algemene termijnenwet requires.

    Atw art. 1 lid 1: a term that ends on a Saturday, Sunday or holiday runs on to the
    next day that is none of those. Atw art. 2: when ``start`` (the first day of the term)
    is given and the term lasts at least three days, it is stretched until it holds at
    least two such working days.
    """
    check_date(d, "d")
    extra = resolve_extra_holidays(extra_holidays)
    end = d
    while not is_working_day(end, extra_holidays=extra):
        end += timedelta(days=1)
    if start is not None:
        check_date(start, "start")
        if start > d:
            raise ValueError("start must not be after the end of the term")
        if (d - start).days + 1 >= 3:
            count = sum(
                is_working_day(start + timedelta(days=i), extra_holidays=extra) for i in range((end - start).days + 1)
            )
            while count < 2:
                end += timedelta(days=1)
                if is_working_day(end, extra_holidays=extra):
                    count += 1
    return end
