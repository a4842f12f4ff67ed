"""The client registry: how feature apps add to the client file, the portal, the caseload and the timeline.

``clients`` is the core every feature app builds on, so it must not import them. Like Django's admin
and like the letter registry (``reintegratie/documents/letters.py``), each feature app registers what
it adds from a module of its own, ``client_sections.py``, found by :func:`autodiscover` (called from
``ClientsConfig.ready()``)::

    # intake/client_sections.py
    from clients import registry

    registry.file_section(
        "intake",
        order=10,
        template="intake/_client_file_section.html",
        context=lambda request, client: {"intake": latest_completed_intake(client)},
    )
    registry.portal_page("intake", order=30, label="Mijn intake", url_name="portal:intake")
    registry.timeline_source("intake", events=_intake_events)

Rules:

- a ``context`` callable runs a constant number of queries (no query per row), and scopes what it
  reads through the access policy when it reads other clients' data;
- section templates get the client file's context plus what ``context`` returned; each section is
  its own ``<section aria-labelledby=…>`` with an ``h2``;
- ``order`` sorts sections; leave gaps of 10 so apps can slot in between.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Section:
    """A block on a page: the staff client file (``file``) or the portal home (``portal``)."""

    key: str
    order: int
    template: str
    context: Callable[[Any, Any], dict] | None = None
    #: Optional: may this request see the section at all (a role check); default yes.
    visible: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class PortalPage:
    """A page in the client's portal menu."""

    key: str
    order: int
    label: str
    url_name: str


@dataclass(frozen=True)
class CaseloadFlag:
    """A signal on the caseload ("actie te laat", "bericht onbeantwoord").

    ``annotate(queryset, today)`` adds annotations to the caseload queryset (one query for the
    page, index-friendly); ``flags(client)`` reads them from a row and returns short Dutch labels.
    """

    key: str
    order: int
    annotate: Callable[[Any, Any], Any]
    flags: Callable[[Any], list[str]]


@dataclass(frozen=True)
class TimelineEvent:
    """One line in the client's story. ``audience`` is ``staff`` or ``client`` (the client sees
    only what concerns them and is written to them)."""

    when: datetime
    kind: str
    title: str
    detail: str = ""
    url: str | None = None
    audiences: frozenset = field(default_factory=lambda: frozenset({"staff"}))


@dataclass(frozen=True)
class TimelineSource:
    """``events(client, *, user, audience)`` returns :class:`TimelineEvent` objects for one client
    in a constant number of queries."""

    key: str
    label: str
    events: Callable[..., Iterable[TimelineEvent]]


FILE_SECTIONS: dict[str, Section] = {}
PORTAL_SECTIONS: dict[str, Section] = {}
PORTAL_PAGES: dict[str, PortalPage] = {}
CASELOAD_FLAGS: dict[str, CaseloadFlag] = {}
TIMELINE_SOURCES: dict[str, TimelineSource] = {}


def _add(table, key, item):
    if key in table:
        raise ValueError(f"{key!r} is registered twice")
    table[key] = item
    return item


def file_section(key, *, order, template, context=None, visible=None):
    """Add a section to the staff client file."""
    return _add(FILE_SECTIONS, key, Section(key, order, template, context, visible))


def portal_section(key, *, order, template, context=None, visible=None):
    """Add a block to the portal's home page."""
    return _add(PORTAL_SECTIONS, key, Section(key, order, template, context, visible))


def portal_page(key, *, order, label, url_name):
    """Add a page to the portal's menu."""
    return _add(PORTAL_PAGES, key, PortalPage(key, order, label, url_name))


def caseload_flag(key, *, order, annotate, flags):
    """Add a signal to the caseload rows."""
    return _add(CASELOAD_FLAGS, key, CaseloadFlag(key, order, annotate, flags))


def timeline_source(key, *, label, events):
    """Add a kind of event to the client's timeline."""
    return _add(TIMELINE_SOURCES, key, TimelineSource(key, label, events))


def ordered(table):
    return sorted(table.values(), key=lambda item: (item.order, item.key))


def render_sections(table, request, client, base_context=None):
    """The sections of ``table`` that this request may see, each with its own context.

    Returns a list of ``(section, context)`` for the page template to ``{% include %}`` in order.
    """
    out = []
    for section in ordered(table):
        if section.visible is not None and not section.visible(request):
            continue
        context = dict(base_context or {})
        if section.context is not None:
            context.update(section.context(request, client))
        out.append((section, context))
    return out


def autodiscover():
    autodiscover_modules("client_sections")
