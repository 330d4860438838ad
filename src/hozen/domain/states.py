"""Lifecycle states and the only transitions allowed between them (SPEC §8).

Every state change goes through :func:`transition`; an illegal one is a :class:`ConflictError` with
code ``ILLEGAL_TRANSITION``. The caller writes the history row (who, when, from, to, why).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from hozen.domain.errors import ConflictError


class ReviewState(StrEnum):
    """A review request (審査依頼) and its result."""

    SUBMITTED = "submitted"  # the customer's list has arrived
    IN_REVIEW = "in_review"  # an underwriter is deciding the lines
    AWAITING_APPROVAL = "awaiting_approval"  # decided; waits for a second person (four eyes)
    APPROVED = "approved"  # the review result is notified to the customer
    APPLIED = "applied"  # the customer applied for some lines
    EXPIRED = "expired"  # the customer did not apply in time
    WITHDRAWN = "withdrawn"  # the customer withdrew the request


class ApplicationState(StrEnum):
    """An application (申込) for accepted lines of a review result."""

    HELD = "held"  # reserving it would breach a limit; waits for staff
    RESERVED = "reserved"  # limits reserved; the fee invoice is issued
    PAID = "paid"  # the fee was received; guarantees take effect
    LAPSED = "lapsed"  # the fee never arrived; reservation released
    DECLINED = "declined"  # staff declined a held application


class GuaranteeState(StrEnum):
    """One guarantee (individual or frame)."""

    AWAITING_PAYMENT = "awaiting_payment"
    AWAITING_START = "awaiting_start"  # paid; effect date in the future
    ACTIVE = "active"  # in effect; certificate issued
    ENDED = "ended"  # the debtor paid at maturity (confirmed or assumed); exposure released
    CLAIMED = "claimed"  # a claim was filed
    PAID_OUT = "paid_out"  # the claim was paid
    CANCELLED = "cancelled"  # never took effect (application lapsed or declined)


class FrameChangeState(StrEnum):
    """A change to a frame guarantee."""

    REQUESTED = "requested"  # priced; waits for an approver
    APPROVED = "approved"  # invoiced; an increase has reserved its added limit
    EFFECTIVE = "effective"  # in force (increase / extension once paid; decrease / abolition once approved)
    REJECTED = "rejected"


class ClaimState(StrEnum):
    """A claim under a guarantee (保証債務の履行請求, SPEC §9)."""

    FILED = "filed"  # received; documents being collected
    ASSESSED = "assessed"  # the rules engine's result stored; waits for a second person
    APPROVED = "approved"  # payout approved (four eyes)
    PAID = "paid"  # paid out; the receivable is assigned to the company (subrogation)
    REJECTED = "rejected"  # nothing is payable
    SET_OFF = "set_off"  # a discounted note: the guarantee and the buy-back claim were set off, no cash


class DiscountState(StrEnum):
    """A discount of a guaranteed note (SPEC §2.5)."""

    ADVANCED = "advanced"  # the proceeds were paid to the customer
    COLLECTED = "collected"  # the debtor paid the note at maturity
    SET_OFF = "set_off"  # dishonoured: the guarantee and the buy-back claim were set off, no cash moved


class PurchaseState(StrEnum):
    """A purchased note or e-receivable (SPEC §8.4)."""

    AWAITING_PAPERS = "awaiting_papers"  # applied; the original note / transfer record is awaited
    PAPERS_RECEIVED = "papers_received"  # in time for the purchase date
    EXECUTED = "executed"  # bought: the proceeds were paid to the customer
    COLLECTED = "collected"  # the debtor paid the company at maturity
    DISHONOURED = "dishonoured"  # not paid: the loss is the company's
    CANCELLED = "cancelled"


class InvoiceState(StrEnum):
    OPEN = "open"
    PAID = "paid"
    VOID = "void"


@dataclass(frozen=True, slots=True)
class TransitionTable:
    entity: str
    allowed: Mapping[StrEnum, frozenset[StrEnum]]

    def check(self, current: StrEnum, target: StrEnum) -> None:
        if target not in self.allowed.get(current, frozenset()):
            raise ConflictError(
                "ILLEGAL_TRANSITION",
                f"{self.entity} の状態を「{current.value}」から「{target.value}」へ変更することはできません。",
                f"A {self.entity} cannot go from '{current.value}' to '{target.value}'.",
                {"entity": self.entity, "from": current.value, "to": target.value},
            )


def _table(entity: str, pairs: Mapping[StrEnum, tuple[StrEnum, ...]]) -> TransitionTable:
    return TransitionTable(entity, {state: frozenset(targets) for state, targets in pairs.items()})


R, A, G = ReviewState, ApplicationState, GuaranteeState

REVIEW = _table(
    "review_request",
    {
        R.SUBMITTED: (R.IN_REVIEW, R.WITHDRAWN),
        R.IN_REVIEW: (R.AWAITING_APPROVAL, R.WITHDRAWN),
        R.AWAITING_APPROVAL: (R.APPROVED, R.IN_REVIEW),
        R.APPROVED: (R.APPLIED, R.EXPIRED),
    },
)
APPLICATION = _table(
    "application",
    {
        A.HELD: (A.RESERVED, A.DECLINED),
        A.RESERVED: (A.PAID, A.LAPSED),
    },
)
GUARANTEE = _table(
    "guarantee",
    {
        G.AWAITING_PAYMENT: (G.AWAITING_START, G.ACTIVE, G.CANCELLED),
        G.AWAITING_START: (G.ACTIVE,),
        G.ACTIVE: (G.ENDED, G.CLAIMED),
        G.CLAIMED: (G.PAID_OUT, G.ENDED),
    },
)
FRAME_CHANGE = _table(
    "frame_change",
    {
        FrameChangeState.REQUESTED: (FrameChangeState.APPROVED, FrameChangeState.REJECTED),
        FrameChangeState.APPROVED: (FrameChangeState.EFFECTIVE,),
    },
)
CLAIM = _table(
    "claim",
    {
        ClaimState.FILED: (ClaimState.ASSESSED,),
        ClaimState.ASSESSED: (ClaimState.APPROVED, ClaimState.REJECTED, ClaimState.FILED),
        ClaimState.APPROVED: (ClaimState.PAID, ClaimState.SET_OFF),
    },
)
DISCOUNT = _table("discount", {DiscountState.ADVANCED: (DiscountState.COLLECTED, DiscountState.SET_OFF)})
PURCHASE = _table(
    "purchase",
    {
        PurchaseState.AWAITING_PAPERS: (PurchaseState.PAPERS_RECEIVED, PurchaseState.CANCELLED),
        PurchaseState.PAPERS_RECEIVED: (PurchaseState.EXECUTED, PurchaseState.CANCELLED),
        PurchaseState.EXECUTED: (PurchaseState.COLLECTED, PurchaseState.DISHONOURED),
    },
)
INVOICE = _table("invoice", {InvoiceState.OPEN: (InvoiceState.PAID, InvoiceState.VOID)})


def transition(table: TransitionTable, current: StrEnum, target: StrEnum) -> StrEnum:
    """Check one state change and return the new state."""
    table.check(current, target)
    return target
