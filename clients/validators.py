"""Validation of the burgerservicenummer (BSN)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

_SEPARATORS = re.compile(r"[\s.\-]")
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def normalize_bsn(value):
    """Strip spaces, dots and dashes; give an old 8-digit number its leading zero."""
    digits = _SEPARATORS.sub("", str(value or ""))
    if len(digits) == 8 and digits.isdigit():
        digits = "0" + digits
    return digits


def is_valid_bsn(value):
    """Return True when value is 9 digits, passes the elfproef and is not all zeros."""
    if len(value) != 9 or not value.isascii() or not value.isdigit() or value == "000000000":
        return False
    return sum(w * int(d) for w, d in zip(_WEIGHTS, value, strict=True)) % 11 == 0


def validate_bsn(value):
    """Raise a Dutch ValidationError when value is not a valid BSN."""
    if not value.isascii() or not value.isdigit():
        raise ValidationError(
            _("Een BSN bestaat alleen uit cijfers. Controleer het nummer."),
            code="bsn_digits",
        )
    if len(value) != 9:
        raise ValidationError(
            ngettext_lazy(
                "Een BSN heeft 9 cijfers. U typte %(count)s cijfer. Controleer het nummer.",
                "Een BSN heeft 9 cijfers. U typte %(count)s cijfers. Controleer het nummer.",
                "count",
            ),
            code="bsn_length",
            params={"count": len(value)},
        )
    if value == "000000000":
        raise ValidationError(_("000000000 is geen geldig BSN."), code="bsn_zero")
    if not is_valid_bsn(value):
        raise ValidationError(
            _("Dit BSN klopt niet: het voldoet niet aan de elfproef. Misschien is er een cijfer verkeerd getypt."),
            code="bsn_elfproef",
        )
