"""Render Dutch letters (Brief) to PDF with WeasyPrint, deny-by-default.

Security model (see shared/SECURITY.md §2):

* Letters come only from trusted Django templates rendered with autoescape on.
  User text (case notes, letter paragraphs) goes in through the context and is
  never marked safe, so it cannot add markup, stylesheets or URLs.
* Every resource WeasyPrint wants (images, stylesheets, ``@import``, ``url()``,
  SVG ``<image>``, ``<link rel="attachment">``) goes through
  :class:`LocalOnlyFetcher`, which only serves ``data:`` URIs and the
  ``static:`` pseudo-scheme (``static:css/brief.css``), resolved inside
  ``settings.BASE_DIR / "static"``. Everything else is refused: no ``file:``,
  no network, no relative URLs (``base_url`` is ``None``).
* We never pass URLs to ``stylesheets=`` and never pass ``xmp_metadata``
  (GHSA-jf6q-chmf-3h3v / CVE-2026-55073: before v70 these built a fresh default
  fetcher that bypassed ours). Stylesheets come from
  ``<link rel="stylesheet" href="static:css/brief.css">`` in the template, or as
  ``weasyprint.CSS(string=...)`` objects.
* Caps: at most :data:`MAX_HTML_BYTES` of HTML and :data:`MAX_PAGES` pages
  (checked after layout, before ``write_pdf()``). Time and memory limits belong
  to the Celery worker (soft/hard time limits, ``worker_max_memory_per_child``).

Templates must carry ``<html lang="nl">`` (WeasyPrint writes it to the PDF
catalog as the document language, which screen readers use) and a ``<title>``
(WeasyPrint writes it to the PDF metadata title).

WeasyPrint is heavy (cairo/pango bindings, fonts), so this module does not
import it at import time: web processes can import it cheaply. WeasyPrint is
imported inside the functions, and :class:`LocalOnlyFetcher` (a subclass of
``weasyprint.urls.URLFetcher``) is built on first access through the module's
``__getattr__`` (PEP 562). ``from reintegratie.documents.renderer import
LocalOnlyFetcher`` works as usual; it is that line that imports WeasyPrint.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

if TYPE_CHECKING:  # pragma: no cover
    from weasyprint.urls import URLFetcher, URLFetcherResponse

__all__ = [
    "MAX_HTML_BYTES",
    "MAX_PAGES",
    "FetchRefused",
    "LocalOnlyFetcher",  # noqa: F822 - built lazily by __getattr__ below
    "RenderError",
    "bare_weasyprint_pdf",
    "render_html_to_pdf",
    "render_pdf",
]

logger = logging.getLogger(__name__)

#: Largest HTML (UTF-8 encoded) we hand to WeasyPrint.
MAX_HTML_BYTES = 300 * 1024
#: Most pages a letter may have; checked after layout, before write_pdf().
MAX_PAGES = 30
#: Largest single static asset the fetcher will serve.
MAX_ASSET_BYTES = 5 * 1024 * 1024
#: Seconds; only matters to urllib handlers, which we never reach for network URLs.
FETCH_TIMEOUT = 3

#: The only suffixes served through ``static:``, with their Content-Type.
STATIC_CONTENT_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}

_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9.+-]*):")


class RenderError(Exception):
    """The letter cannot be rendered safely (too large, too many pages)."""


class FetchRefused(ValueError):
    """LocalOnlyFetcher refused a URL. WeasyPrint catches it and logs a warning."""


def static_source_root() -> Path:
    """The project's static source folder that ``static:`` URLs resolve in."""
    return Path(settings.BASE_DIR) / "static"


def _build_fetcher_class() -> type[URLFetcher]:
    from urllib.request import DataHandler, Request

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """A WeasyPrint URL fetcher that refuses everything but ``data:`` and ``static:``.

        ``static:css/brief.css`` is served from ``static_root`` (default
        ``settings.BASE_DIR / "static"``) when, after resolving symlinks, the file
        lies inside that folder, is a regular file, has an allowed suffix and is
        at most :data:`MAX_ASSET_BYTES`. Any ``..`` segment, absolute path,
        backslash or NUL is refused outright.

        Refused URLs are raised as :class:`FetchRefused` (WeasyPrint logs and
        skips the resource) and recorded in ``self.refused``; served ones in
        ``self.served``. Use one instance per render.
        """

        def __init__(self, static_root: Path | str | None = None, **kwargs: Any) -> None:
            # The base class settings are defence in depth only: fetch() below
            # never hands a URL to urllib's opener.
            kwargs.setdefault("timeout", FETCH_TIMEOUT)
            kwargs["allowed_protocols"] = ("data", "static")
            kwargs["allow_redirects"] = False
            super().__init__(**kwargs)
            root = Path(static_root) if static_root is not None else static_source_root()
            self.static_root = root.resolve()
            self.refused: list[str] = []
            self.served: list[str] = []

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            match = _SCHEME_RE.match(url)
            scheme = match[1].lower() if match else ""
            if scheme == "data":
                return self._fetch_data(url)
            if scheme == "static":
                return self._fetch_static(url)
            self._refuse(url, "scheme not allowed")

        # urllib's OpenerDirector.open() is also public on the base class; route it
        # through the same checks (the base class does too, but do not rely on it).
        def open(self, url: Any, data: Any = None, timeout: Any = None) -> URLFetcherResponse:
            full_url = getattr(url, "full_url", url)
            return self.fetch(str(full_url))

        def __call__(self, url: str) -> URLFetcherResponse:
            return self.fetch(url)

        def _refuse(self, url: str, reason: str) -> NoReturn:
            shown = url if len(url) <= 200 else url[:200] + "…"
            self.refused.append(shown)
            logger.warning("PDF renderer refused URL %r: %s", shown, reason)
            raise FetchRefused(f"refused ({reason}): {shown}")

        def _fetch_data(self, url: str) -> URLFetcherResponse:
            # urllib's DataHandler alone: parses base64/percent-encoded data URIs, no I/O.
            with DataHandler().data_open(Request(url)) as response:  # noqa: S310 - data: only
                body = response.read()
                content_type = response.headers.get("Content-Type", "text/plain;charset=US-ASCII")
            self.served.append(url[:60])
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

        def _fetch_static(self, url: str) -> URLFetcherResponse:
            raw = urlsplit(url).path  # drops ?query and #fragment
            rel = unquote(raw)
            if not rel or "\\" in rel or "\x00" in rel or rel.startswith("/"):
                self._refuse(url, "bad static path")
            if any(segment in ("..", ".") for segment in rel.split("/")):
                self._refuse(url, "path traversal")
            parts = PurePosixPath(rel).parts
            suffix = PurePosixPath(rel).suffix.lower()
            content_type = STATIC_CONTENT_TYPES.get(suffix)
            if content_type is None:
                self._refuse(url, f"suffix {suffix!r} not allowed")
            try:
                path = (self.static_root / Path(*parts)).resolve(strict=True)
            except (OSError, RuntimeError):
                self._refuse(url, "no such static file")
            if not path.is_relative_to(self.static_root):
                self._refuse(url, "resolves outside the static folder")
            if not path.is_file():
                self._refuse(url, "not a regular file")
            if path.stat().st_size > MAX_ASSET_BYTES:
                self._refuse(url, "static file too large")
            body = path.read_bytes()
            self.served.append(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    LocalOnlyFetcher.__module__ = __name__
    return LocalOnlyFetcher


@functools.cache
def _fetcher_class() -> type[URLFetcher]:
    return _build_fetcher_class()


def __getattr__(name: str) -> Any:
    """Build ``LocalOnlyFetcher`` on first access (imports WeasyPrint then)."""
    if name == "LocalOnlyFetcher":
        cls = _fetcher_class()
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render_html_to_pdf(html: str, *, fetcher: URLFetcher | None = None) -> bytes:
    """Turn trusted, already-escaped letter HTML into PDF bytes.

    ``fetcher`` defaults to a fresh :class:`LocalOnlyFetcher`; pass one to inspect
    its ``refused``/``served`` lists afterwards (tests). Raises
    :class:`RenderError` above :data:`MAX_HTML_BYTES` or :data:`MAX_PAGES`.
    """
    size = len(html.encode("utf-8"))
    if size > MAX_HTML_BYTES:
        raise RenderError(f"letter HTML is {size} bytes, the cap is {MAX_HTML_BYTES}")

    import weasyprint

    if fetcher is None:
        fetcher = _fetcher_class()()
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).render()
    if len(document.pages) > MAX_PAGES:
        raise RenderError(f"letter has {len(document.pages)} pages, the cap is {MAX_PAGES}")
    # No stylesheets=/xmp_metadata=/attachments= options here, on purpose.
    return document.write_pdf()


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a letter template (autoescaped) and return the PDF bytes.

    The template should start with ``<html lang="nl">``, have a ``<title>`` (PDF
    title metadata) and link ``<link rel="stylesheet" href="static:css/brief.css">``.
    Never mark user-supplied text ``|safe`` in these templates.
    """
    html = render_to_string(template_name, context)
    return render_html_to_pdf(html)


def bare_weasyprint_pdf(html: str) -> bytes:
    """Plain WeasyPrint with no network or file access, and none of our checks.

    For the benchmark only: it measures what our checks cost compared with plain
    WeasyPrint. It has no size or page cap and serves no ``static:`` assets.
    Do not use it for letters.
    """
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",), allow_redirects=False, timeout=1)
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
