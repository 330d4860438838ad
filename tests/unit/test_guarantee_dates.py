import dataclasses
import datetime as dt

import pytest

from hozen.domain.errors import ForbiddenError
from hozen.domain.guarantees import (
    assumed_paid_on,
    certificate_number,
    check_four_eyes,
    effect_date,
    invoice_due_date,
    start_date,
)
from hozen.policies import preset

D = dt.date
NORTH = preset("north")


def test_start_is_three_business_days_after_the_application() -> None:
    # Friday 2026-11-20 + 3 business days, skipping the weekend and 11/23 (勤労感謝の日) → Thu 11/26.
    assert start_date(D(2026, 11, 20), NORTH) == D(2026, 11, 26)
    assert invoice_due_date(D(2026, 11, 26)) == D(2026, 11, 25)


@pytest.mark.parametrize(
    ("paid", "effect"),
    [(D(2026, 11, 25), D(2026, 11, 26)), (D(2026, 11, 26), D(2026, 11, 27)), (D(2026, 11, 30), D(2026, 12, 1))],
)
def test_a_late_fee_moves_the_effect_to_the_day_after_it_arrives(paid: dt.date, effect: dt.date) -> None:
    assert effect_date(D(2026, 11, 26), paid) == effect


def test_maturity_is_assumed_only_after_the_claim_deadline() -> None:
    # due 2027-02-26; a claim may come until 03-28 (30 days), so payment is assumed from 03-29
    assert assumed_paid_on(D(2027, 2, 26), NORTH) == D(2027, 3, 29)
    longer = dataclasses.replace(NORTH, maturity_grace_days=45)
    assert assumed_paid_on(D(2027, 2, 26), longer) == D(2027, 4, 12)


def test_certificate_numbers() -> None:
    assert certificate_number(2026, 123) == "HZ-2026-000123"


def test_four_eyes() -> None:
    policy = dataclasses.replace(NORTH, senior_approval_above=100_000_000)
    with pytest.raises(ForbiddenError) as caught:
        check_four_eyes(underwriter_id=1, approver_id=1, approver_is_senior=True, total_amount=1, policy=policy)
    assert caught.value.code == "FOUR_EYES_REQUIRED"
    check_four_eyes(underwriter_id=1, approver_id=2, approver_is_senior=False, total_amount=100_000_000, policy=policy)
    with pytest.raises(ForbiddenError) as caught:
        check_four_eyes(
            underwriter_id=1, approver_id=2, approver_is_senior=False, total_amount=100_000_001, policy=policy
        )
    assert caught.value.code == "SENIOR_APPROVAL_REQUIRED"
    check_four_eyes(underwriter_id=1, approver_id=2, approver_is_senior=True, total_amount=100_000_001, policy=policy)
