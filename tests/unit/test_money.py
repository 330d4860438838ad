import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from hozen.domain.errors import DomainError
from hozen.domain.money import Rounding, days_inclusive, fee, format_rate, parse_rate, round_yen


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("4.5", Fraction(9, 2)),
        ("4.125", Fraction(33, 8)),
        (5, Fraction(5)),
        (Decimal("0.001"), Fraction(1, 1000)),
    ],
)
def test_rates_are_exact(given: object, expected: Fraction) -> None:
    assert parse_rate(given) == expected


@pytest.mark.parametrize("bad", [4.5, True, "abc", "4.1234", "-1", "NaN", "Infinity", None])
def test_bad_rates_are_refused_with_a_code(bad: object) -> None:
    with pytest.raises(DomainError) as caught:
        parse_rate(bad)
    assert caught.value.code == "INVALID_RATE"
    assert caught.value.message_ja and caught.value.message_en


def test_a_huge_rate_is_refused_at_once() -> None:
    """An exponent of a billion would take hours to make exact: the size is checked first."""
    assert parse_rate("1000") == 1000
    with pytest.raises(DomainError) as caught:
        parse_rate("1E+999999999")
    assert caught.value.message_ja == "rate は1000%以下で指定してください: 1E+999999999"


@pytest.mark.parametrize(
    ("value", "down", "half_up", "up"),
    [
        (Fraction(22191, 1), 22191, 22191, 22191),
        (Fraction(45, 10), 4, 5, 5),
        (Fraction(449, 100), 4, 4, 5),
        (Fraction(1, 3), 0, 0, 1),
        (Fraction(0), 0, 0, 0),
    ],
)
def test_rounding_modes(value: Fraction, down: int, half_up: int, up: int) -> None:
    assert round_yen(value, Rounding.DOWN) == down
    assert round_yen(value, Rounding.HALF_UP) == half_up
    assert round_yen(value, Rounding.UP) == up


def test_days_count_both_ends() -> None:
    assert days_inclusive(dt.date(2026, 4, 20), dt.date(2026, 10, 31)) == 195
    assert days_inclusive(dt.date(2026, 4, 1), dt.date(2026, 4, 1)) == 1


def test_year_basis_is_365_even_in_a_leap_year() -> None:
    # 2028 is a leap year: 366 days of cover on ¥365,000 at 10 % cost 366 × 100 = ¥36,600.
    days = days_inclusive(dt.date(2028, 1, 1), dt.date(2028, 12, 31))
    assert days == 366
    assert fee(365_000, Fraction(10), days, Rounding.DOWN) == 36_600


@pytest.mark.parametrize(
    ("rate", "text"),
    [(Fraction(9, 2), "4.5"), (Fraction(3), "3.0"), (Fraction(4, 3), "1.333333"), (Fraction(33, 8), "4.125")],
)
def test_rates_print_as_decimal_strings(rate: Fraction, text: str) -> None:
    assert format_rate(rate) == text
