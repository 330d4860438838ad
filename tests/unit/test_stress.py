"""Stress-test arithmetic (SPEC §19): hand-computed scenarios, and the NumPy engine equal to its scalar twin."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hozen.domain.codes import LossKind, PricingCode, RiskCode
from hozen.domain.errors import DomainError
from hozen.domain.stress import (
    KIND_NUMBERS,
    Exposure,
    Loss,
    StressTerms,
    each_debtor_fails,
    each_debtor_fails_one_by_one,
    parse_share,
    stress,
)

IND, FRAME, NOTE = LossKind.INDIVIDUAL, LossKind.FRAME, LossKind.PURCHASE
PORTFOLIO = [
    Exposure(debtor_id=1, customer_id=10, kind=IND, amount=8_000_001),
    Exposure(debtor_id=1, customer_id=10, kind=NOTE, amount=3_000_000),
    Exposure(debtor_id=1, customer_id=20, kind=FRAME, amount=50_000_000),
    Exposure(debtor_id=2, customer_id=10, kind=IND, amount=1_000_000),
]
TERMS = StressTerms(unpaid_share=Fraction(1, 2), recovery_ratio=Fraction(1, 10), compensation_ratio=Fraction(3, 4))


def test_one_debtor_fails_by_hand() -> None:
    result = stress(PORTFOLIO, [1], TERMS)
    # customer 10: ⌊8,000,001 × ½⌋ = 4,000,000 + note 3,000,000 = 7,000,000; recoveries 700,000;
    # compensation ⌊6,300,000 × ¾⌋ = 4,725,000; net 1,575,000
    assert result.by_customer[10] == Loss(
        individual=4_000_000, purchase=3_000_000, recoveries=700_000, compensation=4_725_000
    )
    assert result.by_customer[10].net_loss == 1_575_000
    # customer 20: frame pays its limit 50,000,000; recoveries 5,000,000; compensation 33,750,000; net 11,250,000
    assert result.by_customer[20].net_loss == 11_250_000
    assert list(result.by_customer) == [10, 20]
    assert result.total.payouts == 57_000_000
    assert result.total.net_loss == 12_825_000
    assert result.by_debtor == {1: result.total}


def test_rounding_is_per_pair_and_down() -> None:
    terms = StressTerms(recovery_ratio=Fraction(1, 3), compensation_ratio=Fraction(3, 4))
    result = stress([Exposure(1, 10, IND, 10), Exposure(2, 10, IND, 10)], [1, 2], terms)
    # each pair: recoveries ⌊10/3⌋ = 3, compensation ⌊7 × ¾⌋ = 5, net 2 — the customer's line is the sum
    assert result.by_customer[10] == Loss(individual=20, recoveries=6, compensation=10)
    assert result.total.net_loss == 4


def test_a_debtor_without_holdings_loses_nothing() -> None:
    result = stress(PORTFOLIO, [3], TERMS)
    assert result.by_customer == {}
    assert result.by_debtor == {3: Loss()}
    assert result.total.net_loss == 0


def test_each_debtor_ranked_by_net_loss() -> None:
    engine = each_debtor_fails(*_columns(PORTFOLIO), TERMS).rows()
    assert [debtor for debtor, _ in engine] == [1, 2]
    assert engine[0][1] == stress(PORTFOLIO, [1], TERMS).total
    # debtor 2: ⌊1,000,000 × ½⌋ = 500,000; recoveries 50,000; compensation 337,500; net 112,500
    assert engine[1][1].net_loss == 112_500


@pytest.mark.parametrize("text", ["0", "1.5", "-0.1", "0.0001", "abc", "NaN"])
def test_unpaid_share_out_of_range_is_refused(text: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_share(text)
    assert refused.value.code is RiskCode.INVALID_SHARE


def test_unpaid_share_exact() -> None:
    assert parse_share("0.125") == Fraction(1, 8)
    assert parse_share("1") == 1


def test_engine_refuses_what_could_overflow() -> None:
    with pytest.raises(DomainError) as refused:
        each_debtor_fails(*_columns([Exposure(1, 1, FRAME, 2**62), Exposure(1, 2, FRAME, 2**62)]), StressTerms())
    assert refused.value.code is PricingCode.BULK_OUT_OF_BOUNDS


def _columns(exposures: list[Exposure]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    return (
        np.array([e.debtor_id for e in exposures], dtype=np.int64),
        np.array([e.customer_id for e in exposures], dtype=np.int64),
        np.array([KIND_NUMBERS[e.kind] for e in exposures], dtype=np.int64),
        np.array([e.amount for e in exposures], dtype=np.int64),
    )


EXPOSURES = st.lists(
    st.builds(
        Exposure,
        debtor_id=st.integers(1, 6),
        customer_id=st.integers(1, 5),
        kind=st.sampled_from(list(LossKind)),
        amount=st.integers(0, 1_000_000_000_000),
    ),
    max_size=40,
)
RATIOS = st.fractions(min_value=0, max_value=1, max_denominator=1000)


@settings(max_examples=300)
@given(EXPOSURES, st.fractions(min_value=Fraction(1, 1000), max_value=1, max_denominator=1000), RATIOS, RATIOS)
def test_engine_equals_scalar_twin(
    exposures: list[Exposure], share: Fraction, recovery: Fraction, compensation: Fraction
) -> None:
    terms = StressTerms(share, recovery, compensation)
    assert each_debtor_fails(*_columns(exposures), terms).rows() == each_debtor_fails_one_by_one(exposures, terms)
