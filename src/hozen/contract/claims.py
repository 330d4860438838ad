"""Wire contract of stored claims (filing, documents, payout, recoveries)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from hozen.contract.base import Contract, RateText, YenAmount
from hozen.contract.claim_assessments import ClaimReceivableIn
from hozen.domain.policy import Trigger

ClaimedReceivable = ClaimReceivableIn  # one receivable claimed: the §14.4 calculator's line


class ClaimFilingInput(Contract):
    guarantee_id: int
    trigger: Trigger
    event_date: dt.date
    receivables: list[ClaimedReceivable] = Field(default_factory=list, description="required for a frame")
    collected: YenAmount = Field(0, ge=0, description="individual guarantee: amount already collected")
    admitted_amount: YenAmount | None = Field(None, ge=0, description="individual: amount admitted in proceedings")
    note: str = Field("", max_length=2000)


class ClaimDocumentInput(Contract):
    kind: str
    received_on: dt.date


class ClaimPayoutInput(Contract):
    paid_on: dt.date


class RecoveryInput(Contract):
    amount: YenAmount = Field(gt=0)
    received_on: dt.date
    note: str = Field("", max_length=2000)


class DocumentReceiptOut(BaseModel):
    """One receipt of a claim document: an uploaded file (``upload``) or a paper copy a staff member
    confirmed (``paper``); empty ``how`` for documents recorded before files were kept."""

    id: int
    how: str
    received_on: dt.date
    received_by: int | None
    file_name: str
    content_type: str
    size: int | None


class RequirementOut(BaseModel):
    kind: str
    label_ja: str
    received: bool
    receipts: list[DocumentReceiptOut] = Field(default_factory=list)


class ClaimOut(BaseModel):
    id: int
    guarantee_id: int
    customer_id: int
    trigger: str
    event_date: dt.date
    claim_date: dt.date
    state: str
    documents: list[RequirementOut]
    payable: int | None
    reasons: list[str]
    lines: list[dict[str, object]]
    paid_on: dt.date | None
    paid_amount: int | None
    assigned_on: dt.date | None
    recovered: int
    net_loss: int | None
    note: str


class LossCompensationOut(BaseModel):
    start: dt.date
    end: dt.date
    payouts: int
    recoveries: int
    net_loss: int
    ratio: str
    compensation: int


class DiscountInput(Contract):
    """A discount of a guaranteed note or e-receivable (SPEC §2.5)."""

    guarantee_id: int
    discount_date: dt.date
    discount_rate: RateText = Field(description="annual %, not subsidised, within the policy cap")
    note_received_on: dt.date = Field(description="the original note (or the transfer record) arrived")


class DiscountOut(BaseModel):
    id: int
    guarantee_id: int
    face: int
    discount_date: dt.date
    due_date: dt.date
    discount_rate: str
    days: int
    discount_fee: int
    proceeds: int
    state: str
    settled_on: dt.date | None
