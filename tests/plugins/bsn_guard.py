"""bsn-guard: fail the test session when a BSN leaks into a log line or a URL.

A BSN must never appear in a log message, a URL path or a query string: logs
and URLs end up in access logs, proxies, browser history and monitoring,
where nobody may see a burgerservicenummer.

For the whole session this plugin collects

* the formatted message (with any traceback) of every log record that reaches
  the root logger: a handler at level DEBUG is added to the root logger; the
  level of the root logger and of every other logger stays as configured, so
  records below that level are not seen;
* the path and query string of every request that the Django test client, the
  async test client or the live server handles (``request_started``).

At the end it scans everything for BSNs (nine digits that pass the elfproef),
prints where it found them with the digits masked, and turns a green run red.
It always prints one summary line.

Register it in ``tests/conftest.py``: ``pytest_plugins = ["tests.plugins.bsn_guard"]``.
Under pytest-xdist every worker collects on its own and the controller adds up
what the workers report.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from urllib.parse import unquote_plus

import pytest

from clients.validators import is_valid_bsn

# Nine digits that are not part of a longer number nor the fraction of a
# decimal ("0.123456782"), and the dotted form 123.456.782 (not the tail of a
# longer dotted number such as an address or a version).
_PLAIN = re.compile(r"(?<!\d)(?<!\d\.)\d{9}(?!\d)(?!\.\d)")
_DOTTED = re.compile(r"(?<!\d)(?<!\d\.)\d{3}\.\d{3}\.\d{3}(?!\d)(?!\.\d)")
# Random identifiers that may hold nine digits in a row by chance: UUIDs (with
# or without dashes), hex digests, session keys, CSRF tokens. A BSN is never
# written glued into 20 letters and digits, so these are blanked before the scan.
_TOKENS = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[A-Za-z0-9]{20,}")
_HAS_LETTER = re.compile(r"[A-Za-z]")


def _blank_tokens(text):
    return _TOKENS.sub(lambda m: " " if _HAS_LETTER.search(m.group()) else m.group(), text)


def find_bsns(text):
    """Return the BSNs in text, as 9 digits, each once, in order of appearance.

    Finds plain 9-digit runs and the dotted form ``123.456.782`` that pass the
    elfproef; ``000000000``, longer numbers and digits inside UUIDs or other
    random tokens are not BSNs.
    """
    if not text:
        return []
    text = _blank_tokens(text)
    found = []
    for match in sorted([*_PLAIN.finditer(text), *_DOTTED.finditer(text)], key=lambda m: m.start()):
        digits = match.group().replace(".", "")
        if is_valid_bsn(digits) and digits not in found:
            found.append(digits)
    return found


def mask(bsn):
    """Show only the first three digits: 123******."""
    return bsn[:3] + "*" * (len(bsn) - 3)


def redact(text):
    """Return text with every BSN in it masked, the dotted form as 123.***.***."""

    def _mask(match):
        value = match.group()
        if not is_valid_bsn(value.replace(".", "")):
            return value
        return value[:3] + "".join("*" if c.isdigit() else c for c in value[3:])

    return _DOTTED.sub(_mask, _PLAIN.sub(_mask, text))


@dataclass
class Finding:
    kind: str  # "log" or "url"
    where: str  # logger name or request path
    test: str  # node id of the test that was running, or "" outside a test
    bsn: str

    def line(self):
        where = redact(self.where)
        place = f"log record of logger {where!r}" if self.kind == "log" else f"request URL {where!r}"
        during = f" during {self.test}" if self.test else ""
        return f"  {mask(self.bsn)} in {place}{during}"

    def to_dict(self):
        return {"kind": self.kind, "where": self.where, "test": self.test, "bsn": self.bsn}


class _CollectingHandler(logging.Handler):
    def __init__(self, guard):
        super().__init__(level=logging.DEBUG)
        self.guard = guard
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record):
        try:
            text = self.format(record)
        except Exception:  # a broken log call must not break the test run; the logging module reports it
            self.handleError(record)
            return
        self.guard.add("log", record.name, text)


class BsnGuard:
    def __init__(self, config):
        self.config = config
        self.lock = threading.Lock()
        self.entries = []  # (kind, where, test, text)
        self.records = 0
        self.urls = 0
        self.findings = []
        self.current_test = ""
        self.handler = _CollectingHandler(self)
        self.signal_connected = False

    # -- collecting -----------------------------------------------------------
    def add(self, kind, where, text):
        with self.lock:
            if kind == "log":
                self.records += 1
            else:
                self.urls += 1
            self.entries.append((kind, where, self.current_test, text))

    def attach_handler(self):
        root = logging.getLogger()
        if self.handler not in root.handlers:
            root.addHandler(self.handler)

    def on_request_started(self, sender, environ=None, scope=None, **kwargs):
        if environ is not None:
            path = environ.get("PATH_INFO", "")
            query = environ.get("QUERY_STRING") or ""
        elif scope is not None:  # ASGI handler (async test client)
            path = scope.get("path", "")
            query = (scope.get("query_string") or b"").decode("latin-1")
        else:
            return
        # Scan the query both as sent and decoded: %2E or + must not hide a BSN.
        url = f"{path}?{query}" if query else path
        decoded = f"{path}?{unquote_plus(query)}" if query else path
        self.add("url", decoded, f"{url}\n{decoded}")

    def connect_signal(self):
        if self.signal_connected:
            return
        from django.core.signals import request_started

        request_started.connect(self.on_request_started, weak=False, dispatch_uid="tests.plugins.bsn_guard")
        self.signal_connected = True

    def disconnect_signal(self):
        if self.signal_connected:
            from django.core.signals import request_started

            request_started.disconnect(dispatch_uid="tests.plugins.bsn_guard")
            self.signal_connected = False

    # -- scanning -------------------------------------------------------------
    def scan(self):
        with self.lock:
            entries, self.entries = self.entries, []
        for kind, where, test, text in entries:
            for bsn in find_bsns(text):
                self.findings.append(Finding(kind, where, test, bsn))

    def summary_line(self):
        return (
            f"bsn-guard: scanned {self.records} log records and {self.urls} request URLs, "
            f"{len(self.findings)} BSNs found"
        )


_KEY = pytest.StashKey[BsnGuard]()


def _guard(config):
    return config.stash.get(_KEY, None)


def pytest_configure(config):
    guard = BsnGuard(config)
    config.stash[_KEY] = guard
    guard.attach_handler()


def pytest_sessionstart(session):
    guard = _guard(session.config)
    # Django is set up by now (pytest-django); its dictConfig may have replaced
    # the root logger's handlers, so attach (again) here.
    guard.attach_handler()
    guard.connect_signal()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _guard(item.config).attach_handler()  # again, in case a test reconfigured logging


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    guard = _guard(item.config)
    guard.current_test = item.nodeid
    yield
    guard.current_test = ""


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist controller: add up what a worker collected."""
    guard = _guard(node.config)
    data = getattr(node, "workeroutput", {}).get("bsn_guard")
    if guard is None or not data:
        return
    guard.records += data["records"]
    guard.urls += data["urls"]
    guard.findings.extend(Finding(**f) for f in data["findings"])


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    guard = _guard(session.config)
    if guard is None:
        return
    guard.scan()
    guard.disconnect_signal()
    logging.getLogger().removeHandler(guard.handler)
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller reports
        workeroutput["bsn_guard"] = {
            "records": guard.records,
            "urls": guard.urls,
            "findings": [f.to_dict() for f in guard.findings],
        }
        return
    if guard.findings and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    guard = _guard(config)
    if guard is None or getattr(config, "workeroutput", None) is not None:
        return
    if guard.findings:
        terminalreporter.section("bsn-guard: BSN in logs or URLs", sep="=", red=True, bold=True)
        terminalreporter.line("A BSN may never appear in a log message, a URL path or a query string.")
        for finding in guard.findings:
            terminalreporter.line(finding.line())
    terminalreporter.write_line(guard.summary_line(), red=bool(guard.findings), bold=bool(guard.findings))
