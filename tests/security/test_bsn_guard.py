"""Unit tests of the bsn-guard scanner (tests/plugins/bsn_guard.py)."""

import logging
import uuid

import pytest

from clients.validators import is_valid_bsn
from tests.plugins.bsn_guard import BsnGuard, find_bsns, mask, redact

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

    assert guard.summary_line() == "bsn-guard: scanned 2 log records and 3 request URLs, 3 BSNs found"
    lines = [f.line() for f in guard.findings]
    assert any("123******" in line and "tests.security.bsn_guard_probe" in line for line in lines)
    assert any("111******" in line and "/clienten/?q=111.***.***" in line for line in lines)
    assert any("123******" in line and "/x/123******/" in line for line in lines)
    # The report itself shows no BSN, not even in the URL it names.
    assert not any(find_bsns(line) for line in lines)
