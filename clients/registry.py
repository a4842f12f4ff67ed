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
    registry.portal_urls("intake", portal_urls.urlpatterns)  # joins the ``portal`` namespace
    registry.portal_page("intake", order=50, label="Mijn intake", url_name="portal:intake")
    registry.timeline_source("intake", events=_intake_events)

What registers where today: the client file (``file_section``; ``tabs`` feed its tab bar) has
intake 10, plan and trajecten 20, the client's own data 30, appointments 40, zaken 50, contact
moments 60, letters 70, werk zoeken 80; the portal menu (``portal_page``) home 10, plan 20,
appointments 30, letters 40, intake 50, inzage 60, zaken 70; the portal home (``portal_section``)
plan 20, letters 30, werk zoeken 40, zaken 50; the caseload (``caseload_flag``) plan 20, the
client's questions 30, zaken 40, uitstroom 50; the team overview (``team_column``) zaken 10.
``clients`` registers its own parts in ``clients/client_sections.py`` like any app.

Rules:

- a ``context`` callable runs a constant number of queries (no query per row), and scopes what it
  reads through the access policy when it reads other clients' data; a read of the file's client's
  own rows may use :func:`clients.compiled.client_rows` (SQL compiled once per process), a read the
  policy scopes :func:`clients.compiled.scoped_rows` (compiled once per shape of the user's scope);
- section templates get the client file's context plus what ``context`` returned; each section is
  its own ``<section aria-labelledby=…>`` with an ``h2``;
- a list that is often empty may register a ``file_probe``: whether the client has any such rows is
  read with the client (an ``EXISTS``), and its ``context`` skips the query when ``file_has`` says no;
- ``order`` sorts sections; leave gaps of 10 so apps can slot in between;
- a caseload flag's ``annotate`` adds ``Exists``/``Subquery`` annotations to the one caseload query
  (never a query per row); its ``flags(row)`` reads them and returns :class:`Flag` badges.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.module_loading import autodiscover_modules

from reintegratie.expressions import RowExists


@dataclass(frozen=True)
class Section:
    """A block on a page: the staff client file (``file``) or the portal home (``portal``)."""

    key: str
    order: int
    template: str
    context: Callable[[Any, Any], dict] | None = None
    #: Optional: may this request see the section at all (a role check); default yes.
    visible: Callable[[Any], bool] | None = None
    #: The client file's tab bar: ``(anchor, label)`` pairs, one per ``id`` in the section to jump to.
    tabs: tuple = ()


@dataclass(frozen=True)
class PortalPage:
    """A page in the client's portal menu. ``also_active`` names the views under it (a detail, a form)
    that mark it as the current page too."""

    key: str
    order: int
    label: str
    url_name: str
    also_active: tuple = ()


@dataclass(frozen=True)
class CaseloadFlag:
    """A signal on the caseload ("actie te laat", "bericht onbeantwoord").

    ``annotate(queryset, today)`` adds annotations to the caseload queryset (one query for the
    page, index-friendly); ``flags(client)`` reads them from a row and returns short Dutch labels.
    """

    key: str
    order: int
    annotate: Callable[[Any, Any], Any]
    flags: Callable[[Any], list]


@dataclass(frozen=True)
class Flag:
    """One badge on a caseload row: a short Dutch label and its tone (``danger``, ``warning``, ``info``).
    A ``flags`` callable may return these or plain strings (tone ``info``)."""

    label: str
    tone: str = "info"


@dataclass(frozen=True)
class TeamColumn:
    """A figure per coach on the teamleider's overview: ``annotate(coaches, today)`` adds it to the
    coaches queryset (one query for the table); ``template`` renders its ``<td>`` for ``coach``."""

    key: str
    order: int
    heading: str
    annotate: Callable[[Any, Any], Any]
    template: str


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
TEAM_COLUMNS: dict[str, TeamColumn] = {}
PORTAL_URLS: dict[str, list] = {}
FILE_PROBES: dict[str, Callable] = {}
PROBE_PREFIX = "file_has_"


def _add(table, key, item):
    if key in table:
        raise ValueError(f"{key!r} is registered twice")
    table[key] = item
    return item


def file_probe(key, rows):
    """Whether the file's client has any of these rows, read with the client (an ``EXISTS`` on its row,
    :func:`clients.selectors.client_file`): a list with nothing in it then costs no query of its own.
    ``rows()`` returns the rows of the client ``OuterRef("pk")``, unscoped (only whether there are any)."""
    return _add(FILE_PROBES, key, rows)


def file_has(client, key):
    """False only when the client file's probe ``key`` found no row; True when unknown (another page's
    client object, a probe not read): then the list is read as usual."""
    return getattr(client, f"{PROBE_PREFIX}{key}", True) is not False


def file_probe_annotations():
    """The probes as annotations for the client file's client query."""
    return {f"{PROBE_PREFIX}{key}": RowExists(rows()) for key, rows in sorted(FILE_PROBES.items())}


def file_section(key, *, order, template, context=None, visible=None, tabs=()):
    """Add a section to the staff client file (``tabs``: its entries in the file's tab bar)."""
    return _add(FILE_SECTIONS, key, Section(key, order, template, context, visible, tuple(tabs)))


def portal_section(key, *, order, template, context=None, visible=None):
    """Add a block to the portal's home page."""
    return _add(PORTAL_SECTIONS, key, Section(key, order, template, context, visible))


def portal_page(key, *, order, label, url_name, also_active=()):
    """Add a page to the portal's menu."""
    return _add(PORTAL_PAGES, key, PortalPage(key, order, label, url_name, tuple(also_active)))


def portal_urls(key, patterns):
    """Add URL patterns to the portal (namespace ``portal``, under ``mijn/``): a feature app's own
    portal pages. ``clients/portal_urls.py`` collects them after :func:`autodiscover`."""
    return _add(PORTAL_URLS, key, list(patterns))


def caseload_flag(key, *, order, annotate, flags):
    """Add a signal to the caseload rows."""
    return _add(CASELOAD_FLAGS, key, CaseloadFlag(key, order, annotate, flags))


def team_column(key, *, order, heading, annotate, template):
    """Add a figure per coach to the teamleider's overview."""
    return _add(TEAM_COLUMNS, key, TeamColumn(key, order, heading, annotate, template))


def timeline_source(key, *, label, events):
    """Add a kind of event to the client's timeline."""
    return _add(TIMELINE_SOURCES, key, TimelineSource(key, label, events))


def ordered(table):
    return sorted(table.values(), key=lambda item: (item.order, item.key))


_PAGE_MEMO = "_registry_page_memo"
_MISSING = object()


def page_memo(client, key, compute):
    """One read that several sections of the same page need (the latest intake: the intake, plan and
    werk-zoeken sections), done once while :func:`render_sections` builds a page for this client
    object. Elsewhere ``compute()`` simply runs: nothing is kept beyond the one page's client object."""
    memo = getattr(client, _PAGE_MEMO, None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def page_memo_get(client, key, default=None):
    """What :func:`page_memo` holds for ``key`` on this page, without computing it."""
    value = (getattr(client, _PAGE_MEMO, None) or {}).get(key, _MISSING)
    return default if value is _MISSING else value


def render_sections(table, request, client, base_context=None):
    """The sections of ``table`` that this request may see, each with its own context.

    Returns a list of ``(section, context)`` for the page template to render in order
    (``{% render_section section context %}`` from ``clients/templatetags/client_registry.py``).
    """
    out = []
    setattr(client, _PAGE_MEMO, {})
    for section in ordered(table):
        if section.visible is not None and not section.visible(request):
            continue
        context = dict(base_context or {})
        if section.context is not None:
            context.update(section.context(request, client))
        out.append((section, context))
    return out


def caseload_annotate(queryset, today):
    """The caseload queryset with every registered flag's annotations (still one query)."""
    for flag in ordered(CASELOAD_FLAGS):
        queryset = flag.annotate(queryset, today)
    return queryset


def caseload_flags(row):
    """The badges of one annotated caseload row, in registration order, as :class:`Flag` objects."""
    out = []
    for flag in ordered(CASELOAD_FLAGS):
        out.extend(item if isinstance(item, Flag) else Flag(str(item)) for item in flag.flags(row))
    return out


def team_annotate(queryset, today):
    """The team overview's coaches with every registered column's figure."""
    for column in ordered(TEAM_COLUMNS):
        queryset = column.annotate(queryset, today)
    return queryset


def portal_urlpatterns():
    """Every feature app's portal URL patterns, in a stable order."""
    return [pattern for key in sorted(PORTAL_URLS) for pattern in PORTAL_URLS[key]]


def autodiscover():
    autodiscover_modules("client_sections")
