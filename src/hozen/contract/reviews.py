"""Wire contract of review requests and their receivable lines (保証希望銘柄リスト)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from hozen.contract.base import Contract, RateText, YenAmount


class ReceivableKind(StrEnum):
    AR = "ar"  # 売掛金
    NOTE = "note"  # 約束手形
    ERECORD = "erecord"  # 電子記録債権


CorporateNumber = Annotated[str, StringConstraints(pattern=r"^\d{13}$")]


class ReceivableLineInput(Contract):
    """One receivable the customer wants protected."""

    kind: ReceivableKind
    debtor_corporate_number: CorporateNumber = Field(description="the debtor's 13-digit corporate number")
    reference: str = Field("", max_length=100, description="note number, invoice number…")
    amount: YenAmount = Field(gt=0, description="invoice amount, notified amount or face value")
    issue_date: dt.date = Field(description="invoice / payment-notice / issue / occurrence date")
    due_date: dt.date
    notified: bool = Field(False, description="AR: the amount is stated by the debtor's payment notice")
    endorsed: bool = False
    bill_of_exchange: bool = False
    transferred: bool = False
    has_contract: bool = True
    has_amount_document: bool = True


class ReviewRequestInput(Contract):
    customer_id: int
    lines: list[ReceivableLineInput] = Field(min_length=1, max_length=10_000)


class LineDecisionInput(Contract):
    accept: bool = Field(title="判断")
    guaranteed_amount: YenAmount | None = Field(
        None, gt=0, title="保証金額", description="default: the most the line allows"
    )
    rate: RateText | None = Field(None, title="保証料率", description="gross annual rate (%), required to accept")
    reason: str = Field("", max_length=2000, title="謝絶理由", description="required to decline")


class ReasonInput(Contract):
    reason: str = Field("", max_length=2000)


class FailureOut(BaseModel):
    code: str
    subject: str
    index: int | None = None
    message_ja: str
    message_en: str


class ReviewLineOut(BaseModel):
    id: int
    debtor_id: int
    debtor_name: str
    kind: str = Field(description="ar, note, erecord, or frame (a frame guarantee request)")
    reference: str
    amount: int
    issue_date: dt.date
    due_date: dt.date
    eligibility: list[FailureOut]
    decision: str
    decline_reason: str
    guaranteed_amount: int | None
    gross_rate: str | None
    subsidy_rate: str | None
    days: int | None
    gross_fee: int | None
    subsidy: int | None
    net_fee: int | None
    application_id: int | None


class ReviewOut(BaseModel):
    id: int
    customer_id: int
    state: str
    policy: str
    requested_on: dt.date
    underwriter_id: int | None
    approver_id: int | None
    approved_on: dt.date | None
    lines: list[ReviewLineOut]


class LimitPreviewOut(BaseModel):
    """What the request asks of one limit: its lines' most guaranteed amounts against what is reserved."""

    requested: int = Field(description="the most the priceable lines may guarantee, in yen")
    reserved: int = Field(description="already guaranteed or applied for under this limit, in yen")
    limit: int
    fits: bool = Field(description="reserved + requested is within the limit")


class DebtorPreviewOut(LimitPreviewOut):
    debtor_id: int
    name: str
    lines: int


class ReviewPreviewOut(BaseModel):
    """A review request priced at one indicative rate as if applied for today (bulk engine)."""

    review_id: int
    rate: str = Field(description="gross annual rate (%) the lines were priced at")
    lines: int
    total_fee: int = Field(description="the customer's fee after subsidy, all lines, in yen")
    unpriced_line_ids: list[int] = Field(description="lines due before their planned start: no fee, not requested")
    debtors: list[DebtorPreviewOut]
    customer: LimitPreviewOut


class ApplicationInput(Contract):
    review_id: int
    line_ids: list[int] = Field(min_length=1)
    idempotency_key: str | None = Field(None, min_length=8, max_length=80)


class PaymentInput(Contract):
    invoice_id: int = Field(title="請求書")
    amount: YenAmount = Field(gt=0, title="入金額")
    received_on: dt.date = Field(title="入金日")
    idempotency_key: str = Field(min_length=8, max_length=80, title="二重登録防止キー")


class MaturityInput(Contract):
    paid_on: dt.date


class GuaranteeOut(BaseModel):
    id: int
    application_id: int
    customer_id: int
    debtor_id: int
    product: str
    reference: str = Field("", description="the receivable's number: note number, でんさい 記録番号, invoice number")
    amount: int
    start_date: dt.date
    end_date: dt.date
    effect_date: dt.date | None
    state: str
    certificate_number: str | None
    certificate_issued_on: dt.date | None
    ended_on: dt.date | None
    gross_rate: str
    subsidy_rate: str
    days: int
    gross_fee: int
    subsidy: int
    net_fee: int


class TaxTotalOut(BaseModel):
    """One tax rate's total on a qualified invoice: gross (tax-included) = net + tax."""

    category: str = Field(description="standard (10 %) or exempt (非課税)")
    label_ja: str
    rate_percent: int
    gross: int
    net: int
    tax: int


class InvoiceOut(BaseModel):
    id: int
    number: str
    application_id: int | None
    frame_change_id: int | None
    amount: int
    issued_on: dt.date
    due_date: dt.date
    state: str
    tax_totals: list[TaxTotalOut] = Field(description="per tax rate, the tax computed once per invoice (SPEC §15)")


class ApplicationOut(BaseModel):
    id: int
    review_request_id: int
    customer_id: int
    debtor_id: int
    state: str
    received_on: dt.date
    start_date: dt.date
    amount: int
    office_fee: int
    hold_reasons: list[str]
    invoice: InvoiceOut | None
    guarantees: list[GuaranteeOut]
    purchases: list[PurchaseOut] = Field(default_factory=list)


class PaymentOut(BaseModel):
    id: int
    invoice_id: int
    amount: int
    received_on: dt.date
    idempotency_key: str
    guarantees: list[GuaranteeOut]


class FrameRequestInput(Contract):
    """A frame guarantee (枠保証) for one signed construction contract."""

    customer_id: int
    debtor_corporate_number: CorporateNumber
    contract: str = Field(min_length=1, max_length=100, description="the construction contract (工事名・契約番号)")
    contract_date: dt.date
    limit: YenAmount = Field(gt=0, description="保証極度額")
    period_end: dt.date = Field(description="last day of the guarantee period")


class TopUpInput(Contract):
    """An AR top-up (売掛金保証②) once the payment notice states the amount."""

    notified_amount: YenAmount = Field(gt=0)


class FrameChangeInput(Contract):
    kind: Literal["increase", "extension", "decrease", "abolition"]
    new_limit: YenAmount | None = Field(None, gt=0, description="increase / decrease")
    new_end: dt.date | None = Field(None, description="extension")


class FrameChangeOut(BaseModel):
    id: int
    guarantee_id: int
    kind: str
    state: str
    requested_on: dt.date
    effective_from: dt.date | None
    old_limit: int
    new_limit: int
    old_end: dt.date
    new_end: dt.date
    priced_from: dt.date
    priced_to: dt.date
    days: int
    gross_fee: int
    subsidy: int
    net_fee: int
    office_fee: int
    invoice: InvoiceOut | None


class PapersInput(Contract):
    arrived_on: dt.date = Field(description="the original note, or the completed transfer record")


class PurchaseSettlementInput(Contract):
    outcome: Literal["collected", "dishonoured"]
    on: dt.date


class PurchaseOut(BaseModel):
    id: int
    number: str | None
    application_id: int
    customer_id: int
    debtor_id: int
    kind: str
    face: int
    purchase_date: dt.date
    due_date: dt.date
    gross_rate: str
    subsidy_rate: str
    days: int
    gross_fee: int
    subsidy: int
    net_fee: int
    transfer_fee: int
    proceeds: int
    state: str
    papers_received_on: dt.date | None
    executed_on: dt.date | None
    settled_on: dt.date | None
