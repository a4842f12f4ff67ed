"""Pure tests for klachten.deadlines: Awb, Atw and Participatiewet art. 18 terms. No DB.

The decree days (Atw art. 3 lid 3) come from a fixed source here: the five days of the
decree in force for 2026-2028, as migration 0003 loads them into the beheerder's table.
"""

import ast
import dataclasses
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from klachten import deadlines
from klachten.deadlines import (
    REMINDER_DAYS,
    Termijn,
    atw_extend,
    atw_holiday_name,
    atw_holidays,
    bezwaar_beslistermijn,
    bezwaar_on_time,
    bezwaar_termijn,
    bezwaar_verdaging,
    heroverweging_uiterlijk,
    holidays_between,
    is_public_holiday,
    is_working_day,
    klacht_beslistermijn,
    klacht_verdaging,
    ombudsman_termijn,
    recidive_window,
    reminder_due,
    within_recidive,
    zienswijze_termijn,
)
from klachten.holidays import DEFAULT_DECREE_DAYS
from reintegratie import werkdagen as atw

D = date


@pytest.fixture(autouse=True)
def _decree_days(monkeypatch):
    """The decree of 2026-2028 (Atw art. 3 lid 3), as the app's own table holds it after migrating."""
    monkeypatch.setattr(atw, "_decree_days_source", lambda: frozenset(DEFAULT_DECREE_DAYS))


# --------------------------------------------------------------------------- Atw art. 3: holidays

# Easter 2026 = Sun 5 Apr; 2027 = Sun 28 Mar. Goede Vrijdag = Easter - 2, Tweede Paasdag = Easter + 1,
# Hemelvaartsdag = Easter + 39, Pinksteren = Easter + 49 / + 50.
HOLIDAYS_2026 = {
    D(2026, 1, 1): "Nieuwjaarsdag",  # Thu
    D(2026, 4, 3): "Goede Vrijdag",  # Fri, 5 Apr - 2
    D(2026, 4, 5): "Eerste Paasdag",  # Sun
    D(2026, 4, 6): "Tweede Paasdag",  # Mon
    D(2026, 4, 27): "Koningsdag",  # Mon (27 Apr is no Sunday)
    D(2026, 5, 5): "Bevrijdingsdag",  # Tue
    D(2026, 5, 14): "Hemelvaartsdag",  # Thu, 5 Apr + 39
    D(2026, 5, 24): "Eerste Pinksterdag",  # Sun, 5 Apr + 49
    D(2026, 5, 25): "Tweede Pinksterdag",  # Mon, 5 Apr + 50
    D(2026, 12, 25): "Eerste Kerstdag",  # Fri
    D(2026, 12, 26): "Tweede Kerstdag",  # Sat
}
HOLIDAYS_2027 = {
    D(2027, 1, 1): "Nieuwjaarsdag",  # Fri
    D(2027, 3, 26): "Goede Vrijdag",  # Fri, 28 Mar - 2
    D(2027, 3, 28): "Eerste Paasdag",  # Sun
    D(2027, 3, 29): "Tweede Paasdag",  # Mon
    D(2027, 4, 27): "Koningsdag",  # Tue
    D(2027, 5, 5): "Bevrijdingsdag",  # Wed
    D(2027, 5, 6): "Hemelvaartsdag",  # Thu, 28 Mar + 39
    D(2027, 5, 16): "Eerste Pinksterdag",  # Sun, 28 Mar + 49
    D(2027, 5, 17): "Tweede Pinksterdag",  # Mon, 28 Mar + 50
    D(2027, 12, 25): "Eerste Kerstdag",  # Sat
    D(2027, 12, 26): "Tweede Kerstdag",  # Sun
}


@pytest.mark.parametrize(("year", "expected"), [(2026, HOLIDAYS_2026), (2027, HOLIDAYS_2027)])
def test_atw_holidays_full_list(year, expected):
    assert atw_holidays(year) == frozenset(expected)


@pytest.mark.parametrize("day", sorted({**HOLIDAYS_2026, **HOLIDAYS_2027}))
def test_atw_holiday_names(day):
    assert atw_holiday_name(day) == {**HOLIDAYS_2026, **HOLIDAYS_2027}[day]


def test_koningsdag_moves_to_saturday_when_27_april_is_a_sunday():
    # 27 Apr 2025 is a Sunday → Koningsdag is celebrated on Sat 26 Apr 2025.
    assert D(2025, 4, 27).weekday() == 6
    holidays = atw_holidays(2025)
    assert D(2025, 4, 26) in holidays
    assert D(2025, 4, 27) not in holidays
    assert atw_holiday_name(D(2025, 4, 26)) == "Koningsdag"
    # No Monday substitute: Mon 28 Apr 2025 is a normal working day.
    assert is_working_day(D(2025, 4, 28))


def test_atw_holidays_is_cached_frozenset():
    assert isinstance(atw_holidays(2026), frozenset)
    assert atw_holidays(2026) is atw_holidays(2026)
    assert hasattr(atw_holidays, "cache_info")


def test_non_holiday_has_no_name():
    assert atw_holiday_name(D(2026, 3, 2)) is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 3, 2), True),  # Mon
        (D(2026, 3, 6), True),  # Fri
        (D(2026, 3, 7), False),  # Sat
        (D(2026, 3, 8), False),  # Sun
        (D(2026, 4, 3), False),  # Goede Vrijdag
        (D(2026, 4, 27), False),  # Koningsdag (Mon)
        (D(2026, 5, 5), False),  # Bevrijdingsdag (Tue)
        (D(2026, 12, 24), True),  # Kerstavond is no holiday
        (D(2026, 12, 31), True),  # Oudejaarsdag is no holiday
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


def test_extra_holidays_from_amvb():
    # Atw art. 3 lid 3: a day added by decree, here Fri 13 Mar 2026 → next working day Mon 16 Mar.
    extra = {D(2026, 3, 13)}
    assert is_working_day(D(2026, 3, 13))
    assert not is_working_day(D(2026, 3, 13), extra_holidays=extra)
    assert atw_extend(D(2026, 3, 13), extra_holidays=extra) == D(2026, 3, 16)
    assert atw_holiday_name(D(2026, 3, 13), extra_holidays=extra) == "een erkende feestdag"


@pytest.mark.parametrize("day", DEFAULT_DECREE_DAYS)
def test_decree_days_2026_2028_are_holidays_by_default(day):
    # Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028.
    assert day.weekday() == 4  # all five are Fridays
    assert is_public_holiday(day) and not is_working_day(day)
    assert atw_holiday_name(day) == "een erkende feestdag"
    # Passing the extra days explicitly replaces the decree days: () means the statutory days alone.
    assert is_working_day(day, extra_holidays=()) and not is_public_holiday(day, extra_holidays=())


def test_without_a_registered_source_there_are_no_decree_days(monkeypatch):
    monkeypatch.setattr(atw, "_decree_days_source", None)
    assert deadlines.decree_days() == frozenset()
    assert is_working_day(D(2026, 5, 15))


def test_is_public_holiday_is_not_about_weekends():
    assert is_public_holiday(D(2026, 4, 3))  # Goede Vrijdag (Atw art. 3 lid 2)
    assert is_public_holiday(D(2026, 5, 14))  # Hemelvaartsdag (lid 1)
    assert not is_public_holiday(D(2026, 5, 16))  # a Saturday, no holiday


def test_holidays_between_lists_statutory_and_decree_days_in_order():
    assert holidays_between(D(2026, 5, 1), D(2026, 5, 31)) == [
        (D(2026, 5, 5), "Bevrijdingsdag"),
        (D(2026, 5, 14), "Hemelvaartsdag"),
        (D(2026, 5, 15), "een erkende feestdag"),
        (D(2026, 5, 24), "Eerste Pinksterdag"),
        (D(2026, 5, 25), "Tweede Pinksterdag"),
    ]
    across = holidays_between(D(2025, 12, 24), D(2026, 1, 3))
    assert [d for d, _ in across] == [D(2025, 12, 25), D(2025, 12, 26), D(2026, 1, 1), D(2026, 1, 2)]
    assert holidays_between(D(2026, 5, 16), D(2026, 5, 17)) == []


# --------------------------------------------------------------------------- Atw art. 1 and 2


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 4, 13), D(2026, 4, 13)),  # Mon, working day: unchanged
        (D(2026, 4, 18), D(2026, 4, 20)),  # Sat → Mon
        (D(2026, 4, 19), D(2026, 4, 20)),  # Sun → Mon
        (D(2026, 4, 3), D(2026, 4, 7)),  # Goede Vrijdag → Sat, Eerste Paasdag, Tweede Paasdag → Tue
        (D(2026, 12, 25), D(2026, 12, 28)),  # Eerste Kerstdag (Fri) → Sat/Tweede Kerstdag, Sun → Mon
        # Bevrijdingsdag (Wed) → Hemelvaartsdag (Thu) → Fri 7 May (decree day, Atw art. 3 lid 3) → Mon 10 May
        (D(2027, 5, 5), D(2027, 5, 10)),
    ],
)
def test_atw_extend_art1(day, expected):
    assert atw_extend(day) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # 3 days Fri 3 Apr (Goede Vrijdag) – Sun 5 Apr 2026; art. 1 → Tue 7 Apr holds 1 working day;
        # art. 2 → Wed 8 Apr (Tue + Wed).
        (D(2026, 4, 3), D(2026, 4, 5), D(2026, 4, 8)),
        # 3 days Fri 25 Dec (Kerst) – Sun 27 Dec 2026; art. 1 → Mon 28 Dec; art. 2 → Tue 29 Dec.
        (D(2026, 12, 25), D(2026, 12, 27), D(2026, 12, 29)),
        # 3 days Sat 7 – Mon 9 Mar 2026: art. 1 does nothing, only Mon works; art. 2 → Tue 10 Mar.
        (D(2026, 3, 7), D(2026, 3, 9), D(2026, 3, 10)),
        # 3 days Tue 3 – Thu 5 Mar 2026: 3 working days already, unchanged.
        (D(2026, 3, 3), D(2026, 3, 5), D(2026, 3, 5)),
        # 2 days Fri 3 – Sat 4 Apr 2026: art. 2 needs at least 3 days, so only art. 1 → Tue 7 Apr.
        (D(2026, 4, 3), D(2026, 4, 4), D(2026, 4, 7)),
    ],
)
def test_atw_extend_art2_two_working_days(start, end, expected):
    assert atw_extend(end, start=start) == expected


def test_atw_extend_rejects_start_after_end():
    with pytest.raises(ValueError, match="start"):
        atw_extend(D(2026, 4, 5), start=D(2026, 4, 6))


def test_datetime_is_rejected():
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 3, 2, 12, 0))
    with pytest.raises(TypeError):
        bezwaar_termijn(datetime(2026, 3, 2, 12, 0))


# --------------------------------------------------------------------------- bezwaar: Awb 6:7, 6:8


@pytest.mark.parametrize(
    ("sent_on", "start", "nominal_end", "end"),
    [
        # sent Mon 2 Mar 2026 → starts Tue 3 Mar → 6 weeks end Mon 13 Apr (working day)
        (D(2026, 3, 2), D(2026, 3, 3), D(2026, 4, 13), D(2026, 4, 13)),
        # sent Sat 7 Mar 2026 → starts Sun 8 Mar → end Sat 18 Apr → Mon 20 Apr
        (D(2026, 3, 7), D(2026, 3, 8), D(2026, 4, 18), D(2026, 4, 20)),
        # sent Sun 8 Mar 2026 → starts Mon 9 Mar → end Sun 19 Apr → Mon 20 Apr
        (D(2026, 3, 8), D(2026, 3, 9), D(2026, 4, 19), D(2026, 4, 20)),
        # sent Fri 20 Feb 2026 → starts Sat 21 Feb → end Fri 3 Apr (Goede Vrijdag)
        #   → Sat 4, Sun 5 (Eerste Paasdag), Mon 6 (Tweede Paasdag) → Tue 7 Apr
        (D(2026, 2, 20), D(2026, 2, 21), D(2026, 4, 3), D(2026, 4, 7)),
        # sent Mon 23 Feb 2026 → starts Tue 24 Feb → end Mon 6 Apr (Tweede Paasdag) → Tue 7 Apr
        (D(2026, 2, 23), D(2026, 2, 24), D(2026, 4, 6), D(2026, 4, 7)),
        # sent Mon 16 Mar 2026 → starts Tue 17 Mar → end Mon 27 Apr (Koningsdag) → Tue 28 Apr
        (D(2026, 3, 16), D(2026, 3, 17), D(2026, 4, 27), D(2026, 4, 28)),
        # sent Tue 24 Mar 2026 → starts Wed 25 Mar → end Tue 5 May (Bevrijdingsdag) → Wed 6 May
        (D(2026, 3, 24), D(2026, 3, 25), D(2026, 5, 5), D(2026, 5, 6)),
        # sent Thu 2 Apr 2026 → starts Fri 3 Apr → end Thu 14 May (Hemelvaartsdag)
        #   → Fri 15 May (decree day, Atw art. 3 lid 3) → Sat, Sun → Mon 18 May
        (D(2026, 4, 2), D(2026, 4, 3), D(2026, 5, 14), D(2026, 5, 18)),
        # sent Mon 13 Apr 2026 → starts Tue 14 Apr → end Mon 25 May (Tweede Pinksterdag) → Tue 26 May
        (D(2026, 4, 13), D(2026, 4, 14), D(2026, 5, 25), D(2026, 5, 26)),
        # sent Fri 13 Nov 2026 → starts Sat 14 Nov → end Fri 25 Dec (Eerste Kerstdag)
        #   → Sat 26 (Tweede Kerstdag), Sun 27 → Mon 28 Dec
        (D(2026, 11, 13), D(2026, 11, 14), D(2026, 12, 25), D(2026, 12, 28)),
        # sent Fri 14 Nov 2025 → starts Sat 15 Nov → end Fri 26 Dec 2025 (Tweede Kerstdag) → Mon 29 Dec
        (D(2025, 11, 14), D(2025, 11, 15), D(2025, 12, 26), D(2025, 12, 29)),
        # sent Thu 20 Nov 2025 → starts Fri 21 Nov → end Thu 1 Jan 2026 (Nieuwjaarsdag)
        #   → Fri 2 Jan 2026 (decree day) → Sat, Sun → Mon 5 Jan 2026
        (D(2025, 11, 20), D(2025, 11, 21), D(2026, 1, 1), D(2026, 1, 5)),
        # sent Fri 20 Nov 2026 → starts Sat 21 Nov → end Fri 1 Jan 2027 (Nieuwjaarsdag) → Mon 4 Jan 2027
        (D(2026, 11, 20), D(2026, 11, 21), D(2027, 1, 1), D(2027, 1, 4)),
        # sent Fri 12 Feb 2027 → starts Sat 13 Feb → end Fri 26 Mar 2027 (Goede Vrijdag) → Tue 30 Mar
        (D(2027, 2, 12), D(2027, 2, 13), D(2027, 3, 26), D(2027, 3, 30)),
        # sent Wed 24 Mar 2027 → starts Thu 25 Mar → end Wed 5 May (Bevrijdingsdag)
        #   → Thu 6 May (Hemelvaartsdag) → Fri 7 May (decree day) → Mon 10 May
        (D(2027, 3, 24), D(2027, 3, 25), D(2027, 5, 5), D(2027, 5, 10)),
        # sent Thu 25 Mar 2027 → starts Fri 26 Mar (Goede Vrijdag) → end Thu 6 May (Hemelvaartsdag)
        #   → Fri 7 May (decree day) → Mon 10 May
        (D(2027, 3, 25), D(2027, 3, 26), D(2027, 5, 6), D(2027, 5, 10)),
        # crossing Christmas/New Year: sent Wed 9 Dec 2026 → starts Thu 10 Dec → end Wed 20 Jan 2027;
        #   holidays inside the term add no days
        (D(2026, 12, 9), D(2026, 12, 10), D(2027, 1, 20), D(2027, 1, 20)),
    ],
)
def test_bezwaar_termijn(sent_on, start, nominal_end, end):
    termijn = bezwaar_termijn(sent_on)
    assert (termijn.start, termijn.nominal_end, termijn.end) == (start, nominal_end, end)
    assert termijn.rule == "Awb 6:7"
    assert termijn.moved is (end != nominal_end)


def test_bezwaar_reason_when_moved_by_holiday():
    # sent Mon 23 Feb 2026 → end Mon 6 Apr (Tweede Paasdag) → Tue 7 Apr
    reason = bezwaar_termijn(D(2026, 2, 23)).reason
    assert "6 weken" in reason
    assert "dinsdag 24 februari 2026" in reason
    assert reason.endswith(
        "De laatste dag (maandag 6 april 2026) valt op Tweede Paasdag; "
        "de termijn loopt door tot en met dinsdag 7 april 2026."
    )


def test_bezwaar_reason_when_moved_by_weekend():
    # sent Sat 7 Mar 2026 → end Sat 18 Apr → Mon 20 Apr
    reason = bezwaar_termijn(D(2026, 3, 7)).reason
    assert reason.endswith(
        "De laatste dag (zaterdag 18 april 2026) valt in het weekend; "
        "de termijn loopt door tot en met maandag 20 april 2026."
    )


def test_bezwaar_reason_when_not_moved():
    # sent Mon 2 Mar 2026 → end Mon 13 Apr
    reason = bezwaar_termijn(D(2026, 3, 2)).reason
    assert reason.endswith("De termijn eindigt op maandag 13 april 2026.")
    assert "valt op" not in reason


def test_bezwaar_termijn_with_extra_holiday():
    # sent Mon 2 Mar 2026 → end Mon 13 Apr, declared a holiday by AMvB → Tue 14 Apr
    termijn = bezwaar_termijn(D(2026, 3, 2), extra_holidays=[D(2026, 4, 13)])
    assert termijn.end == D(2026, 4, 14)
    assert "valt op een erkende feestdag" in termijn.reason


# --------------------------------------------------------------------------- bezwaar: Awb 6:9


@pytest.mark.parametrize(
    ("sent_on", "posted_on", "received_on", "expected"),
    [
        # sent Mon 2 Mar 2026 → term ends Mon 13 Apr 2026
        (D(2026, 3, 2), None, D(2026, 4, 13), True),  # received on the last day
        (D(2026, 3, 2), None, D(2026, 4, 14), False),  # received one day late, no postmark
        (D(2026, 3, 2), None, D(2026, 3, 2), True),  # received early (Awb 6:10)
        (D(2026, 3, 2), D(2026, 4, 10), D(2026, 4, 14), True),  # posted in time, received 1 day after the end
        (D(2026, 3, 2), D(2026, 4, 13), D(2026, 4, 20), True),  # posted on the last day, received end + 7
        (D(2026, 3, 2), D(2026, 4, 13), D(2026, 4, 21), False),  # posted on the last day, received end + 8
        (D(2026, 3, 2), D(2026, 4, 14), D(2026, 4, 15), False),  # posted one day late
        # sent Mon 23 Feb 2026 → term ends Mon 6 Apr (Tweede Paasdag) → Tue 7 Apr (Atw)
        (D(2026, 2, 23), None, D(2026, 4, 7), True),  # received on the Atw-moved last day
        (D(2026, 2, 23), None, D(2026, 4, 8), False),  # received the day after
        (D(2026, 2, 23), D(2026, 4, 7), D(2026, 4, 14), True),  # posted Tue 7 Apr, received 7 Apr + 7
        (D(2026, 2, 23), D(2026, 4, 7), D(2026, 4, 15), False),  # posted Tue 7 Apr, received 7 Apr + 8
        (D(2026, 2, 23), D(2026, 4, 8), D(2026, 4, 9), False),  # posted Wed 8 Apr: too late
    ],
)
def test_bezwaar_on_time(sent_on, posted_on, received_on, expected):
    assert bezwaar_on_time(sent_on=sent_on, received_on=received_on, posted_on=posted_on) is expected


@pytest.mark.parametrize(
    ("sent_on", "last_day"),
    [
        # Thu 14 May 2026 Hemelvaartsdag, Fri 15 May decree day, weekend → Mon 18 May
        (D(2026, 4, 2), D(2026, 5, 18)),
        # Thu 6 May 2027 Hemelvaartsdag, Fri 7 May decree day, weekend → Mon 10 May
        (D(2027, 3, 25), D(2027, 5, 10)),
    ],
)
def test_objection_on_the_last_legal_day_after_a_decree_day_is_on_time(sent_on, last_day):
    assert bezwaar_termijn(sent_on).end == last_day
    assert bezwaar_on_time(sent_on=sent_on, received_on=last_day)
    assert not bezwaar_on_time(sent_on=sent_on, received_on=last_day + timedelta(days=1))
    assert "valt op Hemelvaartsdag" in bezwaar_termijn(sent_on).reason


def test_bezwaar_on_time_with_extra_holiday():
    # sent Mon 2 Mar 2026 → end Mon 13 Apr; an AMvB holiday on 13 Apr moves it to Tue 14 Apr
    assert bezwaar_on_time(sent_on=D(2026, 3, 2), received_on=D(2026, 4, 14), extra_holidays={D(2026, 4, 13)})


def test_bezwaar_on_time_rejects_posting_after_receipt():
    with pytest.raises(ValueError, match="posted_on"):
        bezwaar_on_time(sent_on=D(2026, 3, 2), received_on=D(2026, 4, 14), posted_on=D(2026, 4, 15))


# --------------------------------------------------------------------------- bezwaar: Awb 7:10


@pytest.mark.parametrize(
    ("termijn_end", "committee", "start", "nominal_end", "end"),
    [
        # objection term ends Mon 13 Apr 2026 → starts Tue 14 Apr → 6 weeks end Mon 25 May
        #   (Tweede Pinksterdag) → Tue 26 May
        (D(2026, 4, 13), False, D(2026, 4, 14), D(2026, 5, 25), D(2026, 5, 26)),
        # same with a 7:13 committee → 12 weeks end Mon 6 Jul 2026
        (D(2026, 4, 13), True, D(2026, 4, 14), D(2026, 7, 6), D(2026, 7, 6)),
        # Atw-moved objection term end Tue 7 Apr 2026 → starts Wed 8 Apr → 6 weeks end Tue 19 May
        (D(2026, 4, 7), False, D(2026, 4, 8), D(2026, 5, 19), D(2026, 5, 19)),
        # same with committee → 12 weeks end Tue 30 Jun 2026
        (D(2026, 4, 7), True, D(2026, 4, 8), D(2026, 6, 30), D(2026, 6, 30)),
    ],
)
def test_bezwaar_beslistermijn(termijn_end, committee, start, nominal_end, end):
    termijn = bezwaar_beslistermijn(termijn_end=termijn_end, committee=committee)
    assert (termijn.start, termijn.nominal_end, termijn.end) == (start, nominal_end, end)
    assert termijn.rule == "Awb 7:10 lid 1"


def test_bezwaar_beslistermijn_chains_from_atw_moved_objection_term():
    # sent Mon 23 Feb 2026 → objection term ends Tue 7 Apr (Atw) → decision term from Wed 8 Apr
    objection = bezwaar_termijn(D(2026, 2, 23))
    decision = bezwaar_beslistermijn(termijn_end=objection.end)
    assert decision.start == D(2026, 4, 8)
    assert decision.end == D(2026, 5, 19)


def test_bezwaar_beslistermijn_reason_mentions_committee():
    reason = bezwaar_beslistermijn(termijn_end=D(2026, 4, 13), committee=True).reason
    assert "12 weken" in reason
    assert "bezwaarcommissie" in reason


def test_bezwaar_verdaging_counts_from_nominal_end():
    # decision term nominal end Mon 25 May 2026 (Tweede Pinksterdag; Atw end Tue 26 May)
    #   + 6 weeks from the NOMINAL end → Mon 6 Jul 2026 (not Tue 7 Jul)
    original = bezwaar_beslistermijn(termijn_end=D(2026, 4, 13))
    verdaagd = bezwaar_verdaging(original)
    assert original.end == D(2026, 5, 26)
    assert verdaagd.nominal_end == D(2026, 7, 6)
    assert verdaagd.end == D(2026, 7, 6)
    assert verdaagd.start == original.start
    assert verdaagd.rule == "Awb 7:10 lid 3"
    assert "maandag 25 mei 2026" in verdaagd.reason


def test_bezwaar_verdaging_shorter_than_maximum():
    # nominal end Mon 25 May 2026 + 3 weeks → Mon 15 Jun 2026
    verdaagd = bezwaar_verdaging(bezwaar_beslistermijn(termijn_end=D(2026, 4, 13)), weeks=3)
    assert verdaagd.end == D(2026, 6, 15)


def test_bezwaar_verdaging_applies_atw():
    # objection term ends Fri 2 Oct 2026 → decision term starts Sat 3 Oct → ends Fri 13 Nov
    #   + 6 weeks → Fri 25 Dec (Eerste Kerstdag) → Sat 26 (Tweede Kerstdag), Sun 27 → Mon 28 Dec 2026
    original = bezwaar_beslistermijn(termijn_end=D(2026, 10, 2))
    assert original.end == D(2026, 11, 13)
    verdaagd = bezwaar_verdaging(original)
    assert verdaagd.nominal_end == D(2026, 12, 25)
    assert verdaagd.end == D(2026, 12, 28)
    assert "Eerste Kerstdag" in verdaagd.reason


@pytest.mark.parametrize("weeks", [0, 7])
def test_bezwaar_verdaging_rejects_out_of_range_weeks(weeks):
    with pytest.raises(ValueError):
        bezwaar_verdaging(bezwaar_beslistermijn(termijn_end=D(2026, 4, 13)), weeks=weeks)


def test_bezwaar_verdaging_rejects_other_terms():
    with pytest.raises(ValueError):
        bezwaar_verdaging(klacht_beslistermijn(received_on=D(2026, 3, 2)))
    with pytest.raises(ValueError):  # only once: further delay needs consent (7:10 lid 4)
        bezwaar_verdaging(bezwaar_verdaging(bezwaar_beslistermijn(termijn_end=D(2026, 4, 13))))


# --------------------------------------------------------------------------- klacht: Awb 9:11


@pytest.mark.parametrize(
    ("received_on", "committee", "start", "nominal_end", "end"),
    [
        # received Mon 2 Mar 2026 → starts Tue 3 Mar → 6 weeks end Mon 13 Apr
        (D(2026, 3, 2), False, D(2026, 3, 3), D(2026, 4, 13), D(2026, 4, 13)),
        # same with a complaints committee (afd. 9.1.3) → 10 weeks end Mon 11 May
        (D(2026, 3, 2), True, D(2026, 3, 3), D(2026, 5, 11), D(2026, 5, 11)),
        # received Thu 2 Apr 2026 → starts Fri 3 Apr → end Thu 14 May (Hemelvaartsdag) → Fri 15 May
        (D(2026, 4, 2), False, D(2026, 4, 3), D(2026, 5, 14), D(2026, 5, 18)),
        # received Mon 16 Feb 2026, committee → starts Tue 17 Feb → 10 weeks end Mon 27 Apr (Koningsdag) → Tue 28 Apr
        (D(2026, 2, 16), True, D(2026, 2, 17), D(2026, 4, 27), D(2026, 4, 28)),
        # received Sat 7 Mar 2026 (web form) → starts Sun 8 Mar → end Sat 18 Apr → Mon 20 Apr
        (D(2026, 3, 7), False, D(2026, 3, 8), D(2026, 4, 18), D(2026, 4, 20)),
        # crossing Christmas/New Year: received Mon 14 Dec 2026 → starts Tue 15 Dec → end Mon 25 Jan 2027
        (D(2026, 12, 14), False, D(2026, 12, 15), D(2027, 1, 25), D(2027, 1, 25)),
    ],
)
def test_klacht_beslistermijn(received_on, committee, start, nominal_end, end):
    termijn = klacht_beslistermijn(received_on=received_on, committee=committee)
    assert (termijn.start, termijn.nominal_end, termijn.end) == (start, nominal_end, end)
    assert termijn.rule == "Awb 9:11 lid 1"


def test_klacht_reason_mentions_committee():
    reason = klacht_beslistermijn(received_on=D(2026, 3, 2), committee=True).reason
    assert "10 weken" in reason
    assert "klachtencommissie" in reason
    assert "dinsdag 3 maart 2026" in reason


def test_klacht_verdaging_counts_from_nominal_end():
    # received Thu 2 Apr 2026 → nominal end Thu 14 May (Hemelvaartsdag; Atw end Fri 15 May)
    #   + 4 weeks from the NOMINAL end → Thu 11 Jun 2026 (not Fri 12 Jun)
    verdaagd = klacht_verdaging(klacht_beslistermijn(received_on=D(2026, 4, 2)))
    assert verdaagd.nominal_end == D(2026, 6, 11)
    assert verdaagd.end == D(2026, 6, 11)
    assert verdaagd.rule == "Awb 9:11 lid 2"
    assert "4 weken" in verdaagd.reason


def test_klacht_verdaging_applies_atw():
    # received Mon 16 Feb 2026 → end Mon 30 Mar → + 4 weeks → Mon 27 Apr (Koningsdag) → Tue 28 Apr
    verdaagd = klacht_verdaging(klacht_beslistermijn(received_on=D(2026, 2, 16)))
    assert verdaagd.nominal_end == D(2026, 4, 27)
    assert verdaagd.end == D(2026, 4, 28)


def test_klacht_verdaging_one_week():
    # received Mon 2 Mar 2026 → end Mon 13 Apr → + 1 week → Mon 20 Apr
    verdaagd = klacht_verdaging(klacht_beslistermijn(received_on=D(2026, 3, 2)), weeks=1)
    assert verdaagd.end == D(2026, 4, 20)
    assert "1 week " in verdaagd.reason


@pytest.mark.parametrize("weeks", [0, 5])
def test_klacht_verdaging_rejects_out_of_range_weeks(weeks):
    with pytest.raises(ValueError):
        klacht_verdaging(klacht_beslistermijn(received_on=D(2026, 3, 2)), weeks=weeks)


def test_klacht_verdaging_rejects_other_terms():
    with pytest.raises(ValueError):
        klacht_verdaging(bezwaar_beslistermijn(termijn_end=D(2026, 4, 13)))


@pytest.mark.parametrize(
    ("decided_on", "expected"),
    [
        (D(2026, 3, 10), D(2027, 3, 10)),  # decided Tue 10 Mar 2026 → one year → 10 Mar 2027
        (D(2024, 2, 29), D(2025, 2, 28)),  # leap day → 28 Feb next year
    ],
)
def test_ombudsman_termijn(decided_on, expected):
    assert ombudsman_termijn(decided_on=decided_on) == expected


# --------------------------------------------------------------------------- zienswijze: Awb 4:8


@pytest.mark.parametrize(
    ("sent_on", "days", "start", "nominal_end", "end"),
    [
        # sent Mon 2 Mar 2026 → starts Tue 3 Mar → 14 days end Mon 16 Mar
        (D(2026, 3, 2), 14, D(2026, 3, 3), D(2026, 3, 16), D(2026, 3, 16)),
        # sent Fri 20 Mar 2026 → starts Sat 21 Mar → 14 days end Fri 3 Apr (Goede Vrijdag) → Tue 7 Apr
        (D(2026, 3, 20), 14, D(2026, 3, 21), D(2026, 4, 3), D(2026, 4, 7)),
        # Atw art. 2: sent Thu 2 Apr 2026 → 3 days Fri 3 (Goede Vrijdag) – Sun 5 Apr (Eerste Paasdag)
        #   → art. 1: Tue 7 Apr (Mon 6 = Tweede Paasdag) → only 1 working day → art. 2: Wed 8 Apr
        (D(2026, 4, 2), 3, D(2026, 4, 3), D(2026, 4, 5), D(2026, 4, 8)),
        # 2 days Fri 3 – Sat 4 Apr 2026: art. 2 does not apply (< 3 days) → art. 1: Tue 7 Apr
        (D(2026, 4, 2), 2, D(2026, 4, 3), D(2026, 4, 4), D(2026, 4, 7)),
        # Atw art. 2 alone: sent Fri 6 Mar 2026 → 3 days Sat 7 – Mon 9 Mar → 1 working day → Tue 10 Mar
        (D(2026, 3, 6), 3, D(2026, 3, 7), D(2026, 3, 9), D(2026, 3, 10)),
        # crossing Christmas: sent Thu 24 Dec 2026 → 3 days Fri 25 – Sun 27 Dec → art. 1 Mon 28 → art. 2 Tue 29 Dec
        (D(2026, 12, 24), 3, D(2026, 12, 25), D(2026, 12, 27), D(2026, 12, 29)),
    ],
)
def test_zienswijze_termijn(sent_on, days, start, nominal_end, end):
    termijn = zienswijze_termijn(sent_on=sent_on, days=days)
    assert (termijn.start, termijn.nominal_end, termijn.end) == (start, nominal_end, end)
    assert termijn.rule == "Awb 4:8"


def test_zienswijze_reason_for_atw_art2():
    reason = zienswijze_termijn(sent_on=D(2026, 4, 2), days=3).reason
    assert "3 dagen" in reason
    assert "De laatste dag (zondag 5 april 2026) valt op Eerste Paasdag." in reason
    assert reason.endswith(
        "In de termijn moeten minstens twee werkdagen zitten; de termijn loopt door tot en met woensdag 8 april 2026."
    )


def test_zienswijze_reason_for_atw_art2_only():
    reason = zienswijze_termijn(sent_on=D(2026, 3, 6), days=3).reason
    assert "valt op" not in reason
    assert reason.endswith("twee werkdagen zitten; de termijn loopt door tot en met dinsdag 10 maart 2026.")


def test_zienswijze_rejects_zero_days():
    with pytest.raises(ValueError):
        zienswijze_termijn(sent_on=D(2026, 3, 2), days=0)


# --------------------------------------------------------------------------- maatregel: Pw art. 18


@pytest.mark.parametrize(
    ("decided_on", "months", "expected"),
    [
        (D(2026, 3, 15), 3, D(2026, 6, 15)),  # plain
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # 31 Jan + 1 month → clamped to 28 Feb (2026 no leap year)
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year → 29 Feb
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # 30 Nov + 3 months → 28 Feb
        (D(2027, 11, 30), 3, D(2028, 2, 29)),  # 30 Nov + 3 months → 29 Feb (leap)
        (D(2026, 5, 31), 1, D(2026, 6, 30)),  # 31 May + 1 month → 30 Jun
        (D(2026, 3, 31), 2, D(2026, 5, 31)),  # 31 Mar + 2 months → 31 May
    ],
)
def test_heroverweging_uiterlijk(decided_on, months, expected):
    assert heroverweging_uiterlijk(decided_on=decided_on, months=months) == expected


def test_heroverweging_default_is_three_months():
    assert heroverweging_uiterlijk(decided_on=D(2026, 3, 2)) == D(2026, 6, 2)


@pytest.mark.parametrize("months", [-1, 0, 4])
def test_heroverweging_rejects_out_of_range_months(months):
    with pytest.raises(ValueError):
        heroverweging_uiterlijk(decided_on=D(2026, 3, 2), months=months)


@pytest.mark.parametrize(
    ("decided_on", "expected"),
    [
        (D(2026, 3, 10), (D(2026, 3, 11), D(2027, 3, 10))),
        (D(2024, 2, 29), (D(2024, 3, 1), D(2025, 2, 28))),  # leap day → 12 months clamps to 28 Feb
    ],
)
def test_recidive_window(decided_on, expected):
    assert recidive_window(decided_on=decided_on) == expected


@pytest.mark.parametrize(
    ("earlier", "breach_on", "expected"),
    [
        (D(2026, 3, 10), D(2026, 3, 9), False),  # before the decision
        (D(2026, 3, 10), D(2026, 3, 10), False),  # on the decision day itself: not "after"
        (D(2026, 3, 10), D(2026, 3, 11), True),  # the day after
        (D(2026, 3, 10), D(2027, 3, 10), True),  # exactly 12 months: still inside
        (D(2026, 3, 10), D(2027, 3, 11), False),  # 12 months + 1 day: outside
        (D(2024, 2, 29), D(2025, 2, 28), True),  # leap day: last day 28 Feb 2025
        (D(2024, 2, 29), D(2025, 3, 1), False),
    ],
)
def test_within_recidive(earlier, breach_on, expected):
    assert within_recidive(earlier_decided_on=earlier, breach_on=breach_on) is expected


# --------------------------------------------------------------------------- Termijn, reminders


@pytest.mark.parametrize(
    ("today", "days_left", "overdue", "reminder"),
    [
        # term: sent Mon 23 Feb 2026 → nominal end Mon 6 Apr (Tweede Paasdag) → end Tue 7 Apr
        (D(2026, 3, 3), 35, False, False),
        (D(2026, 4, 1), 6, False, False),  # REMINDER_DAYS + 1
        (D(2026, 4, 2), 5, False, True),  # exactly REMINDER_DAYS
        (D(2026, 4, 6), 1, False, True),  # the nominal end is not the end
        (D(2026, 4, 7), 0, False, True),  # last day
        (D(2026, 4, 8), -1, True, False),  # overdue
        (D(2026, 5, 1), -24, True, False),
    ],
)
def test_days_left_overdue_and_reminder(today, days_left, overdue, reminder):
    termijn = bezwaar_termijn(D(2026, 2, 23))
    assert termijn.days_left(today) == days_left
    assert termijn.is_overdue(today) is overdue
    assert reminder_due(termijn, today) is reminder


def test_reminder_days_constant():
    assert REMINDER_DAYS == 5


def test_termijn_is_frozen_and_moved():
    termijn = Termijn(
        start=D(2026, 3, 3), nominal_end=D(2026, 4, 13), end=D(2026, 4, 14), rule="Awb 6:7", reason="test"
    )
    assert termijn.moved
    with pytest.raises(dataclasses.FrozenInstanceError):
        termijn.end = D(2026, 4, 15)
    assert not dataclasses.replace(termijn, end=D(2026, 4, 13)).moved


@pytest.mark.parametrize(
    ("start", "nominal_end", "end"),
    [
        (D(2026, 3, 3), D(2026, 3, 2), D(2026, 3, 2)),  # nominal end before start
        (D(2026, 3, 3), D(2026, 4, 13), D(2026, 4, 12)),  # end before nominal end
    ],
)
def test_termijn_rejects_days_out_of_order(start, nominal_end, end):
    with pytest.raises(ValueError):
        Termijn(start=start, nominal_end=nominal_end, end=end, rule="x", reason="x")


# --------------------------------------------------------------------------- purity


@pytest.mark.parametrize("module", [deadlines, atw])
def test_module_is_pure(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module_name = node.module or ""
            # The Atw calendar is the one project module these may build on (itself pure, tested here too).
            top = module_name if module_name == "reintegratie.werkdagen" else module_name.split(".")[0]
            imported.add(("." * node.level) + top)
    allowed = {"__future__", "collections", "dataclasses", "datetime", "functools", "dateutil"}
    allowed.add("reintegratie.werkdagen")
    assert imported <= allowed
    clock_calls = {
        node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr in {"today", "now"}
    }
    assert not clock_calls
