"""IIN and BIN by their check digit (akimat.identifiers), the IIN's date of birth and century, and the mask shown to
those not handling an appeal."""

import pytest
from django.core.exceptions import ValidationError

from akimat import identifiers
from tests.appeals.conftest import BIN, IIN


def test_the_check_digit_weights_the_first_eleven_digits_one_to_eleven():
    # 8·1 + 5·2 + 0·3 + 1·4 + 0·5 + 1·6 + 3·7 + 0·8 + 0·9 + 1·10 + 2·11 = 81; 81 mod 11 = 4
    assert identifiers.check_digit("85010130012") == 4
    assert identifiers.is_valid_iin(IIN)


def test_a_result_of_ten_is_weighted_again_three_to_two():
    # the first pass gives 10; 3, 4, …, 11, 1, 2 gives 3
    first = sum(int(d) * w for d, w in zip("85010130060", range(1, 12), strict=True)) % 11
    assert first == 10
    assert identifiers.check_digit("85010130060") == 3
    assert identifiers.is_valid_iin("850101300603")


def test_ten_again_means_no_number_begins_with_these_eleven_digits():
    assert identifiers.check_digit("85010130069") is None
    for last in "0123456789":
        assert not identifiers.is_valid_iin("85010130069" + last)


def test_a_valid_bin():
    assert identifiers.is_valid_bin(BIN)
    identifiers.validate_bin(BIN)  # no error


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("850101300125", "iin_check_digit"),  # one digit off
        ("850101300142", "iin_check_digit"),  # two digits swapped
        ("85010130012", "iin_length"),
        ("8501013001240", "iin_length"),
        ("85010130012A", "iin_length"),
        ("851301300124", "iin_date"),  # month 13
        ("850230300124", "iin_date"),  # 30 February
        ("850101700124", "iin_date"),  # no century 7
        ("850101000124", "iin_date"),  # no century 0
    ],
)
def test_an_invalid_iin_is_refused_with_its_reason(value, code):
    with pytest.raises(ValidationError) as error:
        identifiers.validate_iin(value)
    assert error.value.code == code


@pytest.mark.parametrize("value", ["120340004711", "12034000471", "1203400047100", ""])
def test_an_invalid_bin_is_refused(value):
    assert not identifiers.is_valid_bin(value)
    with pytest.raises(ValidationError):
        identifiers.validate_bin(value)


def test_the_iin_begins_with_the_date_of_birth_and_the_century():
    import datetime

    assert identifiers.birth_date(IIN) == datetime.date(1985, 1, 1)
    assert identifiers.birth_date("060502501437") == datetime.date(2006, 5, 2)


def test_a_number_is_typed_with_spaces_and_dashes():
    assert identifiers.normalise("850101 300-124") == IIN


def test_the_mask_shows_the_last_four_digits():
    assert identifiers.mask(IIN) == "********0124"
    assert identifiers.mask("") == ""
