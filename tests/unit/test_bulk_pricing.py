"""Bulk pricing equals the scalar engine on every row, every method and rounding mode."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hozen.domain.bulk_pricing import MILLI, price_batch, rates_in_milli
from hozen.domain.errors import DomainError
from hozen.domain.money import Rounding, fee
from hozen.domain.policy import Method
from hozen.domain.pricing import PricingTerms, split_fee

RATIO, CAP = Fraction(1, 3), Fraction(3, 2)
TERMS = st.builds(
    PricingTerms,
    method=st.sampled_from(list(Method)),
    fee_rounding=st.sampled_from(list(Rounding)),
    subsidy_rounding=st.sampled_from(list(Rounding)),
    subsidised=st.booleans(),
)
ROWS = st.lists(
    st.tuples(st.integers(1, 600_000_000), st.integers(1, 15_000), st.integers(1, 1_100), st.integers(0, 2_000)),
    min_size=1,
    max_size=60,
)


def scalar(rows: list[tuple[int, int, int, int]], terms: PricingTerms) -> list[tuple[int, int, int, int]]:
    result = []
    for amount, rate_milli, days, discount_milli in rows:
        gross = Fraction(rate_milli, MILLI)
        subsidy_rate = min(gross * RATIO, CAP) if terms.subsidised else Fraction(0)
        split = split_fee(amount, gross, subsidy_rate, days, terms)
        discount = fee(amount, Fraction(discount_milli, MILLI), days, terms.fee_rounding)
        result.append((split.gross_fee, split.subsidy, split.net_fee, discount))
    return result


def bulk(rows: list[tuple[int, int, int, int]], terms: PricingTerms) -> list[tuple[int, int, int, int]]:
    columns = [np.array(column, dtype=np.int64) for column in zip(*rows, strict=True)]
    fees = price_batch(columns[0], columns[1], columns[2], terms, RATIO, CAP, columns[3])
    return [
        tuple(int(x) for x in row)
        for row in zip(fees.gross_fee, fees.subsidy, fees.net_fee, fees.discount_fee, strict=True)
    ]  # type: ignore[misc]


@settings(max_examples=300)
@given(ROWS, TERMS)
def test_bulk_equals_scalar(rows: list[tuple[int, int, int, int]], terms: PricingTerms) -> None:
    assert bulk(rows, terms) == scalar(rows, terms)


def boundary_rows() -> list[tuple[int, int, int, int]]:
    """Amounts that put amount × rate × days exactly on, and just beside, whole and half yen."""
    rows = []
    for rate_milli in (4_500, 4_499, 4_501, 3_000, 15_000, 1):  # 4.5 % is where the 1.5 % cap starts
        for days in (1, 73, 90, 365, 366):
            exact = 36_500_000  # the denominator: amount × rate × days on a whole yen
            for target in (exact, exact // 2, exact * 3 // 2):
                amount = target * 7 // (rate_milli * days)  # ¥7, ¥3.50, ¥10.50 of fee
                for delta in (-1, 0, 1):
                    if amount + delta > 0:
                        rows.append((amount + delta, rate_milli, days, 2_000))
            rows.append((2_000_000, rate_milli, days, 1_500))
    # exactly on half and whole yen: 5 % × 73 days makes ¥100 cost exactly ¥1, ¥50 exactly ¥0.50;
    # 2 % × 73 days makes ¥125 cost ¥0.50; the subsidy at a 4.5 % gross rate is 1.5 % (the cap)
    for amount in (50, 100, 150, 125, 250, 375, 1_000_050):
        for rate_milli in (5_000, 2_000, 4_500):
            rows.append((amount, rate_milli, 73, 2_000))
    return rows


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("rounding", list(Rounding))
def test_rounding_boundaries(method: Method, rounding: Rounding) -> None:
    rows = boundary_rows()
    for subsidised in (True, False):
        terms = PricingTerms(method, rounding, rounding, subsidised)
        assert bulk(rows, terms) == scalar(rows, terms)


def test_the_largest_values_fit() -> None:
    rows = [(2_000_000_000, 100_000, 3_660, 100_000)]
    terms = PricingTerms(Method.NET_RATE, Rounding.HALF_UP, Rounding.HALF_UP)
    assert bulk(rows, terms) == scalar(rows, terms)


def test_the_worked_example_in_bulk() -> None:
    fees = price_batch(
        np.array([2_000_000]),
        rates_in_milli(["4.5"]),
        np.array([90]),
        PricingTerms(Method.GROSS_MINUS_SUBSIDY, Rounding.DOWN, Rounding.DOWN),
        RATIO,
        CAP,
    )
    assert (int(fees.gross_fee[0]), int(fees.subsidy[0]), int(fees.net_fee[0])) == (22_191, 7_397, 14_794)


@pytest.mark.parametrize(
    ("amount", "rate", "days"),
    [(10**12, 100_000, 3_660), (-1, 4_500, 90), (1, -1, 1)],
)
def test_out_of_bounds_batches_are_refused(amount: int, rate: int, days: int) -> None:
    with pytest.raises(DomainError) as caught:
        price_batch(
            np.array([amount]),
            np.array([rate]),
            np.array([days]),
            PricingTerms(Method.NET_RATE, Rounding.DOWN, Rounding.DOWN),
            RATIO,
            CAP,
        )
    assert caught.value.code == "BULK_OUT_OF_BOUNDS"


def test_rate_strings_are_parsed_exactly() -> None:
    assert rates_in_milli(["4.125", "15", "0.001"]).tolist() == [4_125, 15_000, 1]
    with pytest.raises(DomainError):
        rates_in_milli(["4.1255"])
