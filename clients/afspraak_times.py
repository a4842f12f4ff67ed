"""When an appointment is awkward for a client: weekends, public holidays, outside office hours.

These are warnings, not refusals: a coach may have a good reason (a client
who works days). The form shows them and asks the coach to confirm.
"""

from datetime import time

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reintegratie.werkdagen import atw_holiday_name


def office_hours():
    """(opens, closes) as times, from settings.OFFICE_OPENS and OFFICE_CLOSES ("HH:MM")."""
    return time.fromisoformat(settings.OFFICE_OPENS), time.fromisoformat(settings.OFFICE_CLOSES)


def _hhmm(t):
    return f"{t.hour}.{t.minute:02d}"


def afspraak_warnings(starts_at, duration_minutes):
    """Plain-Dutch reasons why this time is unusual for an appointment; empty when it is not."""
    if starts_at is None:
        return []
    start = timezone.localtime(starts_at)
    day = start.date()
    warnings = []
    if day.weekday() >= 5:
        warnings.append(
            _("%(date)s is een %(weekday)s. Dan is het gemeentehuis dicht.")
            % {"date": date_format(day, "j F Y"), "weekday": date_format(day, "l")}
        )
    holiday = atw_holiday_name(day)
    if holiday:
        warnings.append(
            _("%(date)s is een feestdag (%(name)s).") % {"date": date_format(day, "j F Y"), "name": holiday}
        )
    opens, closes = office_hours()
    # Minutes since midnight: no date arithmetic, so 31 December 9999 cannot overflow.
    start_minute = start.hour * 60 + start.minute
    end_minute = start_minute + (duration_minutes or 0)
    if start_minute < opens.hour * 60 + opens.minute or end_minute > closes.hour * 60 + closes.minute:
        warnings.append(
            _("De afspraak valt (deels) buiten kantooruren: van %(opens)s tot %(closes)s uur.")
            % {"opens": _hhmm(opens), "closes": _hhmm(closes)}
        )
    return warnings
