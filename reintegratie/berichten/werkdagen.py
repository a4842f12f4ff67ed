"""The answer promise in working days (Atw: no weekends, no public holidays, no decree days)."""

from datetime import timedelta

from django.conf import settings

from reintegratie.werkdagen import is_working_day


def add_working_days(start, days):
    """The day ``days`` working days after ``start`` (the day itself does not count)."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def answer_due(sent_on):
    """The last day to answer a message sent on ``sent_on`` (setting ``BERICHT_ANTWOORD_WERKDAGEN``)."""
    return add_working_days(sent_on, settings.BERICHT_ANTWOORD_WERKDAGEN)
