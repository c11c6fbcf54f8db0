"""Kazakhstan's identification numbers: the IIN of an individual and the BIN of a legal entity.

Both are 12 digits whose last digit is a check digit, computed the same way for both (the rules of the
national registers of identification numbers):

1. the first 11 digits weighted 1, 2, …, 11, summed, modulo 11;
2. if that gives 10, weighted again 3, 4, …, 11, 1, 2, modulo 11;
3. if that gives 10 again, no number is issued with these 11 digits: the number is invalid;
4. otherwise the result is the 12th digit.

An IIN begins with the date of birth (YYMMDD) and its 7th digit gives the century and sex (1/2: the 19th century,
3/4: the 20th, 5/6: the 21st; odd for men, even for women), so its first seven digits are checked too. A BIN begins
with the year and month of registration and the entity's type, which differ between registers: only its check
digit is checked.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LENGTH = 12
_DIGITS = re.compile(r"[0-9]{12}")
_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
#: the 7th digit of an IIN: the century of birth
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


def normalise(value: str) -> str:
    """The number as typed without spaces and dashes ("850101 300 123" → "850101300123")."""
    return re.sub(r"[\s-]+", "", value or "")


def check_digit(first_eleven: str) -> int | None:
    """The check digit of the first 11 digits; None when no valid number begins with them."""
    if len(first_eleven) != LENGTH - 1 or not first_eleven.isdigit():
        raise ValueError("eleven digits expected")
    digits = [int(ch) for ch in first_eleven]
    for weights in (_FIRST_WEIGHTS, _SECOND_WEIGHTS):
        result = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if result != 10:
            return result
    return None


def has_valid_check_digit(value: str) -> bool:
    """Whether the value is 12 digits whose last one is the check digit of the first 11."""
    if not _DIGITS.fullmatch(value or ""):
        return False
    return check_digit(value[:-1]) == int(value[-1])


def birth_date(iin: str) -> datetime.date | None:
    """The date of birth an IIN begins with; None when its first seven digits are no date and century."""
    if not _DIGITS.fullmatch(iin or ""):
        return None
    century = _CENTURY.get(int(iin[6]))
    if century is None:
        return None
    try:
        return datetime.date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def is_valid_iin(value: str) -> bool:
    """Whether the value is a valid IIN: its date of birth, century and check digit."""
    return has_valid_check_digit(value) and birth_date(value) is not None


def is_valid_bin(value: str) -> bool:
    """Whether the value is a valid BIN (its check digit)."""
    return has_valid_check_digit(value)


def validate_iin(value: str) -> None:
    """ValidationError unless the value is a valid IIN (a form field's validator)."""
    if not _DIGITS.fullmatch(value or ""):
        raise ValidationError(_("An IIN is exactly 12 digits."), code="iin_length")
    if birth_date(value) is None:
        raise ValidationError(
            _("The IIN %(value)s does not begin with a date of birth and a century digit (1–6)."),
            code="iin_date",
            params={"value": value},
        )
    if not has_valid_check_digit(value):
        raise ValidationError(
            _("The IIN %(value)s is mistyped: its check digit does not match."),
            code="iin_check_digit",
            params={"value": value},
        )


def validate_bin(value: str) -> None:
    """ValidationError unless the value is a valid BIN (a form field's validator)."""
    if not _DIGITS.fullmatch(value or ""):
        raise ValidationError(_("A BIN is exactly 12 digits."), code="bin_length")
    if not has_valid_check_digit(value):
        raise ValidationError(
            _("The BIN %(value)s is mistyped: its check digit does not match."),
            code="bin_check_digit",
            params={"value": value},
        )


def mask(value: str, *, shown: int = 4) -> str:
    """The number with all but its last `shown` digits hidden ("********0123"), for those not handling it."""
    value = value or ""
    if not value:
        return ""
    return "*" * max(len(value) - shown, 0) + value[-shown:]
