"""Bulk pricing: a whole batch at once with exact integer arithmetic (NumPy int64).

A fee is ``amount × rate × days / 365`` with the rate in percent. With the rate in thousandths of a
percent (``"4.125"`` → 4125) every fee is an integer numerator over the denominator
365 × 100 × 1000; the subsidy rate ``min(gross × p/q, cap)`` is kept exact by scaling by ``q``. The
one rounding step divides integers (floor division and remainders), exactly as
:func:`hozen.domain.money.round_yen` does with fractions, so every row equals the scalar engine
(:func:`hozen.domain.pricing.split_fee`). No float touches a yen.

Every intermediate product must fit in int64: before computing, the batch's largest possible
numerator is checked with Python's unbounded integers, and a batch that could overflow (or holds a
negative value) is refused with ``BULK_OUT_OF_BOUNDS`` — never wrapped silently. Amounts up to
¥2,000,000,000 at rates up to 100 % over 3,660 days fit with the programme's 1/3 ratio.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from hozen.domain.codes import PricingCode
from hozen.domain.errors import DomainError
from hozen.domain.money import Rounding, parse_rate
from hozen.domain.policy import Method
from hozen.domain.pricing import PricingTerms

Int64Array = npt.NDArray[np.int64]
MILLI = 1000  # thousandths of a percent
DENOMINATOR = 365 * 100 * MILLI
INT64_MAX = 2**63 - 1


@dataclass(frozen=True, slots=True)
class BulkFees:
    gross_fee: Int64Array
    subsidy: Int64Array
    net_fee: Int64Array
    discount_fee: Int64Array


def rates_in_milli(rates: Sequence[str]) -> Int64Array:
    """Rate strings (≤ 3 decimals) as thousandths of a percent, through the exact rate parser."""
    return np.array([int(parse_rate(rate) * MILLI) for rate in rates], dtype=np.int64)


def _round(numerator: Int64Array, denominator: int, mode: Rounding) -> Int64Array:
    if mode is Rounding.DOWN:
        return numerator // denominator
    if mode is Rounding.UP:
        return -((-numerator) // denominator)
    return (2 * numerator + denominator) // (2 * denominator)


def _out_of_bounds(variant: str = "") -> DomainError:
    return DomainError(PricingCode.BULK_OUT_OF_BOUNDS, {"variant": variant} if variant else None)


def _largest(values: Int64Array) -> int:
    if values.size and int(values.min()) < 0:
        raise _out_of_bounds("negative")
    return int(values.max()) if values.size else 0


def _check_fits(amounts: Int64Array, rates: Int64Array, days: Int64Array, scale: int) -> None:
    """2 × amount × rate × scale × days (the half-up numerator) must stay below 2⁶³."""
    if 2 * _largest(amounts) * _largest(rates) * scale * _largest(days) > INT64_MAX:
        raise _out_of_bounds()


def price_batch(
    amounts: Int64Array,
    gross_rates_milli: Int64Array,
    days: Int64Array,
    terms: PricingTerms,
    subsidy_ratio: Fraction,
    subsidy_cap: Fraction,
    discount_rates_milli: Int64Array | None = None,
) -> BulkFees:
    """The fees of every row, exactly as the scalar engine computes them one by one."""
    amounts, rates, days = (np.asarray(a, dtype=np.int64) for a in (amounts, gross_rates_milli, days))
    if not amounts.shape == rates.shape == days.shape:
        raise ValueError("amounts, rates and days must have the same length")
    cap_milli = subsidy_cap * MILLI
    if cap_milli.denominator != 1:
        raise ValueError("the subsidy cap must have at most three decimals")
    p, q = subsidy_ratio.numerator, subsidy_ratio.denominator
    _check_fits(amounts, rates, days, max(q, p))
    gross_fee = _round(amounts * rates * days, DENOMINATOR, terms.fee_rounding)
    if not terms.subsidised:
        subsidy = np.zeros_like(gross_fee)
        net_fee = gross_fee
    else:
        subsidy_q = np.minimum(rates * p, int(cap_milli) * q)  # the subsidy rate × q, in thousandths
        if terms.method is Method.GROSS_MINUS_SUBSIDY:
            subsidy = np.minimum(_round(amounts * subsidy_q * days, DENOMINATOR * q, terms.subsidy_rounding), gross_fee)
            net_fee = gross_fee - subsidy
        else:
            net_fee = _round(amounts * (rates * q - subsidy_q) * days, DENOMINATOR * q, terms.fee_rounding)
            subsidy = gross_fee - net_fee
    if discount_rates_milli is None:
        discount_fee = np.zeros_like(gross_fee)
    else:
        discount = np.asarray(discount_rates_milli, dtype=np.int64)
        _check_fits(amounts, discount, days, 1)
        discount_fee = _round(amounts * discount * days, DENOMINATOR, terms.fee_rounding)
    return BulkFees(gross_fee, subsidy, net_fee, discount_fee)
