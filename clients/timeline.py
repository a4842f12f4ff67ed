"""One timeline of a client: every registered source's events, newest first, filtered by kind, in pages.

The sources live in the feature apps (``<app>/client_sections.py``, through
``registry.timeline_source``); this module only collects, filters, sorts and
pages. Each source runs a fixed number of queries, so the timeline's cost does
not grow with the number of events. ``audience`` is ``staff`` (the client file)
or ``client`` (Mijn tijdlijn): a source writes to that reader and leaves out
what the reader may not see; an event not meant for the audience is dropped here
as well, whatever a source returns.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time

from django.core.paginator import Paginator
from django.utils import timezone

from . import registry

PAGE_SIZE = 25
STAFF = "staff"
CLIENT = "client"


def at_day(day):
    """A date as a moment for sorting: the start of that day, local time (for events with a date only)."""
    if isinstance(day, datetime):
        return day
    if isinstance(day, date):
        return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())
    return None


def sources():
    """The registered sources, in a fixed order (their label) for the filter."""
    return sorted(registry.TIMELINE_SOURCES.values(), key=lambda source: (str(source.label), source.key))


def collect(client, *, user, audience=STAFF):
    """Every event of this client for this reader, newest first."""
    events = []
    for source in sources():
        for event in source.events(client, user=user, audience=audience):
            if audience in event.audiences and event.when is not None:
                # The filter works by source: an event's kind is the key its source registered under.
                events.append(event if event.kind == source.key else replace(event, kind=source.key))
    events.sort(key=lambda event: (event.when, event.kind, event.title), reverse=True)
    return events


@dataclass
class TimelinePage:
    page: object
    kinds: list
    choices: list

    @property
    def query(self):
        """The GET parameters that keep the filter when paging (kinds only: no personal data in the URL)."""
        return "&".join(f"soort={key}" for key in self.kinds)


def timeline_page(client, *, user, audience, params):
    """The page of the timeline that ``params`` (request.GET: ``soort`` many times, ``pagina``) asks for.

    Every source is read whatever the filter (a fixed number of queries), so the
    filter offers exactly the kinds this reader has events of.
    """
    events = collect(client, user=user, audience=audience)
    present = {event.kind for event in events}
    choices = [(s.key, s.label) for s in sources() if s.key in present]
    chosen = set(params.getlist("soort"))
    kinds = [key for key, _label in choices if key in chosen]
    if kinds:
        events = [event for event in events if event.kind in kinds]
    page = Paginator(events, PAGE_SIZE).get_page(params.get("pagina"))
    return TimelinePage(page=page, kinds=kinds, choices=choices)
