"""Lifecycle states and the only transitions allowed between them (SPEC §8).

Every state change goes through :func:`transition`; an illegal one is a :class:`ConflictError` with
code ``ILLEGAL_TRANSITION``. The caller writes the history row (who, when, from, to, why).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from hozen.domain.codes import Labelled, WorkflowCode
from hozen.domain.errors import ConflictError


class ReviewState(Labelled):
    """A review request (審査依頼) and its result."""

    SUBMITTED = ("submitted", "受付")  # the customer's list has arrived
    IN_REVIEW = ("in_review", "審査中")  # an underwriter is deciding the lines
    AWAITING_APPROVAL = ("awaiting_approval", "決裁待ち")  # decided; waits for a second person (four eyes)
    APPROVED = ("approved", "審査結果通知済み")  # the review result is notified to the customer
    APPLIED = ("applied", "申込済み")  # the customer applied for some lines
    EXPIRED = ("expired", "期限切れ")  # the customer did not apply in time
    WITHDRAWN = ("withdrawn", "取下げ")  # the customer withdrew the request


class ApplicationState(Labelled):
    """An application (申込) for accepted lines of a review result."""

    HELD = ("held", "保留（限度額）")  # reserving it would breach a limit; waits for staff
    RESERVED = ("reserved", "確保済み")  # limits reserved; the fee invoice is issued
    PAID = ("paid", "入金済み")  # the fee was received; guarantees take effect
    LAPSED = ("lapsed", "失効")  # the fee never arrived; reservation released
    DECLINED = ("declined", "謝絶")  # staff declined a held application


class GuaranteeState(Labelled):
    """One guarantee (individual or frame)."""

    AWAITING_PAYMENT = ("awaiting_payment", "入金待ち")
    AWAITING_START = ("awaiting_start", "開始待ち")  # paid; effect date in the future
    ACTIVE = ("active", "保証中")  # in effect; certificate issued
    ENDED = ("ended", "終了")  # the debtor paid at maturity (confirmed or assumed); exposure released
    CLAIMED = ("claimed", "請求中")  # a claim was filed
    PAID_OUT = ("paid_out", "履行済み")  # the claim was paid
    CANCELLED = ("cancelled", "取消")  # never took effect (application lapsed or declined)


class FrameChangeState(Labelled):
    """A change to a frame guarantee."""

    REQUESTED = ("requested", "決裁待ち")  # priced; waits for an approver
    APPROVED = ("approved", "承認済み（入金待ち）")  # invoiced; an increase has reserved its added limit
    EFFECTIVE = ("effective", "発効")  # in force (increase / extension once paid; decrease / abolition once approved)
    REJECTED = ("rejected", "否決")


class LimitChangeState(Labelled):
    """A change to a company's own limit above the policy's four-eyes amount (docs/workflow.md)."""

    REQUESTED = ("requested", "承認待ち")  # requested with a reason; the limit is unchanged
    APPROVED = ("approved", "承認済み")  # a second person approved: the limit changed
    REJECTED = ("rejected", "否決")


class ClaimState(Labelled):
    """A claim under a guarantee (保証債務の履行請求, SPEC §9)."""

    FILED = ("filed", "受付")  # received; documents being collected
    ASSESSED = ("assessed", "査定済み")  # the rules engine's result stored; waits for a second person
    APPROVED = ("approved", "決裁済み")  # payout approved (four eyes)
    PAID = ("paid", "支払済み")  # paid out; the receivable is assigned to the company (subrogation)
    REJECTED = ("rejected", "支払なし")  # nothing is payable
    SET_OFF = ("set_off", "相殺")  # a discounted note: the guarantee and the buy-back claim were set off, no cash


class DiscountState(Labelled):
    """A discount of a guaranteed note (SPEC §2.5)."""

    ADVANCED = ("advanced", "割引実行済み")  # the proceeds were paid to the customer
    COLLECTED = ("collected", "決済済み")  # the debtor paid the note at maturity
    SET_OFF = ("set_off", "相殺")  # dishonoured: the guarantee and the buy-back claim were set off, no cash moved


class PurchaseState(Labelled):
    """A purchased note or e-receivable (SPEC §8.4)."""

    AWAITING_PAPERS = ("awaiting_papers", "書類待ち")  # applied; the original note / transfer record is awaited
    PAPERS_RECEIVED = ("papers_received", "書類受領済み")  # in time for the purchase date
    EXECUTED = ("executed", "買取実行済み")  # bought: the proceeds were paid to the customer
    COLLECTED = ("collected", "取立済み")  # the debtor paid the company at maturity
    DISHONOURED = ("dishonoured", "不渡り")  # not paid: the loss is the company's
    CANCELLED = ("cancelled", "取消")


class InvoiceState(Labelled):
    """A fee invoice."""

    OPEN = ("open", "未入金")
    PAID = ("paid", "入金済み")
    VOID = ("void", "無効")


class LineDecision(Labelled):
    """The underwriter's decision on one line of a review request."""

    PENDING = ("pending", "未判断")
    ACCEPTED = ("accepted", "承認")
    DECLINED = ("declined", "謝絶")


class Entity(Labelled):
    """What a state, a history row or a message is about (the ``entity`` of a transition)."""

    REVIEW_REQUEST = ("review_request", "審査依頼")
    APPLICATION = ("application", "申込")
    GUARANTEE = ("guarantee", "保証")
    FRAME_CHANGE = ("frame_change", "枠保証の変更")
    CLAIM = ("claim", "保証債務の履行請求")
    DISCOUNT = ("discount", "割引")
    PURCHASE = ("purchase", "買取")
    INVOICE = ("invoice", "請求書")
    PAYMENT = ("payment", "入金")
    LINE = ("line", "明細")
    CUSTOMER = ("customer", "お客様")
    DEBTOR = ("debtor", "注文者")
    USER = ("user", "利用者")
    RESERVATION = ("reservation", "限度額の確保")
    NOTIFICATION = ("notification", "お知らせ")
    WEBHOOK_ENDPOINT = ("webhook_endpoint", "Webhook送信先")
    REGISTRATION_DOCUMENT = ("registration_document", "登録書類")
    BUSINESS_DATE = ("business_date", "業務日付")
    BANK_ACCOUNT = ("bank_account", "振込先口座")
    TRANSFER_EXPORT = ("transfer_export", "総合振込データ")
    LIMIT_CHANGE = ("limit_change", "限度額の変更依頼")


@dataclass(frozen=True, slots=True)
class TransitionTable:
    entity: Entity
    allowed: Mapping[StrEnum, frozenset[StrEnum]]

    def ends_in(self, state: StrEnum) -> bool:
        """No transition leaves ``state``: the object's life is over."""
        return not self.allowed.get(state)

    def check(self, current: StrEnum, target: StrEnum) -> None:
        if target not in self.allowed.get(current, frozenset()):
            raise ConflictError(WorkflowCode.ILLEGAL_TRANSITION, {"entity": self.entity, "from": current, "to": target})


def _table(entity: Entity, pairs: Mapping[StrEnum, tuple[StrEnum, ...]]) -> TransitionTable:
    return TransitionTable(entity, {state: frozenset(targets) for state, targets in pairs.items()})


R, A, G = ReviewState, ApplicationState, GuaranteeState

REVIEW = _table(
    Entity.REVIEW_REQUEST,
    {
        R.SUBMITTED: (R.IN_REVIEW, R.WITHDRAWN),
        R.IN_REVIEW: (R.AWAITING_APPROVAL, R.WITHDRAWN),
        R.AWAITING_APPROVAL: (R.APPROVED, R.IN_REVIEW),
        R.APPROVED: (R.APPLIED, R.EXPIRED),
    },
)
APPLICATION = _table(
    Entity.APPLICATION,
    {
        A.HELD: (A.RESERVED, A.DECLINED),
        A.RESERVED: (A.PAID, A.LAPSED),
    },
)
GUARANTEE = _table(
    Entity.GUARANTEE,
    {
        G.AWAITING_PAYMENT: (G.AWAITING_START, G.ACTIVE, G.CANCELLED),
        G.AWAITING_START: (G.ACTIVE,),
        G.ACTIVE: (G.ENDED, G.CLAIMED),
        G.CLAIMED: (G.PAID_OUT, G.ENDED),
    },
)
FRAME_CHANGE = _table(
    Entity.FRAME_CHANGE,
    {
        FrameChangeState.REQUESTED: (FrameChangeState.APPROVED, FrameChangeState.REJECTED),
        FrameChangeState.APPROVED: (FrameChangeState.EFFECTIVE,),
    },
)
CLAIM = _table(
    Entity.CLAIM,
    {
        ClaimState.FILED: (ClaimState.ASSESSED,),
        ClaimState.ASSESSED: (ClaimState.APPROVED, ClaimState.REJECTED, ClaimState.FILED),
        ClaimState.APPROVED: (ClaimState.PAID, ClaimState.SET_OFF),
    },
)
DISCOUNT = _table(Entity.DISCOUNT, {DiscountState.ADVANCED: (DiscountState.COLLECTED, DiscountState.SET_OFF)})
PURCHASE = _table(
    Entity.PURCHASE,
    {
        PurchaseState.AWAITING_PAPERS: (PurchaseState.PAPERS_RECEIVED, PurchaseState.CANCELLED),
        PurchaseState.PAPERS_RECEIVED: (PurchaseState.EXECUTED, PurchaseState.CANCELLED),
        PurchaseState.EXECUTED: (PurchaseState.COLLECTED, PurchaseState.DISHONOURED),
    },
)
INVOICE = _table(Entity.INVOICE, {InvoiceState.OPEN: (InvoiceState.PAID, InvoiceState.VOID)})
LIMIT_CHANGE = _table(
    Entity.LIMIT_CHANGE, {LimitChangeState.REQUESTED: (LimitChangeState.APPROVED, LimitChangeState.REJECTED)}
)


def transition(table: TransitionTable, current: StrEnum, target: StrEnum) -> StrEnum:
    """Check one state change and return the new state."""
    table.check(current, target)
    return target
