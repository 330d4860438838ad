"""Exact money: integer yen, exact rates, one named rounding step.

Rates are annual percentages held as :class:`fractions.Fraction`. They are built only through
:func:`parse_rate`, which accepts strings, integers and Decimals and refuses binary floats.
Fee arithmetic stays exact until :func:`round_yen`, the single rounding step.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from hozen.domain.codes import Labelled, PricingCode
from hozen.domain.errors import DomainError

Yen = int
YEAR_BASIS_DAYS = 365
MAX_RATE_DECIMALS = 3
MAX_RATE_PERCENT = 1000
"""No annual rate is larger; refused before the exact fraction is built (``1E+999999999`` would take hours)."""


class Rounding(Labelled):
    """Rounding of a fee component to the yen (端数処理)."""

    DOWN = ("down", "切り捨て")
    HALF_UP = ("half_up", "四捨五入")
    UP = ("up", "切り上げ")


def parse_rate(value: object, *, field: str = "rate") -> Fraction:
    """An annual percentage (e.g. ``"4.125"``) as an exact fraction; floats are refused."""
    if isinstance(value, (bool, float)):
        raise _invalid_rate("float", field, value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        decimal = Decimal(value)
    elif isinstance(value, Decimal):
        decimal = value
    elif isinstance(value, str):
        try:
            decimal = Decimal(value.strip())
        except InvalidOperation:
            decimal = Decimal("NaN")
    else:
        decimal = Decimal("NaN")
    if not decimal.is_finite():
        raise _invalid_rate("", field, repr(value))
    exponent = decimal.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_RATE_DECIMALS:
        raise _invalid_rate("too_many_decimals", field, value)
    if decimal < 0:
        raise _invalid_rate("negative", field, value)
    if decimal > MAX_RATE_PERCENT:
        raise _invalid_rate("too_large", field, value)
    return Fraction(decimal)


def _invalid_rate(variant: str, field: str, value: object) -> DomainError:
    context = {"field": field, "value": str(value), "places": MAX_RATE_DECIMALS, "max": MAX_RATE_PERCENT}
    return DomainError(PricingCode.INVALID_RATE, {"variant": variant, **context} if variant else context)


def format_rate(rate: Fraction, places: int = 6) -> str:
    """A rate as a decimal string: exact when it terminates within ``places`` decimals,
    otherwise rounded half-up to ``places`` decimals (e.g. 4/3 % → ``"1.333333"``)."""
    scaled = rate * 10**places
    digits = int(scaled) if scaled.denominator == 1 else _round_half_up(scaled)
    text = f"{Decimal(digits).scaleb(-places):f}"
    if "." in text:
        text = text.rstrip("0")
        if text.endswith("."):
            text += "0"
    else:
        text += ".0"
    return text


def _round_half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)) // 1) if value >= 0 else -int((-value + Fraction(1, 2)) // 1)


def round_yen(value: Fraction, mode: Rounding) -> Yen:
    """The one rounding step: an exact amount to whole yen in the named mode."""
    if value < 0:
        raise ValueError("fee components are never negative")
    if mode is Rounding.DOWN:
        return value.numerator // value.denominator
    if mode is Rounding.UP:
        return -((-value.numerator) // value.denominator)
    return _round_half_up(value)


def days_inclusive(start: dt.date, end: dt.date) -> int:
    """Days from ``start`` to ``end`` with both ends counted (両端入れ)."""
    return (end - start).days + 1


def exact_fee(amount: Yen, rate_percent: Fraction, days: int) -> Fraction:
    """amount × rate × days / 365, exactly; the caller rounds once (one fraction, reduced once)."""
    return Fraction(amount * rate_percent.numerator * days, rate_percent.denominator * 100 * YEAR_BASIS_DAYS)


def fee(amount: Yen, rate_percent: Fraction, days: int, mode: Rounding) -> Yen:
    """A fee component rounded to the yen: round(amount × rate × days / 365)."""
    return round_yen(exact_fee(amount, rate_percent, days), mode)
