"""bsn-guard: fail the test session when a BSN leaks into a log line or a URL.

A BSN must never appear in a log message, a URL path or a query string: logs
and URLs end up in access logs, proxies, browser history and monitoring,
where nobody may see a burgerservicenummer.

For the whole session this plugin collects

* the formatted message (with any traceback) of every log record of every
  logger: records that reach the root logger through a handler at level DEBUG,
  records of loggers that do not propagate (``Logger.callHandlers`` is wrapped),
  and calls below a logger's level, DEBUG included, that are never written
  (``Logger.debug`` … ``Logger.log`` are wrapped; levels stay as configured, so
  nothing more is printed);
* the path and query string of every request that the Django test client, the
  async test client or the live server handles (``request_started``);
* the subject, body and alternative (HTML) parts of every e-mail in
  ``django.core.mail.outbox`` after each test;
* the arguments of every Celery task that is published (``before_task_publish``:
  the message body and its argsrepr/kwargsrepr) or run in-process
  (``task_prerun``, the eager mode without a broker).

At the end it scans everything for BSNs (nine digits that pass the elfproef),
prints where it found them with the digits masked, and turns a green run red.
It always prints one summary line.

Register it in ``tests/conftest.py``: ``pytest_plugins = ["tests.plugins.bsn_guard"]``.
Under pytest-xdist every worker collects on its own and the controller adds up
what the workers report.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from dataclasses import dataclass
from urllib.parse import unquote_plus

import pytest

from clients.validators import is_valid_bsn
from tests.plugins.bsn_logging import GUARDS, install_logging_patches, remove_logging_patches

# Nine digits that are not part of a longer number nor the fraction of a
# decimal ("0.123456782"), and the dotted form 123.456.782 (not the tail of a
# longer dotted number such as an address or a version).
_PLAIN = re.compile(r"(?<!\d)(?<!\d\.)\d{9}(?!\d)(?!\.\d)")
_DOTTED = re.compile(r"(?<!\d)(?<!\d\.)\d{3}\.\d{3}\.\d{3}(?!\d)(?!\.\d)")
# Random identifiers that may hold nine digits in a row by chance: UUIDs (with
# or without dashes), hex digests, session keys, CSRF tokens. A BSN is never
# written glued into 20 letters and digits, so these are blanked before the scan.
# Python object addresses in reprs ("<... object at 0x7f8829745110>", botocore's debug lines) too.
_TOKENS = re.compile(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[A-Za-z0-9]{20,}|0x[0-9A-Fa-f]+"
)
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


PLACES = {
    "log": "log record of logger",
    "url": "request URL",
    "mail": "e-mail with subject",
    "task": "arguments of Celery task",
}
# The guard's own tests use these names for loggers, task senders and mail subjects: the session
# guard leaves them to the test's own guard (tests/security/test_bsn_guard.py).
PROBE = "bsn_guard_probe"


@dataclass
class Finding:
    kind: str  # "log", "url", "mail" or "task"
    where: str  # logger name, request path, mail subject or task name
    test: str  # node id of the test that was running, or "" outside a test
    bsn: str

    def line(self):
        where = redact(self.where)
        place = f"{PLACES[self.kind]} {where!r}"
        during = f" during {self.test}" if self.test else ""
        return f"  {mask(self.bsn)} in {place}{during}"

    def to_dict(self):
        return {"kind": self.kind, "where": self.where, "test": self.test, "bsn": self.bsn}


def _text_of_mail(message):
    parts = [str(message.subject), str(message.body)]
    parts += [str(content) for content, _mimetype in getattr(message, "alternatives", [])]
    return "\n".join(parts)


class _CollectingHandler(logging.Handler):
    def __init__(self, guard):
        super().__init__(level=logging.DEBUG)
        self.guard = guard
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record):
        self.guard.add_record(record)


class BsnGuard:
    def __init__(self, config, *, skip_probes=False):
        self.config = config
        self.skip_probes = skip_probes  # the session guard: the guard's own tests leak on purpose
        self.lock = threading.Lock()
        self.entries = []  # (kind, where, test, text)
        self.counts = dict.fromkeys(PLACES, 0)
        self.findings = []
        self.current_test = ""
        self.handler = _CollectingHandler(self)
        self.signal_connected = False
        self.tasks_connected = False

    @property
    def records(self):
        return self.counts["log"]

    @property
    def urls(self):
        return self.counts["url"]

    # -- collecting -----------------------------------------------------------
    def add(self, kind, where, text):
        if self.skip_probes and PROBE in str(where):
            return
        with self.lock:
            self.counts[kind] += 1
            self.entries.append((kind, where, self.current_test, text))

    def add_record(self, record):
        """A log record (from the logging patch); each record once, however many handlers see it."""
        if getattr(record, "_bsn_guard_seen", None) is self:
            return
        with contextlib.suppress(AttributeError):
            record._bsn_guard_seen = self
        try:
            text = self.handler.format(record)
        except Exception:  # a broken log call must not break the test run; the logging module reports it
            return
        self.add("log", record.name, text)

    def activate(self):
        """Also see records that never reach the root logger, and calls below a logger's level."""
        install_logging_patches()
        if self not in GUARDS:
            GUARDS.append(self)

    def deactivate(self):
        if self in GUARDS:
            GUARDS.remove(self)
        if not GUARDS:
            remove_logging_patches()

    def add_mails(self, messages):
        for message in messages:
            self.add("mail", str(message.subject), _text_of_mail(message))

    def on_before_task_publish(self, sender=None, body=None, headers=None, **kwargs):
        headers = headers or {}
        name = str(headers.get("task") or sender or "")
        text = "\n".join([repr(body), str(headers.get("argsrepr", "")), str(headers.get("kwargsrepr", ""))])
        self.add("task", name, text)

    def on_task_prerun(self, sender=None, task_id=None, task=None, args=None, kwargs=None, **extra):
        name = str(getattr(task, "name", None) or sender or "")
        self.add("task", name, f"{args!r}\n{kwargs!r}")

    def connect_tasks(self):
        if self.tasks_connected:
            return
        from celery.signals import before_task_publish, task_prerun

        uid = f"tests.plugins.bsn_guard.{id(self)}"
        before_task_publish.connect(self.on_before_task_publish, weak=False, dispatch_uid=uid)
        task_prerun.connect(self.on_task_prerun, weak=False, dispatch_uid=uid)
        self.tasks_connected = True

    def disconnect_tasks(self):
        if self.tasks_connected:
            from celery.signals import before_task_publish, task_prerun

            uid = f"tests.plugins.bsn_guard.{id(self)}"
            before_task_publish.disconnect(dispatch_uid=uid)
            task_prerun.disconnect(dispatch_uid=uid)
            self.tasks_connected = False

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
        c = self.counts
        return (
            f"bsn-guard: scanned {c['log']} log records, {c['url']} request URLs, {c['mail']} e-mails "
            f"and {c['task']} task messages, {len(self.findings)} BSNs found"
        )


_KEY = pytest.StashKey[BsnGuard]()


def _guard(config):
    return config.stash.get(_KEY, None)


def pytest_configure(config):
    guard = BsnGuard(config, skip_probes=True)
    config.stash[_KEY] = guard
    guard.attach_handler()
    guard.activate()


def pytest_sessionstart(session):
    guard = _guard(session.config)
    # Django is set up by now (pytest-django); its dictConfig may have replaced
    # the root logger's handlers, so attach (again) here.
    guard.attach_handler()
    guard.connect_signal()
    guard.connect_tasks()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _guard(item.config).attach_handler()  # again, in case a test reconfigured logging


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    guard = _guard(item.config)
    guard.current_test = item.nodeid
    yield
    guard.current_test = ""


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """The e-mails this test sent (the locmem backend's outbox; emptied before each test)."""
    from django.core import mail

    guard = _guard(item.config)
    guard.current_test = item.nodeid
    guard.add_mails(getattr(mail, "outbox", None) or [])


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist controller: add up what a worker collected."""
    guard = _guard(node.config)
    data = getattr(node, "workeroutput", {}).get("bsn_guard")
    if guard is None or not data:
        return
    for kind, count in data["counts"].items():
        guard.counts[kind] += count
    guard.findings.extend(Finding(**f) for f in data["findings"])


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    guard = _guard(session.config)
    if guard is None:
        return
    guard.scan()
    guard.disconnect_signal()
    guard.disconnect_tasks()
    guard.deactivate()
    logging.getLogger().removeHandler(guard.handler)
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller reports
        workeroutput["bsn_guard"] = {
            "counts": guard.counts,
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
        terminalreporter.section("bsn-guard: BSN in logs, URLs, e-mails or tasks", sep="=", red=True, bold=True)
        terminalreporter.line(
            "A BSN may never appear in a log message, a URL path or query string, an e-mail or a Celery message."
        )
        for finding in guard.findings:
            terminalreporter.line(finding.line())
    terminalreporter.write_line(guard.summary_line(), red=bool(guard.findings), bold=bool(guard.findings))
