"""The 13-digit corporate number (法人番号) and its check digit."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hozen.domain.errors import DomainError
from hozen.domain.identifiers import (
    corporate_check_digit,
    is_valid_corporate_number,
    normalise_corporate_number,
    parse_corporate_number,
)

# Published corporate numbers (法人番号公表サイト), check digit first.
PUBLISHED = [
    ("7000012050002", "国税庁"),
    ("1180301018771", "トヨタ自動車株式会社"),
    ("4000012090001", "財務省"),
    ("5010401067252", "株式会社日立製作所"),
]


@pytest.mark.parametrize(("number", "holder"), PUBLISHED)
def test_published_numbers_are_valid(number: str, holder: str) -> None:
    assert is_valid_corporate_number(number), holder
    assert corporate_check_digit(number[1:]) == int(number[0])


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("8000012050002", "check digit off by one"),
        ("7000012050003", "last digit changed"),
        ("700001205000", "12 digits"),
        ("70000120500021", "14 digits"),
        ("700001205000A", "a letter"),
        ("７０００012050002", "full-width digits are not normalised by the validator"),
        ("", "empty"),
    ],
)
def test_invalid_numbers(number: str, why: str) -> None:
    assert not is_valid_corporate_number(number), why


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_base_gets_exactly_one_check_digit(base: str) -> None:
    digit = corporate_check_digit(base)
    assert 1 <= digit <= 9
    valid = [d for d in range(10) if is_valid_corporate_number(f"{d}{base}")]
    assert valid == [digit]


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(0, 11), st.integers(0, 9))
def test_a_mistyped_digit_is_caught(base: str, position: int, typed: int) -> None:
    """One wrong digit in the base is caught — except 0↔9, which the mod-9 sum cannot see."""
    number = f"{corporate_check_digit(base)}{base}"
    original = int(number[1 + position])
    if typed == original or {typed, original} == {0, 9}:
        return
    mistyped = number[: 1 + position] + str(typed) + number[2 + position :]
    assert not is_valid_corporate_number(mistyped)


def test_people_type_numbers_with_separators_and_full_width_digits() -> None:
    assert normalise_corporate_number("1-1803-0101-8771") == "1180301018771"
    assert normalise_corporate_number("１１８０３０１０１８７７１") == "1180301018771"
    assert parse_corporate_number(" 7000 0120 5000 2") == "7000012050002"


def test_a_wrong_check_digit_is_refused_with_a_code_and_both_languages() -> None:
    with pytest.raises(DomainError) as raised:
        parse_corporate_number("8000012050002", field="debtor.corporate_number")
    error = raised.value
    assert error.code == "INVALID_CORPORATE_NUMBER"
    assert "チェックデジット" in error.message_ja
    assert "check digit" in error.message_en
    assert error.context["field"] == "debtor.corporate_number"


def test_a_short_number_is_refused() -> None:
    with pytest.raises(DomainError) as raised:
        parse_corporate_number("12345")
    assert raised.value.code == "INVALID_CORPORATE_NUMBER"
    assert "13" in raised.value.message_en
