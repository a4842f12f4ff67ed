"""The .ics file of an appointment, for the client's and the coach's own calendar.

Made with the ``icalendar`` library: a stable UID (the appointment's id, never a
name or BSN), SEQUENCE that grows with every change of time so calendars replace
the entry, DTSTART/DTEND in Europe/Amsterdam with the matching VTIMEZONE, and the
place or the video link. No BSN, no address of the client, no internal notes.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .workflow import AfspraakMode, AfspraakOutcome


def afspraak_uid(afspraak):
    """The same for every download and every change of time of this appointment."""
    return f"afspraak-{afspraak.pk}@{settings.ICAL_UID_DOMAIN}"


def afspraak_ics(afspraak, *, for_client):
    """The appointment as iCalendar bytes. ``for_client``: the summary speaks to the client."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = timezone.localtime(afspraak.starts_at, zone)
    end = timezone.localtime(afspraak.ends_at, zone)
    if for_client:
        summary = f"Afspraak met uw werkcoach: {afspraak.purpose}"
    else:
        summary = f"Afspraak cliënt {afspraak.client.client_number}: {afspraak.purpose}"
    if afspraak.mode == AfspraakMode.VIDEO and afspraak.video_link:
        location, url = "Beeldbellen", afspraak.video_link
        description = f"Beeldbellen via {afspraak.video_link}"
    else:
        location, url = afspraak.place, None
        description = "Telefonisch" if afspraak.mode == AfspraakMode.TELEFOON else ""
    event = Event.new(
        uid=afspraak_uid(afspraak),
        sequence=afspraak.sequence,
        start=start,
        end=end,
        stamp=timezone.now(),
        summary=summary,
        location=location,
        description=description or None,
        url=url,
        status="CANCELLED" if afspraak.outcome == AfspraakOutcome.AFGEZEGD else "CONFIRMED",
    )
    calendar = Calendar.new(prodid=f"-//{settings.GEMEENTE_NAAM}//Werk en re-integratie//NL", subcomponents=[event])
    calendar.add_missing_timezones()
    return calendar.to_ical()
