"""Deadlines for complaints (klacht), sanctions (maatregel) and objections (bezwaar).

Pure functions: no Django, no clock. Every function that needs "today" takes it as a
parameter, so callers and tests decide the reference date.

Statutory terms are moved by the Algemene termijnenwet (Atw) when they end on a
Saturday, Sunday or public holiday (art. 1) and stretched so that they hold at least
two working days (art. 2). Public holidays are those of Atw art. 3 lid 1, Goede
Vrijdag (lid 2) and the days the Crown makes equal to a holiday by decree (lid 3);
they come from ``reintegratie.werkdagen``. When a caller passes no ``extra_holidays``, the
decree days the beheerder keeps are used, so no term, letter or reminder misses them.

Terms in weeks are counted as in Awb 6:8: the term starts on the day after the
event, and a term of N weeks that starts on day S ends on S + 7N - 1, the last day
on which the act can still be done.

The ``reason`` strings are plain Dutch (B1) for a client or coach.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from reintegratie.werkdagen import (
    atw_extend,
    atw_holiday_name,
    atw_holidays,
    check_date,
    decree_days,
    holidays_between,
    is_public_holiday,
    is_working_day,
    resolve_extra_holidays,
    set_decree_days_source,
)

__all__ = [
    "REMINDER_DAYS",
    "Termijn",
    "atw_extend",
    "atw_holiday_name",
    "atw_holidays",
    "bezwaar_beslistermijn",
    "bezwaar_on_time",
    "bezwaar_termijn",
    "bezwaar_verdaging",
    "decree_days",
    "heroverweging_uiterlijk",
    "holidays_between",
    "is_public_holiday",
    "is_working_day",
    "klacht_beslistermijn",
    "klacht_verdaging",
    "ombudsman_termijn",
    "recidive_window",
    "reminder_due",
    "set_decree_days_source",
    "within_recidive",
    "zienswijze_termijn",
]

#: Calendar days before ``Termijn.end`` from which a reminder is due.
REMINDER_DAYS = 5

RULE_BEZWAAR = "Awb 6:7"
RULE_BEZWAAR_BESLIS = "Awb 7:10 lid 1"
RULE_BEZWAAR_VERDAGING = "Awb 7:10 lid 3"
RULE_KLACHT_BESLIS = "Awb 9:11 lid 1"
RULE_KLACHT_VERDAGING = "Awb 9:11 lid 2"
RULE_ZIENSWIJZE = "Awb 4:8"

_WEEKDAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


# --------------------------------------------------------------------------- helpers


def _nl_date(d: date) -> str:
    """Format a date in Dutch, e.g. ``dinsdag 7 april 2026``, without relying on the locale."""
    return f"{_WEEKDAYS_NL[d.weekday()]} {d.day} {_MONTHS_NL[d.month - 1]} {d.year}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --------------------------------------------------------------------------- Termijn


@dataclass(frozen=True)
class Termijn:
    """A statutory or set term, before and after the Algemene termijnenwet."""

    start: date  # first day of the term
    nominal_end: date  # last day by plain counting
    end: date  # last day after the Atw
    rule: str  # legal basis, e.g. "Awb 6:7"
    reason: str  # plain Dutch explanation for a client or coach

    def __post_init__(self) -> None:
        """Reject a term whose days are out of order."""
        if not self.start <= self.nominal_end <= self.end:
            raise ValueError("expected start <= nominal_end <= end")

    @property
    def moved(self) -> bool:
        """Return whether the Atw moved the end (Atw art. 1–2)."""
        return self.end != self.nominal_end

    def days_left(self, today: date) -> int:
        """Return the calendar days from ``today`` to ``end``; negative once overdue."""
        return (self.end - check_date(today, "today")).days

    def is_overdue(self, today: date) -> bool:
        """Return whether ``today`` is after the last day of the term."""
        return check_date(today, "today") > self.end


def _termijn(
    *, start: date, nominal_end: date, rule: str, basis: str, extra_holidays: Iterable[date] | None = None
) -> Termijn:
    """Apply Atw art. 1–2 to a counted term and explain the result in plain Dutch."""
    extra = resolve_extra_holidays(extra_holidays)
    after_art1 = atw_extend(nominal_end, extra_holidays=extra)
    end = atw_extend(nominal_end, start=start, extra_holidays=extra)
    sentences = [basis]
    if end == nominal_end:
        sentences.append(f"De termijn eindigt op {_nl_date(end)}.")
    else:
        if after_art1 != nominal_end:
            name = atw_holiday_name(nominal_end, extra_holidays=extra)
            why = f"op {name}" if name else "in het weekend"
            sentences.append(f"De laatste dag ({_nl_date(nominal_end)}) valt {why}.")
        if end != after_art1:
            sentences.append("In de termijn moeten minstens twee werkdagen zitten.")
        sentences[-1] = sentences[-1].removesuffix(".") + f"; de termijn loopt door tot en met {_nl_date(end)}."
    return Termijn(start=start, nominal_end=nominal_end, end=end, rule=rule, reason=" ".join(sentences))


def _weeks_from_day_after(event: date, weeks: int) -> tuple[date, date]:
    """Return (start, nominal end) of a term of ``weeks`` weeks starting the day after ``event``."""
    start = event + timedelta(days=1)
    return start, start + timedelta(weeks=weeks) - timedelta(days=1)


# --------------------------------------------------------------------------- bezwaar


def bezwaar_termijn(sent_on: date, *, extra_holidays: Iterable[date] | None = None) -> Termijn:
    """Return the term to object to a decision (Awb 6:7, 6:8 lid 1; Atw art. 1–2).

    Six weeks, starting on the day after the decision was sent (made known).
    """
    check_date(sent_on, "sent_on")
    start, nominal_end = _weeks_from_day_after(sent_on, 6)
    basis = (
        "Bezwaar maken kan tot 6 weken na verzending van het besluit. "
        f"De 6 weken beginnen op de dag na verzending: {_nl_date(start)}."
    )
    return _termijn(start=start, nominal_end=nominal_end, rule=RULE_BEZWAAR, basis=basis, extra_holidays=extra_holidays)


def bezwaar_on_time(
    *, sent_on: date, received_on: date, posted_on: date | None = None, extra_holidays: Iterable[date] | None = None
) -> bool:
    """Return whether an objection was filed on time (Awb 6:9).

    Lid 1: on time if received by the (Atw-moved) end of the term. Lid 2: when sent by
    post, also on time if posted by the end and received no later than one week after
    the end. An objection received before the term starts is not late (Awb 6:10).
    """
    check_date(received_on, "received_on")
    end = bezwaar_termijn(sent_on, extra_holidays=extra_holidays).end
    if received_on <= end:
        return True
    if posted_on is None:
        return False
    check_date(posted_on, "posted_on")
    if posted_on > received_on:
        raise ValueError("posted_on must not be after received_on")
    return posted_on <= end and received_on <= end + timedelta(weeks=1)


def bezwaar_beslistermijn(
    *, termijn_end: date, committee: bool = False, extra_holidays: Iterable[date] | None = None
) -> Termijn:
    """Return the term to decide on an objection (Awb 7:10 lid 1; Atw art. 1–2).

    Six weeks, or twelve when an advisory committee (Awb 7:13) advises, starting on the
    day after the objection term ended. ``termijn_end`` is the Atw-moved end of the
    objection term (``bezwaar_termijn(...).end``).
    """
    check_date(termijn_end, "termijn_end")
    weeks = 12 if committee else 6
    start, nominal_end = _weeks_from_day_after(termijn_end, weeks)
    why = ", omdat een bezwaarcommissie advies geeft" if committee else ""
    basis = (
        f"De gemeente moet binnen {weeks} weken op het bezwaar beslissen{why}. "
        f"De {weeks} weken beginnen op de dag na het einde van de bezwaartermijn: {_nl_date(start)}."
    )
    return _termijn(
        start=start, nominal_end=nominal_end, rule=RULE_BEZWAAR_BESLIS, basis=basis, extra_holidays=extra_holidays
    )


def bezwaar_verdaging(termijn: Termijn, *, weeks: int = 6, extra_holidays: Iterable[date] | None = None) -> Termijn:
    """Return the objection decision term after postponement (Awb 7:10 lid 3; Atw art. 1–2).

    The term may be postponed once by at most six weeks, counted from the nominal end of
    the original decision term (not from its Atw-moved end). Longer delay needs the
    objector's consent (lid 4) and is not computed here.
    """
    if termijn.rule != RULE_BEZWAAR_BESLIS:
        raise ValueError(f"expected a {RULE_BEZWAAR_BESLIS} term, got {termijn.rule!r}")
    if not 1 <= weeks <= 6:
        raise ValueError("Awb 7:10 lid 3 allows a postponement of 1 to 6 weeks")
    nominal_end = termijn.nominal_end + timedelta(weeks=weeks)
    basis = (
        f"De gemeente heeft de beslissing op het bezwaar {_plural(weeks, 'week', 'weken')} uitgesteld. "
        f"Die tijd telt vanaf het oorspronkelijke einde van de beslistermijn: {_nl_date(termijn.nominal_end)}."
    )
    return _termijn(
        start=termijn.start,
        nominal_end=nominal_end,
        rule=RULE_BEZWAAR_VERDAGING,
        basis=basis,
        extra_holidays=extra_holidays,
    )


# --------------------------------------------------------------------------- klacht


def klacht_beslistermijn(
    *, received_on: date, committee: bool = False, extra_holidays: Iterable[date] | None = None
) -> Termijn:
    """Return the term to decide on a complaint (Awb 9:11 lid 1; Atw art. 1–2).

    Six weeks, or ten when a complaints committee advises (Awb afdeling 9.1.3), starting
    on the day after the complaint was received.
    """
    check_date(received_on, "received_on")
    weeks = 10 if committee else 6
    start, nominal_end = _weeks_from_day_after(received_on, weeks)
    why = ", omdat een klachtencommissie advies geeft" if committee else ""
    basis = (
        f"De gemeente moet binnen {weeks} weken op de klacht beslissen{why}. "
        f"De {weeks} weken beginnen op de dag na ontvangst van de klacht: {_nl_date(start)}."
    )
    return _termijn(
        start=start, nominal_end=nominal_end, rule=RULE_KLACHT_BESLIS, basis=basis, extra_holidays=extra_holidays
    )


def klacht_verdaging(termijn: Termijn, *, weeks: int = 4, extra_holidays: Iterable[date] | None = None) -> Termijn:
    """Return the complaint decision term after postponement (Awb 9:11 lid 2; Atw art. 1–2).

    The term may be postponed by at most four weeks, counted from the nominal end of the
    original term. Longer delay needs the complainant's written consent (lid 3).
    """
    if termijn.rule != RULE_KLACHT_BESLIS:
        raise ValueError(f"expected a {RULE_KLACHT_BESLIS} term, got {termijn.rule!r}")
    if not 1 <= weeks <= 4:
        raise ValueError("Awb 9:11 lid 2 allows a postponement of 1 to 4 weeks")
    nominal_end = termijn.nominal_end + timedelta(weeks=weeks)
    basis = (
        f"De gemeente heeft de beslissing op de klacht {_plural(weeks, 'week', 'weken')} uitgesteld. "
        f"Die tijd telt vanaf het oorspronkelijke einde van de beslistermijn: {_nl_date(termijn.nominal_end)}."
    )
    return _termijn(
        start=termijn.start,
        nominal_end=nominal_end,
        rule=RULE_KLACHT_VERDAGING,
        basis=basis,
        extra_holidays=extra_holidays,
    )


def ombudsman_termijn(*, decided_on: date) -> date:
    """Return the last day to petition the ombudsman after a complaint decision.

    One year after the complaint procedure ended (Wet Nationale ombudsman art. 12).
    UNCERTAIN: the article and term come from background knowledge and are not
    verified; a municipal ombudsman may have its own term. The Atw is not applied.
    """
    check_date(decided_on, "decided_on")
    return decided_on + relativedelta(years=1)


# --------------------------------------------------------------------------- zienswijze


def zienswijze_termijn(*, sent_on: date, days: int = 14, extra_holidays: Iterable[date] | None = None) -> Termijn:
    """Return the term the college sets for a zienswijze (Awb 4:8).

    The term is set by the college, not by law, so the Atw does not strictly apply; it
    is applied anyway in the client's favour. Counting starts the day after sending.
    """
    check_date(sent_on, "sent_on")
    if days < 1:
        raise ValueError("days must be at least 1")
    start = sent_on + timedelta(days=1)
    nominal_end = sent_on + timedelta(days=days)
    basis = (
        f"Een reactie (zienswijze) geven kan tot {_plural(days, 'dag', 'dagen')} na verzending van de brief. "
        f"De termijn begint op de dag na verzending: {_nl_date(start)}."
    )
    return _termijn(
        start=start, nominal_end=nominal_end, rule=RULE_ZIENSWIJZE, basis=basis, extra_holidays=extra_holidays
    )


# --------------------------------------------------------------------------- maatregel


def heroverweging_uiterlijk(*, decided_on: date, months: int = 3) -> date:
    """Return the latest date to reconsider a maatregel (Participatiewet art. 18 lid 3).

    The college sets the term itself, at most three months. Month ends are clamped
    (31 January + 1 month = 28 or 29 February). The Atw is not applied: the term is set
    by the college and is a deadline for the college, not for the client.
    """
    check_date(decided_on, "decided_on")
    if not 1 <= months <= 3:
        raise ValueError("Participatiewet art. 18 lid 3 allows a term of 1 to 3 months")
    return decided_on + relativedelta(months=months)


def recidive_window(*, decided_on: date) -> tuple[date, date]:
    """Return the first and last day (both inclusive) of the recidive window (Pw art. 18 lid 6–8).

    A new breach within twelve months after the earlier decision counts as recidive: from
    the day after ``decided_on`` up to and including ``decided_on`` + 12 months.
    """
    check_date(decided_on, "decided_on")
    return decided_on + timedelta(days=1), decided_on + relativedelta(months=12)


def within_recidive(*, earlier_decided_on: date, breach_on: date) -> bool:
    """Return whether ``breach_on`` falls in the recidive window (Pw art. 18 lid 6–8)."""
    check_date(breach_on, "breach_on")
    first, last = recidive_window(decided_on=earlier_decided_on)
    return first <= breach_on <= last


# --------------------------------------------------------------------------- reminders


def reminder_due(termijn: Termijn, today: date) -> bool:
    """Return whether a reminder is due: 0 to ``REMINDER_DAYS`` calendar days before the end."""
    return 0 <= termijn.days_left(today) <= REMINDER_DAYS
