"""The frame need simulation (SPEC §7): the worked example, input checks, and properties."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hozen.domain.errors import DomainError
from hozen.domain.frames import PaymentTerms, Progress, simulate

D = dt.date
TERMS = PaymentTerms(
    closing_day=20, payment_month_offset=1, payment_day="month_end", cash_ratio=Fraction(2, 5), note_site_days=120
)
PROGRESS = [
    Progress(2026, 6, 2_000_000),
    Progress(2026, 7, 5_000_000),
    Progress(2026, 8, 3_000_000),
    Progress(2026, 9, 2_000_000),
]


def test_the_spec_example_balance_by_balance() -> None:
    result = simulate(D(2026, 6, 10), PROGRESS, TERMS)
    assert result.timeline == (
        (D(2026, 6, 20), 2_000_000),
        (D(2026, 7, 20), 7_000_000),
        (D(2026, 7, 31), 6_200_000),
        (D(2026, 8, 20), 9_200_000),
        (D(2026, 8, 31), 7_200_000),
        (D(2026, 9, 20), 9_200_000),
        (D(2026, 9, 30), 8_000_000),
        (D(2026, 10, 31), 7_200_000),
        (D(2026, 11, 28), 6_000_000),
        (D(2026, 12, 29), 3_000_000),
        (D(2027, 1, 28), 1_200_000),
        (D(2027, 2, 28), 0),
    )
    assert (result.peak_balance, result.recommended_limit) == (9_200_000, 9_200_000)
    assert (result.start, result.end, result.days) == (D(2026, 6, 10), D(2027, 2, 28), 264)


def test_all_cash_ends_with_the_last_payment() -> None:
    result = simulate(D(2026, 6, 10), PROGRESS, PaymentTerms(20, 1, "month_end", Fraction(1), 120))
    assert result.end == D(2026, 10, 31) and result.peak_balance == 8_000_000  # 08-20: 5m − 2m paid + 3m


def test_the_limit_is_rounded_up_to_the_unit() -> None:
    result = simulate(D(2026, 6, 1), [Progress(2026, 6, 1_234_567)], TERMS)
    assert result.recommended_limit == 1_300_000
    assert simulate(D(2026, 6, 1), [Progress(2026, 6, 1_234_567)], TERMS, limit_unit=1).recommended_limit == 1_234_567


@pytest.mark.parametrize(
    ("terms", "progress", "code"),
    [
        (PaymentTerms(29, 1, 31, Fraction(1, 2), 90), PROGRESS, "INVALID_DAY"),
        (PaymentTerms(20, 1, "month_end", Fraction(3, 2), 90), PROGRESS, "INVALID_CASH_RATIO"),
        (TERMS, [], "NO_PROGRESS"),
        (TERMS, [Progress(2026, 6, 1), Progress(2026, 6, 2)], "DUPLICATE_MONTH"),
        (TERMS, [Progress(2026, 5, 1)], "PROGRESS_BEFORE_START"),
        (TERMS, [Progress(2026, 6, -1)], "NEGATIVE_AMOUNT"),
        (PaymentTerms(20, 0, 10, Fraction(1, 2), 90), PROGRESS, "PAYMENT_BEFORE_CLOSING"),
    ],
)
def test_bad_terms_are_refused(terms: PaymentTerms, progress: list[Progress], code: str) -> None:
    with pytest.raises(DomainError) as caught:
        simulate(D(2026, 6, 10), progress, terms)
    assert caught.value.code == code


DAYS = st.one_of(st.integers(1, 28), st.just("month_end"))


@given(
    st.lists(st.integers(0, 50_000_000), min_size=1, max_size=8),
    DAYS,
    st.integers(0, 3),
    DAYS,
    st.fractions(0, 1, max_denominator=20),
    st.integers(0, 200),
    st.sampled_from([1, 1_000, 100_000]),
)
def test_properties(
    amounts: list[int], closing: int | str, offset: int, paying: int | str, cash: Fraction, site: int, unit: int
) -> None:
    progress = [Progress(2026 + (5 + i) // 12, (5 + i) % 12 + 1, amount) for i, amount in enumerate(amounts)]
    try:
        result = simulate(D(2026, 6, 1), progress, PaymentTerms(closing, offset, paying, cash, site), unit)
    except DomainError as error:  # paid before invoiced: refused, never simulated
        assert error.code == "PAYMENT_BEFORE_CLOSING" and offset == 0
        return
    balances = [balance for _, balance in result.timeline]
    assert all(balance >= 0 for balance in balances)
    assert all(balance <= result.recommended_limit for balance in balances)
    assert result.recommended_limit % unit == 0 and result.recommended_limit < result.peak_balance + unit
    if result.timeline:
        last_day, last_balance = result.timeline[-1]
        assert last_balance == 0 and last_day <= result.end
