import random

import pytest
from django.core.exceptions import ValidationError

from clients.validators import is_valid_bsn, normalize_bsn, validate_bsn
from tests.factories import bsn_for


@pytest.mark.parametrize("bsn", ["123456782", "249566758", "111222333"])
def test_known_valid_bsns_pass_the_elfproef(bsn):
    assert is_valid_bsn(bsn)
    validate_bsn(bsn)


@pytest.mark.parametrize(
    ("bsn", "code", "message"),
    [
        ("123456781", "bsn_elfproef", r"Dit BSN klopt niet: het voldoet niet aan de elfproef\."),
        ("000000000", "bsn_zero", r"000000000 is geen geldig BSN\."),
        ("12345678", "bsn_length", r"Een BSN heeft 9 cijfers\. U typte 8 cijfers\."),
        ("1234567820", "bsn_length", r"Een BSN heeft 9 cijfers\. U typte 10 cijfers\."),
        ("12345678a", "bsn_digits", r"Een BSN bestaat alleen uit cijfers\."),
        ("١٢٣٤٥٦٧٨٢", "bsn_digits", r"Een BSN bestaat alleen uit cijfers\."),  # Arabic-Indic digits are not ASCII
        ("", "bsn_digits", r"Een BSN bestaat alleen uit cijfers\."),
    ],
)
def test_invalid_bsns_are_refused_with_a_reason(bsn, code, message):
    with pytest.raises(ValidationError, match=message) as excinfo:
        validate_bsn(bsn)
    assert excinfo.value.code == code


@pytest.mark.parametrize(
    ("bsn", "message"),
    [
        ("12345678a", "Een BSN bestaat alleen uit cijfers. Controleer het nummer."),
        ("1234 5678", "Een BSN bestaat alleen uit cijfers. Controleer het nummer."),
        ("1234567820", "Een BSN heeft 9 cijfers. U typte 10 cijfers. Controleer het nummer."),
        ("1", "Een BSN heeft 9 cijfers. U typte 1 cijfer. Controleer het nummer."),
    ],
)
def test_bsn_message_says_what_is_wrong(bsn, message):
    # "12345678a" used to get "Een BSN heeft 9 cijfers. U typte 9 tekens.": true but no help.
    with pytest.raises(ValidationError) as excinfo:
        validate_bsn(bsn)
    assert excinfo.value.messages == [message]


def test_normalize_strips_separators_and_restores_leading_zero():
    assert normalize_bsn(" 123.456.782 ") == "123456782"
    assert normalize_bsn("1234-567-82") == "123456782"
    assert normalize_bsn("12345672") == "012345672"


def test_every_single_digit_change_of_a_valid_bsn_is_refused():
    rng = random.Random(7)
    checked = 0
    for n in range(300):
        bsn = bsn_for(n)
        assert is_valid_bsn(bsn)
        position = rng.randrange(9)
        for digit in "0123456789":
            if digit == bsn[position]:
                continue
            mutated = bsn[:position] + digit + bsn[position + 1 :]
            assert not is_valid_bsn(mutated), mutated
            checked += 1
    assert checked == 300 * 9
