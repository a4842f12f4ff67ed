"""Until when a client may cancel or move an appointment in the portal (a municipal choice, in settings).

Rule: the client may cancel, or ask for another time, until the same clock time
``AFSPRAAK_WIJZIGEN_WERKDAGEN`` working days before the appointment (Saturdays,
Sundays and Atw holidays do not count). With the default of 1: an appointment on
Tuesday 10:00 can be changed in the portal until Monday 10:00; one on Monday 10:00
until the Friday before, 10:00. After that the client calls the coach. Confirming
("ik kom") is possible until the appointment starts.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone

from reintegratie.werkdagen import add_working_days


def change_deadline(starts_at, *, working_days=None, extra_holidays=None):
    """The last moment the client may cancel or move this appointment in the portal (aware datetime)."""
    days = settings.AFSPRAAK_WIJZIGEN_WERKDAGEN if working_days is None else working_days
    local = timezone.localtime(starts_at)
    day = add_working_days(local.date(), -days, extra_holidays=extra_holidays)
    # Same clock time on that day, in local time (a change of summer time in between keeps 10:00 at 10:00).
    naive = datetime.combine(day, local.time().replace(tzinfo=None))
    return timezone.make_aware(naive, timezone.get_current_timezone())


def can_change(afspraak, *, now=None, extra_holidays=None):
    """True while the client may still cancel or move this open appointment in the portal."""
    now = now or timezone.now()
    if afspraak.outcome or afspraak.starts_at <= now:
        return False
    return now < change_deadline(afspraak.starts_at, extra_holidays=extra_holidays)


def can_confirm(afspraak, *, now=None):
    """True while the client may still say "ik kom" (an open appointment that has not started)."""
    now = now or timezone.now()
    return not afspraak.outcome and afspraak.starts_at > now and afspraak.confirmed_at is None
