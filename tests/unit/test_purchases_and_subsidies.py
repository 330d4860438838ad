import datetime as dt
from fractions import Fraction

import pytest

from hozen.domain.errors import DomainError
from hozen.domain.policy import Product
from hozen.domain.purchases import check_lead_time, latest_arrival, proceeds
from hozen.domain.subsidies import SubsidyEntry, loss_compensation, reversal_of, subsidy_claim
from hozen.policies import preset

D = dt.date
EAST = preset("east")


def test_purchase_lead_times_in_business_days() -> None:
    # Purchase on Mon 2026-11-30: a paper note 4 business days before → Tue 11/24 (11/23 is a holiday);
    # an e-receivable transfer record 5 business days before → Fri 11/20.
    assert latest_arrival(D(2026, 11, 30), EAST, Product.NOTE) == D(2026, 11, 24)
    assert latest_arrival(D(2026, 11, 30), EAST, Product.ERECORD) == D(2026, 11, 20)
    check_lead_time(D(2026, 11, 24), D(2026, 11, 30), EAST, Product.NOTE)
    with pytest.raises(DomainError) as caught:
        check_lead_time(D(2026, 11, 25), D(2026, 11, 30), EAST, Product.NOTE)
    assert caught.value.code == "PURCHASE_LEAD_TIME_TOO_SHORT"


def test_proceeds_are_face_less_fees() -> None:
    assert proceeds(1_000_000, 4_795, 660) == 994_545
    with pytest.raises(DomainError):
        proceeds(1_000, 900, 100)


def entry(ref: str, subsidy: int, booked: dt.date) -> SubsidyEntry:
    return SubsidyEntry(ref, "甲建設", "乙工務店", "note", 2_000_000, "4.5", "1.5", 90, subsidy, booked)


def test_a_cancellation_reverses_the_subsidy_in_its_own_period() -> None:
    first = entry("HZ-1", 7_397, D(2026, 4, 10))
    second = entry("HZ-2", 1_000, D(2026, 4, 20))
    cancelled = reversal_of(first, D(2026, 5, 2))
    april = subsidy_claim([first, second, cancelled], D(2026, 4, 1), D(2026, 4, 30))
    may = subsidy_claim([first, second, cancelled], D(2026, 5, 1), D(2026, 5, 31))
    assert april.total == 8_397 and [r.reference for r in april.rows] == ["HZ-1", "HZ-2"]
    assert may.total == -7_397 and may.rows[0].reversal
    assert subsidy_claim([first, cancelled], D(2026, 4, 1), D(2026, 5, 31)).total == 0


def test_loss_compensation_is_net_of_recoveries() -> None:
    result = loss_compensation([1_000_001], [200_000], Fraction(3, 4))
    assert result.net_loss == 800_001 and result.compensation == 600_000  # 600,000.75 rounded down
    assert loss_compensation([100], [500], Fraction(3, 4)).compensation == 0
