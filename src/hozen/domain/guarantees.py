"""Dates and approvals of the individual-guarantee workflow (SPEC §8.2).

* start date: the policy's number of business days after the application arrives;
* fee invoice due: the day before the start date;
* effect: from the start date, or — when the fee arrives on or after the start date — from the day
  after it arrives;
* end at maturity: confirmed by the customer, or assumed after the policy's grace period (and not
  before the claim deadline has passed);
* four eyes: the approver is never the underwriter, and above the policy's amount only a senior
  approver may approve.
"""

from __future__ import annotations

import datetime as dt

from hozen.domain.calendar import ONE_DAY, add_business_days
from hozen.domain.codes import WorkflowCode
from hozen.domain.errors import ForbiddenError
from hozen.domain.money import Yen
from hozen.domain.policy import Policy


def start_date(application_received: dt.date, policy: Policy) -> dt.date:
    return add_business_days(application_received, policy.start_offset_business_days)


def invoice_due_date(start: dt.date) -> dt.date:
    return start - ONE_DAY


def effect_date(start: dt.date, fee_received: dt.date) -> dt.date:
    return start if fee_received < start else fee_received + ONE_DAY


def assumed_paid_on(due: dt.date, policy: Policy) -> dt.date:
    """The day the debtor's payment is assumed when the customer has not confirmed it: after the
    policy's grace period, and never while a claim may still be filed (SPEC §9.2)."""
    return due + _maturity_grace(policy)


def latest_due_assumed_paid(today: dt.date, policy: Policy) -> dt.date:
    """The latest due date whose payment is assumed by ``today``: the inverse of
    :func:`assumed_paid_on`, so the daily run can select those guarantees by an index on the due date."""
    return today - _maturity_grace(policy)


def _maturity_grace(policy: Policy) -> dt.timedelta:
    return dt.timedelta(days=max(policy.maturity_grace_days, policy.claim_deadline_days + 1))


def application_lapses_on(start: dt.date, policy: Policy) -> dt.date:
    """An unpaid application lapses this many days after its planned start."""
    return start + dt.timedelta(days=policy.application_validity_days)


def certificate_number(year: int, sequence: int) -> str:
    """保証承諾書番号, e.g. ``HZ-2026-000123``."""
    return f"HZ-{year}-{sequence:06d}"


def check_four_eyes(
    *, underwriter_id: int, approver_id: int, approver_is_senior: bool, total_amount: Yen, policy: Policy
) -> None:
    """Raise when this approver may not approve this review result."""
    if approver_id == underwriter_id:
        raise ForbiddenError(WorkflowCode.FOUR_EYES_REQUIRED)
    threshold = policy.senior_approval_above
    if threshold is not None and total_amount > threshold and not approver_is_senior:
        raise ForbiddenError(
            WorkflowCode.SENIOR_APPROVAL_REQUIRED, {"total_amount": total_amount, "threshold": threshold}
        )
