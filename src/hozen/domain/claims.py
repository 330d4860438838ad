"""Claim assessment (SPEC §9): does a guarantee pay, and how much.

A guarantee pays only if, within the guarantee period, a trigger the policy accepts happened to the
debtor; a plain payment delay never does. Each receivable must be claimed within the policy's
deadline after its due date. An individual guarantee pays min(guaranteed amount, unpaid, admitted
amount); a frame counts only receivables acquired within the period and before the event day, still
unpaid and never jumped, and pays at most its limit. The reasons are codes of
:class:`~hozen.domain.codes.ClaimReason`, with their labels and messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from hozen.domain.codes import ClaimReason
from hozen.domain.money import Yen
from hozen.domain.policy import Policy, Product, Trigger

EVENT_OUTSIDE_PERIOD = ClaimReason.EVENT_OUTSIDE_PERIOD
NOT_A_TRIGGER = ClaimReason.NOT_A_TRIGGER
CLAIM_TOO_LATE = ClaimReason.CLAIM_TOO_LATE
ACQUIRED_BEFORE_PERIOD = ClaimReason.ACQUIRED_BEFORE_PERIOD
ACQUIRED_TOO_LATE = ClaimReason.ACQUIRED_TOO_LATE
COLLECTED = ClaimReason.COLLECTED
DUE_EXTENDED = ClaimReason.DUE_EXTENDED
CAPPED_BY_LIMIT = ClaimReason.CAPPED_BY_LIMIT
CAPPED_BY_ADMITTED_AMOUNT = ClaimReason.CAPPED_BY_ADMITTED_AMOUNT
NOTE_KINDS = (Product.NOTE, Product.ERECORD)


@dataclass(frozen=True, slots=True)
class Cover:
    frame: bool
    amount: Yen  # the guaranteed amount, or the frame's limit
    start: dt.date
    end: dt.date

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class ClaimedReceivable:
    id: str
    kind: Product
    acquired_on: dt.date
    due_on: dt.date
    amount: Yen
    collected: Yen = 0
    due_extended: bool = False
    admitted_amount: Yen | None = None

    @property
    def unpaid(self) -> Yen:
        return max(self.amount - self.collected, 0)


@dataclass(frozen=True, slots=True)
class Line:
    id: str
    counted: Yen
    reasons: tuple[ClaimReason, ...]


@dataclass(frozen=True, slots=True)
class Assessment:
    payable: Yen
    reasons: tuple[ClaimReason, ...]
    lines: tuple[Line, ...]

    @property
    def accepted(self) -> bool:
        return self.payable > 0


def trigger_accepted(code: str, policy: Policy, receivables: Sequence[ClaimedReceivable]) -> bool:
    """The policy accepts the trigger; a dishonour only triggers note and e-receivable claims."""
    try:
        trigger = Trigger(code)
    except ValueError:
        return False  # e.g. a plain payment delay
    if trigger not in policy.triggers:
        return False
    return trigger is not Trigger.DISHONOUR or any(r.kind in NOTE_KINDS for r in receivables)


def _line(
    r: ClaimedReceivable, cover: Cover, event_code: str, event_date: dt.date, claim_date: dt.date, policy: Policy
) -> Line:
    blocking: list[ClaimReason] = []
    if claim_date > r.due_on + dt.timedelta(days=policy.claim_deadline_days):
        blocking.append(CLAIM_TOO_LATE)
    if event_code == Trigger.DISHONOUR.value and r.kind not in NOTE_KINDS:
        blocking.append(NOT_A_TRIGGER)  # a dishonour says nothing about an invoice
    if cover.frame:
        if r.acquired_on < cover.start:
            blocking.append(ACQUIRED_BEFORE_PERIOD)
        elif r.acquired_on >= event_date or r.acquired_on > cover.end:
            blocking.append(ACQUIRED_TOO_LATE)  # acquired on or after the event day
    if r.due_extended:
        blocking.append(DUE_EXTENDED)
    reasons = list(blocking)
    if r.collected > 0:
        reasons.append(COLLECTED)  # only the unpaid part counts
    counted = 0 if blocking else r.unpaid
    if counted and r.admitted_amount is not None and r.admitted_amount < counted:
        counted = r.admitted_amount
        reasons.append(CAPPED_BY_ADMITTED_AMOUNT)
    return Line(r.id, counted, tuple(reasons))


def assess(
    cover: Cover,
    event_code: str,
    event_date: dt.date,
    claim_date: dt.date,
    receivables: Sequence[ClaimedReceivable],
    policy: Policy,
) -> Assessment:
    """Payable amount with the reasons, overall and per receivable."""
    reasons: list[ClaimReason] = []
    if not trigger_accepted(event_code, policy, receivables):
        reasons.append(NOT_A_TRIGGER)
    if not cover.covers(event_date):
        reasons.append(EVENT_OUTSIDE_PERIOD)
    lines = [_line(r, cover, event_code, event_date, claim_date, policy) for r in receivables]
    if reasons:  # nothing pays: every line counts zero
        return Assessment(0, tuple(reasons), tuple(Line(line.id, 0, line.reasons) for line in lines))
    total = sum(line.counted for line in lines)
    if total > cover.amount:
        reasons.append(CAPPED_BY_LIMIT)
    return Assessment(min(total, cover.amount), tuple(reasons), tuple(lines))
