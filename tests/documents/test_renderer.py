"""The PDF letter renderer: real PDFs, escaping, caps, and the deny-by-default canary suite.

These tests need no database. They run fully offline: the only network peer is a
local http.server on 127.0.0.1 that counts every hit (the renderer must cause none).
"""

import http.server
import io
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.request import Request

import pytest
import weasyprint
from django.conf import settings as django_settings
from django.template import Context, Template
from django.template.loader import render_to_string
from pypdf import PdfReader
from pypdf.generic import StreamObject
from weasyprint.urls import URLFetcher

from reintegratie.documents.renderer import (
    MAX_HTML_BYTES,
    MAX_PAGES,
    FetchRefused,
    LocalOnlyFetcher,
    RenderError,
    bare_weasyprint_pdf,
    render_html_to_pdf,
    render_pdf,
)

RENDER_BUDGET_SECONDS = 5.0

LETTER = """<!DOCTYPE html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <title>Uitnodiging gesprek</title>
  <link rel="stylesheet" href="static:css/brief.css">
</head>
<body>
  <header class="briefhoofd">
    <div class="afzender"><p class="gemeente">Gemeente Voorbeeld</p><p>Werk en Inkomen</p></div>
    <div class="contact"><p>{{ coach }}</p><p>06-12345678</p></div>
  </header>
  <div class="adresblok"><p>{{ naam }}</p><p>Dorpsstraat 1</p><p>1234 AB  Voorbeeld</p></div>
  <p class="kenmerk">Ons kenmerk: 2025-0042</p>
  <h1 class="onderwerp">Onderwerp: uitnodiging gesprek</h1>
  <div class="brief-body">
    <p>Geachte heer Jansen,</p>
    <p>Wij nodigen u uit voor een gesprek over uw re-integratie. Ëén café, één afspraak.</p>
    <p>{{ notitie }}</p>
  </div>
</body>
</html>
"""

CONTEXT = {"coach": "Sanne de Vries", "naam": "De heer J. Jansen", "notitie": "Neem uw legitimatie mee."}


# --------------------------------------------------------------------------- helpers


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _all_bytes(pdf: bytes) -> bytes:
    """The raw PDF plus every decoded stream and every embedded file.

    WeasyPrint compresses streams, so a raw byte search alone would miss a leaked
    file that was embedded as an attachment or drawn as text.
    """
    reader = PdfReader(io.BytesIO(pdf))
    chunks = [pdf]
    ids = set(reader.xref_objStm)
    for by_id in reader.xref.values():
        ids.update(by_id)
    for idnum in sorted(ids):
        obj = reader.get_object(idnum)
        if isinstance(obj, StreamObject):
            chunks.append(obj.get_data())
    for contents in reader.attachments.values():
        chunks.extend(contents)
    return b"\n".join(chunks)


def _timed_render(html: str, fetcher) -> tuple[bytes, float]:
    started = time.perf_counter()
    pdf = render_html_to_pdf(html, fetcher=fetcher)
    return pdf, time.perf_counter() - started


@pytest.fixture
def letter_templates(settings):
    """Serve test templates from memory instead of files in templates/."""
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", {"brieven/test_brief.html": LETTER})],
            },
        }
    ]


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self):
        self.server.hits.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "/after-redirect.css")
            self.end_headers()
            return
        body = b"body { color: red }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def _listener():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def listener(_listener):
    _listener.hits.clear()
    return _listener


@pytest.fixture
def canary(tmp_path):
    """A file whose random content must never reach a PDF."""
    secret = f"CANARY-{secrets.token_hex(16)}"
    path = tmp_path / "canary.txt"
    path.write_text(secret)
    return secret, path.as_uri()


# --------------------------------------------------------------------------- basics


def test_weasyprint_is_at_least_70():
    # v70 fixes CVE-2026-55073 and has the URLFetcher class API this module relies on.
    major, minor = (int(part) for part in weasyprint.__version__.split(".")[:2])
    assert (major, minor) >= (70, 0)


def test_importing_the_renderer_does_not_import_weasyprint():
    code = "import sys, reintegratie.documents.renderer; print('weasyprint' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(django_settings.BASE_DIR)}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


def test_renders_a_letter_to_a_real_pdf(letter_templates):
    pdf = render_pdf("brieven/test_brief.html", CONTEXT)

    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    assert "Wij nodigen u uit voor een gesprek over uw re-integratie." in text
    assert "Ëén café, één afspraak." in text
    assert "Sanne de Vries" in text
    assert "Pagina 1 van 1" in text  # the @page footer from static:css/brief.css
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Uitnodiging gesprek"
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert len(reader.pages) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width) / 72 * 25.4), round(float(height) / 72 * 25.4)) == (210, 297)  # A4


def test_one_render_is_fast(letter_templates):
    render_pdf("brieven/test_brief.html", CONTEXT)  # warm up fonts
    started = time.perf_counter()
    render_pdf("brieven/test_brief.html", CONTEXT)
    assert time.perf_counter() - started < RENDER_BUDGET_SECONDS


def test_static_brief_css_is_served_and_nothing_else_is_fetched():
    html = Template(LETTER).render(Context(CONTEXT))
    fetcher = LocalOnlyFetcher()
    pdf = render_html_to_pdf(html, fetcher=fetcher)

    assert fetcher.served == ["static:css/brief.css"]
    assert fetcher.refused == []
    assert "Pagina 1 van 1" in _text(pdf)

    without_css = html.replace('<link rel="stylesheet" href="static:css/brief.css">', "")
    assert "Pagina 1 van 1" not in _text(render_html_to_pdf(without_css))


def test_multi_page_letter_counts_pages():
    body = "".join(f'<p class="pagina-einde">Blad {n}</p>' for n in range(3))
    html = f'<html lang="nl"><head><link rel="stylesheet" href="static:css/brief.css"></head><body>{body}</body></html>'
    text = _text(render_html_to_pdf(html))
    assert "Pagina 1 van 3" in text
    assert "Pagina 3 van 3" in text


def test_bare_weasyprint_helper_renders_without_network(listener):
    html = f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{listener.server_port}/x.css"></head><body>Hallo</body></html>'
    pdf = bare_weasyprint_pdf(html)
    assert pdf.startswith(b"%PDF-")
    assert "Hallo" in _text(pdf)
    assert listener.hits == []


# --------------------------------------------------------------------------- escaping

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)><link rel="stylesheet" href="http://evil/">'


def test_user_text_is_escaped_in_the_template_html(letter_templates):
    html = render_to_string("brieven/test_brief.html", {**CONTEXT, "notitie": HOSTILE})

    assert "<script>" not in html
    assert "<img src=x" not in html
    assert '<link rel="stylesheet" href="http://evil/">' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html

    same = Template(LETTER).render(Context({**CONTEXT, "notitie": HOSTILE}))
    assert same == html


def test_user_text_appears_as_literal_text_in_the_pdf(letter_templates):
    pdf = render_pdf("brieven/test_brief.html", {**CONTEXT, "notitie": HOSTILE})
    text = _text(pdf)
    assert '<script>alert("x")</script>' in text
    assert "onerror=alert(1)" in text


# --------------------------------------------------------------------------- caps


def test_html_over_the_size_cap_is_refused():
    html = "<html><body><p>" + "x" * MAX_HTML_BYTES + "</p></body></html>"
    with pytest.raises(RenderError, match="cap"):
        render_html_to_pdf(html)


def test_size_cap_counts_utf8_bytes_not_characters():
    html = "<html><body><p>" + "é" * (MAX_HTML_BYTES // 2 + 10) + "</p></body></html>"
    assert len(html) < MAX_HTML_BYTES < len(html.encode())
    with pytest.raises(RenderError):
        render_html_to_pdf(html)


def test_too_many_pages_is_refused_before_write_pdf(monkeypatch):
    from weasyprint.document import Document

    def must_not_run(*args, **kwargs):
        raise AssertionError("write_pdf() ran for a document over the page cap")

    monkeypatch.setattr(Document, "write_pdf", must_not_run)
    body = '<div style="break-after: page">Blad</div>' * (MAX_PAGES + 1)
    with pytest.raises(RenderError, match="pages"):
        render_html_to_pdf(f"<html><body>{body}</body></html>")


def test_a_letter_at_the_page_cap_renders():
    body = '<div style="break-after: page">Blad</div>' * (MAX_PAGES - 1) + "<div>Slot</div>"
    pdf = render_html_to_pdf(f"<html><body>{body}</body></html>")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == MAX_PAGES


# --------------------------------------------------------------------------- canary suite

# (id, html fragment, substring expected in fetcher.refused or None when WeasyPrint
# drops the URL before the fetcher: relative URLs without a base URL).
PAYLOADS = [
    ("img-file-canary", '<img src="{canary_url}">', "{canary_url}"),
    ("attachment-file-canary", '<link rel="attachment" href="{canary_url}">', "{canary_url}"),
    ("a-attachment-file-canary", '<a rel="attachment" href="{canary_url}">bijlage</a>', "{canary_url}"),
    ("stylesheet-file-canary", '<link rel="stylesheet" href="{canary_url}">', "{canary_url}"),
    ("svg-image-file-canary", '<svg width="10" height="10"><image href="{canary_url}"/></svg>', "{canary_url}"),
    ("stylesheet-http", '<link rel="stylesheet" href="{http}/x.css">', "{http}/x.css"),
    ("import-http", "<style>@import url({http}/i.css);</style>", "{http}/i.css"),
    ("background-http", "<style>body{{background:url({http}/bg.png)}}</style>", "{http}/bg.png"),
    (
        "font-face-http",
        "<style>@font-face{{font-family:X;src:url({http}/f.woff)}} p{{font-family:X}}</style><p>x</p>",
        "{http}/f.woff",
    ),
    (
        "svg-image-http",
        '<svg width="10" height="10"><image href="{http}/s.png" width="10" height="10"/></svg>',
        "{http}/s.png",
    ),
    ("redirect-http", '<link rel="stylesheet" href="{http}/redirect">', "{http}/redirect"),
    ("base-href-http", '<base href="{http}/"><img src="rel.png">', "{http}/rel.png"),
    ("embed-http", '<embed src="{http}/e.svg" type="image/svg+xml">', "{http}/e.svg"),
    ("object-http", '<object data="{http}/o.png" type="image/png"></object>', "{http}/o.png"),
    ("ftp", '<img src="ftp://127.0.0.1:{port}/f.png">', "ftp://127.0.0.1:{port}/f.png"),
    ("data-svg-with-http-image", '<img src="data:image/svg+xml,{svg}">', "{http}/nested.png"),
    ("img-dev-urandom", '<img src="/dev/urandom">', None),
    ("css-dev-urandom", "<style>body{{background:url(/dev/urandom)}}</style>", None),
    ("svg-dev-urandom", '<svg width="10" height="10"><image href="/dev/urandom"/></svg>', "/dev/urandom"),
    ("file-dev-urandom", '<img src="file:///dev/urandom">', "file:///dev/urandom"),
    (
        "static-traversal",
        '<link rel="stylesheet" href="static:../../../../etc/passwd">',
        "static:../../../../etc/passwd",
    ),
    ("static-encoded-traversal", '<link rel="stylesheet" href="static:%2e%2e/%2e%2e/etc/passwd.css">', "static:"),
    ("static-absolute", '<link rel="stylesheet" href="static:/etc/passwd">', "static:/etc/passwd"),
    ("img-file-etc-passwd", '<img src="file:///etc/passwd">', "file:///etc/passwd"),
    ("attachment-etc-passwd", '<link rel="attachment" href="file:///etc/passwd">', "file:///etc/passwd"),
]


def _nested_svg(http: str) -> str:
    from urllib.parse import quote

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f'<image href="{http}/nested.png" width="10" height="10"/></svg>'
    )
    return quote(svg)


@pytest.mark.parametrize(("fragment", "expected_refusal"), [p[1:] for p in PAYLOADS], ids=[p[0] for p in PAYLOADS])
def test_canary_payload_is_refused(fragment, expected_refusal, listener, canary):
    secret, canary_url = canary
    http_base = f"http://127.0.0.1:{listener.server_port}"
    values = {"canary_url": canary_url, "http": http_base, "port": listener.server_port, "svg": _nested_svg(http_base)}
    html = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body><p>Brief</p>{fragment.format(**values)}</body></html>"
    )

    fetcher = LocalOnlyFetcher()
    pdf, elapsed = _timed_render(html, fetcher)

    assert pdf.startswith(b"%PDF-")
    assert elapsed < RENDER_BUDGET_SECONDS, f"render took {elapsed:.2f}s"
    assert listener.hits == [], f"the renderer reached the network: {listener.hits}"
    everything = _all_bytes(pdf)
    assert secret.encode() not in everything
    assert secret not in _text(pdf)
    assert b"root:x:0:0" not in everything
    assert "Brief" in _text(pdf)
    if expected_refusal is not None:
        wanted = expected_refusal.format(**values)
        assert any(wanted in url for url in fetcher.refused), fetcher.refused
    assert all(url.startswith("data:") for url in fetcher.served), fetcher.served


def test_all_payloads_in_one_letter_with_the_stylesheet(listener, canary):
    """Everything at once, next to the real stylesheet, which must still be served."""
    secret, canary_url = canary
    http_base = f"http://127.0.0.1:{listener.server_port}"
    values = {"canary_url": canary_url, "http": http_base, "port": listener.server_port, "svg": _nested_svg(http_base)}
    fragments = "".join(p[1].format(**values) for p in PAYLOADS if not p[1].startswith("<base"))
    html = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title>'
        f'<link rel="stylesheet" href="static:css/brief.css"></head><body><p>Brief</p>{fragments}</body></html>'
    )
    fetcher = LocalOnlyFetcher()
    pdf, elapsed = _timed_render(html, fetcher)

    assert elapsed < RENDER_BUDGET_SECONDS
    assert listener.hits == []
    assert secret.encode() not in _all_bytes(pdf)
    assert "Pagina 1 van 1" in _text(pdf)
    assert "static:css/brief.css" in fetcher.served
    assert len(fetcher.refused) >= 15


def test_the_canary_detectors_work_with_an_open_fetcher(listener, canary):
    """Control: WeasyPrint's own default fetcher does leak, and the checks above see it."""
    secret, canary_url = canary
    http_base = f"http://127.0.0.1:{listener.server_port}"
    html = (
        f'<html><head><link rel="stylesheet" href="{http_base}/x.css"></head>'
        f'<body><p>Brief</p><link rel="attachment" href="{canary_url}"></body></html>'
    )
    pdf = weasyprint.HTML(string=html, url_fetcher=URLFetcher(timeout=2)).write_pdf()
    assert listener.hits == ["/x.css"]
    assert secret.encode() in _all_bytes(pdf)


# --------------------------------------------------------------------------- fetcher unit tests


def test_fetcher_serves_brief_css_with_css_content_type():
    fetcher = LocalOnlyFetcher()
    response = fetcher.fetch("static:css/brief.css")
    try:
        assert response.content_type == "text/css"
        assert b"@page" in response.read()
    finally:
        response.close()
    assert fetcher.served == ["static:css/brief.css"]


def test_fetcher_serves_data_uris():
    fetcher = LocalOnlyFetcher()
    response = fetcher.fetch("data:text/css;base64,Ym9keXt9")
    assert response.content_type == "text/css"
    assert response.read() == b"body{}"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1/",
        "https://example.invalid/x.css",
        "ftp://127.0.0.1/x",
        "gopher://127.0.0.1/x",
        "javascript:alert(1)",
        "/dev/urandom",
        "css/brief.css",
        "//127.0.0.1/x.css",
        "static:../reintegratie/settings.py",
        "static:css/../../reintegratie/settings.py",
        "static:css/./brief.css",
        "static:%2e%2e/%2e%2e/etc/passwd.css",
        "STATIC:../../etc/passwd.css",
        "static:/etc/passwd.css",
        "static:css\\..\\..\\x.css",
        "static:css/brief.css%00.png",
        "static:css/does-not-exist.css",
        "static:js/app.js",
        "static:",
        "static:css",
    ],
)
def test_fetcher_refuses(url):
    fetcher = LocalOnlyFetcher()
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert len(fetcher.refused) == 1
    assert fetcher.served == []


def test_fetcher_open_and_call_use_the_same_checks(listener):
    fetcher = LocalOnlyFetcher()
    url = f"http://127.0.0.1:{listener.server_port}/open"
    with pytest.raises(FetchRefused):
        fetcher.open(Request(url))
    with pytest.raises(FetchRefused):
        fetcher.open(url)
    with pytest.raises(FetchRefused):
        fetcher(url)
    assert listener.hits == []
    assert fetcher.refused == [url, url, url]


def test_fetcher_refuses_symlinks_that_leave_the_static_folder(tmp_path):
    root = tmp_path / "static"
    (root / "css").mkdir(parents=True)
    outside = tmp_path / "geheim.css"
    outside.write_text("body { content: 'GEHEIM' }")
    (root / "css" / "ok.css").write_text("p {}")
    (root / "css" / "evil.css").symlink_to(outside)
    (root / "css" / "alias.css").symlink_to(root / "css" / "ok.css")
    (root / "up").symlink_to(tmp_path, target_is_directory=True)

    fetcher = LocalOnlyFetcher(static_root=root)
    assert fetcher.fetch("static:css/ok.css").read() == b"p {}"
    assert fetcher.fetch("static:css/alias.css").read() == b"p {}"  # stays inside: fine
    for url in ("static:css/evil.css", "static:up/geheim.css"):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert fetcher.refused == ["static:css/evil.css", "static:up/geheim.css"]


def test_fetcher_refuses_special_files_and_directories(tmp_path):
    """A FIFO or device named *.css must not be opened (it could block forever like /dev/urandom)."""
    root = tmp_path / "static"
    root.mkdir()
    os.mkfifo(root / "pipe.css")
    (root / "map.css").mkdir()
    (root / "random.png").symlink_to(Path("/dev/urandom"))

    fetcher = LocalOnlyFetcher(static_root=root)
    for url in ("static:pipe.css", "static:map.css", "static:random.png"):
        started = time.perf_counter()
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
        assert time.perf_counter() - started < 1
    assert len(fetcher.refused) == 3


def test_fetcher_does_not_follow_redirects_even_if_asked():
    fetcher = LocalOnlyFetcher(allow_redirects=True)
    assert not any(type(h).__name__ == "HTTPRedirectHandler" for h in fetcher.handlers)
