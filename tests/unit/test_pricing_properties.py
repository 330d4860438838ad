"""Properties of the scalar pricing engine (Hypothesis)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from hozen.domain.money import Rounding, exact_fee, fee
from hozen.domain.policy import Method
from hozen.domain.pricing import PricingTerms, split_fee
from hozen.policies import programme

RULES = programme().in_force(dt.date(2026, 11, 22))
RATES = st.integers(1, 15_000).map(lambda milli: Fraction(milli, 1000))
AMOUNTS = st.integers(1, 600_000_000)
DAYS = st.integers(1, 1_100)
TERMS = st.builds(
    PricingTerms,
    st.sampled_from(list(Method)),
    st.sampled_from(list(Rounding)),
    st.sampled_from(list(Rounding)),
    st.booleans(),
)


@given(AMOUNTS, RATES, DAYS, TERMS)
def test_customer_fee_plus_subsidy_is_the_gross_fee(
    amount: int, rate: Fraction, days: int, terms: PricingTerms
) -> None:
    split = split_fee(amount, rate, RULES.subsidy_rate(rate), days, terms)
    assert split.net_fee + split.subsidy == split.gross_fee
    assert split.net_fee >= 0 and split.subsidy >= 0


@given(RATES)
def test_the_subsidy_rate_never_exceeds_one_and_a_half_percent(rate: Fraction) -> None:
    assert 0 <= RULES.subsidy_rate(rate) <= Fraction(3, 2)
    assert RULES.subsidy_rate(rate) <= rate / 3


@given(AMOUNTS, RATES, DAYS, st.integers(0, 400), st.integers(0, 10_000_000), TERMS)
def test_more_days_or_more_money_never_cost_less(
    amount: int, rate: Fraction, days: int, more_days: int, more_money: int, terms: PricingTerms
) -> None:
    base = split_fee(amount, rate, RULES.subsidy_rate(rate), days, terms)
    longer = split_fee(amount, rate, RULES.subsidy_rate(rate), days + more_days, terms)
    larger = split_fee(amount + more_money, rate, RULES.subsidy_rate(rate), days, terms)
    assert longer.gross_fee >= base.gross_fee and larger.gross_fee >= base.gross_fee


@given(AMOUNTS, RATES, DAYS)
def test_rounding_modes_agree_with_exact_rational_arithmetic(amount: int, rate: Fraction, days: int) -> None:
    exact = Fraction(amount) * rate * days / 36_500  # computed here, independently of the engine
    floor = exact.numerator // exact.denominator
    ceiling = -((-exact.numerator) // exact.denominator)
    half_up = floor + (1 if exact - floor >= Fraction(1, 2) else 0)
    assert exact_fee(amount, rate, days) == exact
    assert fee(amount, rate, days, Rounding.DOWN) == floor
    assert fee(amount, rate, days, Rounding.UP) == ceiling
    assert fee(amount, rate, days, Rounding.HALF_UP) == half_up
    assert floor <= half_up <= ceiling <= floor + 1
