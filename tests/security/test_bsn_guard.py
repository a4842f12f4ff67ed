"""Unit tests of the bsn-guard scanner (tests/plugins/bsn_guard.py)."""

import logging
import uuid

import pytest

from clients.validators import is_valid_bsn
from tests.plugins.bsn_guard import PROBE, BsnGuard, find_bsns, mask, redact

VALID = "123456782"  # passes the elfproef
VALID_2 = "111222333"
INVALID = "123456789"  # nine digits, fails the elfproef


def test_the_fixtures_are_what_they_claim():
    assert is_valid_bsn(VALID) and is_valid_bsn(VALID_2)
    assert not is_valid_bsn(INVALID)


def test_finds_a_valid_bsn_in_a_log_line():
    assert find_bsns(f"2026-03-02 10:15:00,123 INFO clients.services client {VALID} registered") == [VALID]


def test_finds_a_bsn_at_the_edges_and_next_to_punctuation():
    assert find_bsns(VALID) == [VALID]
    assert find_bsns(f"bsn={VALID};") == [VALID]
    assert find_bsns(f"BSN: {VALID}.") == [VALID]


def test_finds_a_valid_bsn_in_a_url_query_string():
    assert find_bsns(f"/clienten/?q={VALID}&page=2") == [VALID]
    assert find_bsns(f"/clienten/{VALID}/") == [VALID]


def test_finds_the_dotted_form():
    assert find_bsns("BSN 123.456.782 van de cliënt") == [VALID]
    assert find_bsns("/clienten/?q=111.222.333") == [VALID_2]


def test_ignores_nine_digits_that_fail_the_elfproef():
    assert find_bsns(f"order {INVALID} shipped") == []
    assert find_bsns("123.456.789") == []


def test_ignores_all_zeros():
    assert find_bsns("000000000 and 000.000.000") == []


def test_ignores_longer_numbers():
    # A valid BSN inside a 10- or 11-digit run is part of another number.
    assert find_bsns(f"{VALID}0") == []
    assert find_bsns(f"0{VALID}") == []
    assert find_bsns(f"phone 31{VALID}") == []
    assert find_bsns("12.123.456.782") == []  # the tail of a longer dotted number
    assert find_bsns("123.456.782.1") == []


def test_ignores_the_fraction_of_a_decimal_number():
    assert find_bsns(f"took 0.{VALID} s") == []


@pytest.mark.parametrize(
    "text",
    [
        f"3f2b8c1e-9a4d-4c7e-b1f0-a{VALID}bc",  # canonical UUID with 9 digits in its last group
        f"/clienten/3f2b8c1e-9a4d-4c7e-b1f0-a{VALID}bc/wijzigen/",
        f"3f2b8c1e9a4d4c7eb1f0a{VALID}bc",  # the same UUID as hex
        f"sessionid=ab{VALID}cdefghijklmnopqrstu",  # a session key or token
        f"<botocore.retries.standard.RetryQuotaChecker object at 0x7f{VALID}e>",  # an object address
    ],
)
def test_ignores_digits_inside_uuids_and_tokens(text):
    assert find_bsns(text) == []


def test_ignores_real_uuids():
    for _ in range(200):
        assert find_bsns(f"/clienten/{uuid.uuid4()}/") == []


def test_finds_each_bsn_once_in_order():
    assert find_bsns(f"{VALID_2} {VALID} {VALID_2} 123.456.782") == [VALID_2, VALID]


def test_handles_empty_and_non_ascii_digits():
    assert find_bsns("") == []
    assert find_bsns(None) == []
    assert find_bsns("١٢٣٤٥٦٧٨٢") == []  # Arabic-Indic digits are no BSN


def test_mask_keeps_only_the_first_three_digits():
    assert mask(VALID) == "123******"
    assert redact(f"/clienten/?q={VALID}&n={INVALID}&d=111.222.333") == (
        f"/clienten/?q=123******&n={INVALID}&d=111.***.***"
    )


class _Config:
    workeroutput = None


def test_guard_collects_log_records_and_request_urls_and_reports_masked():
    guard = BsnGuard(_Config())
    logger = logging.getLogger("tests.security.bsn_guard_probe")
    logger.addHandler(guard.handler)
    logger.propagate = False
    try:
        logger.warning("client %s opened", VALID)
        logger.warning("nothing to see: %s", INVALID)
    finally:
        logger.removeHandler(guard.handler)
        logger.propagate = True
    guard.on_request_started(None, environ={"PATH_INFO": "/clienten/", "QUERY_STRING": "q=111%2E222%2E333"})
    guard.on_request_started(None, environ={"PATH_INFO": "/health/", "QUERY_STRING": ""})
    guard.on_request_started(None, scope={"path": f"/x/{VALID}/", "query_string": b""})
    guard.scan()

    assert guard.summary_line() == (
        "bsn-guard: scanned 2 log records, 3 request URLs, 0 e-mails and 0 task messages, 3 BSNs found"
    )
    lines = [f.line() for f in guard.findings]
    assert any("123******" in line and "tests.security.bsn_guard_probe" in line for line in lines)
    assert any("111******" in line and "/clienten/?q=111.***.***" in line for line in lines)
    assert any("123******" in line and "/x/123******/" in line for line in lines)
    # The report itself shows no BSN, not even in the URL it names.
    assert not any(find_bsns(line) for line in lines)


@pytest.fixture
def probe_guard():
    """A guard of its own, seeing everything like the session guard (which leaves these probes alone)."""
    guard = BsnGuard(_Config())
    guard.activate()
    yield guard
    guard.deactivate()


def _found(guard):
    guard.scan()
    return [(f.kind, f.bsn) for f in guard.findings]


def test_guard_sees_debug_calls_below_the_loggers_level(probe_guard):
    logger = logging.getLogger(f"clients.{PROBE}.debug")
    logger.setLevel(logging.INFO)  # DEBUG is off: nothing is written, but the call is a leak waiting for LOG_LEVEL
    logger.debug("client %s looked up", VALID)
    logger.log(logging.DEBUG, "again %s", VALID_2)
    assert _found(probe_guard) == [("log", VALID), ("log", VALID_2)]


def test_guard_sees_loggers_that_do_not_propagate(probe_guard):
    logger = logging.getLogger(f"reintegratie.{PROBE}.own_handler")
    logger.propagate = False
    logger.addHandler(logging.NullHandler())
    try:
        logger.warning("export for %s", VALID)
        logger.error("bsn=%s", VALID_2, exc_info=False)
    finally:
        logger.propagate = True
    assert _found(probe_guard) == [("log", VALID), ("log", VALID_2)]


def test_guard_counts_each_record_once_and_keeps_the_callers_line(probe_guard):
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    logger = logging.getLogger(f"clients.{PROBE}.once")
    logger.addHandler(Keep())
    logger.addHandler(probe_guard.handler)  # the root handler of the session guard sees it as well
    logger.warning("nothing personal")
    assert probe_guard.counts["log"] == 1
    assert records[0].funcName == "test_guard_counts_each_record_once_and_keeps_the_callers_line"


def test_guard_sees_e_mail_subjects_bodies_and_html(probe_guard):
    from django.core import mail

    mails = [
        mail.EmailMessage(f"{PROBE} uw BSN {VALID}", "Beste meneer,", to=["a@voorbeeld.nl"]),
        mail.EmailMessage(f"{PROBE} afspraak", "Uw nummer is 111.222.333.", to=["a@voorbeeld.nl"]),
        mail.EmailMultiAlternatives(f"{PROBE} html", "Zie de bijlage.", to=["a@voorbeeld.nl"]),
    ]
    mails[2].attach_alternative(f"<p>BSN {VALID}</p>", "text/html")
    probe_guard.add_mails(mails)
    assert _found(probe_guard) == [("mail", VALID), ("mail", VALID_2), ("mail", VALID)]
    assert not any(find_bsns(f.line()) for f in probe_guard.findings)


def test_guard_reads_the_outbox_after_each_test(pytestconfig, settings):
    """The session guard's teardown hook reads django.core.mail.outbox; a sent mail is in it."""
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    guard = BsnGuard(_Config())
    mail.outbox = []
    mail.send_mail(f"{PROBE} herinnering", f"BSN {VALID}", "noreply@voorbeeld.nl", ["a@voorbeeld.nl"])
    guard.add_mails(mail.outbox)
    mail.outbox = []  # the session guard must not report this deliberate leak
    assert _found(guard) == [("mail", VALID)]


def test_guard_sees_celery_task_arguments_when_published_and_when_run(probe_guard):
    from celery.signals import before_task_publish, task_prerun

    probe_guard.connect_tasks()
    try:
        before_task_publish.send(
            sender=f"klachten.{PROBE}",
            body=((VALID,), {}, {}),
            headers={"task": f"klachten.{PROBE}", "argsrepr": f"('{VALID}',)", "kwargsrepr": "{}"},
        )
        task_prerun.send(sender=f"documents.{PROBE}", task_id="1", task=None, args=(), kwargs={"bsn": VALID_2})
        before_task_publish.send(sender=f"documents.{PROBE}", body=((42,), {}, {}), headers={"argsrepr": "(42,)"})
    finally:
        probe_guard.disconnect_tasks()
    assert _found(probe_guard) == [("task", VALID), ("task", VALID_2)]
    assert probe_guard.counts["task"] == 3


def test_the_session_guard_leaves_the_probes_alone():
    guard = BsnGuard(_Config(), skip_probes=True)
    guard.add("log", f"clients.{PROBE}", VALID)
    guard.add("log", "clients.services", VALID)
    assert _found(guard) == [("log", VALID)]
