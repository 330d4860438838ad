"""What each document says (SPEC §10), as plain values: no database types here.

Every document is addressed to the customer; nothing Hozen produces is addressed to a debtor (§13).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hozen.domain.tax import RateTotal, TaxCategory, TaxedItem, totals_per_rate


@dataclass(frozen=True, slots=True)
class Issuer:
    name: str
    address: str
    bank_account: str
    registration_number: str


@dataclass(frozen=True, slots=True)
class Addressee:
    name: str
    corporate_number: str


@dataclass(frozen=True, slots=True)
class ResultLine:
    reference: str
    debtor: str
    kind: str
    due_date: dt.date
    amount: int
    decision: str  # 承認 / 謝絶
    guaranteed_amount: int | None = None
    gross_rate: str | None = None
    days: int | None = None
    gross_fee: int | None = None
    subsidy: int | None = None
    net_fee: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReviewResultNotice:
    """審査結果通知書."""

    issuer: Issuer
    customer: Addressee
    number: str
    issued_on: dt.date
    requested_on: dt.date
    lines: tuple[ResultLine, ...]
    office_fee_per_debtor: int

    title = "審査結果通知書"


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    reference: str
    debtor: str
    guaranteed_amount: int
    start: dt.date
    end: dt.date
    days: int
    gross_fee: int
    subsidy: int
    net_fee: int


@dataclass(frozen=True, slots=True)
class FeeInvoice:
    """保証料請求書兼事前確認書."""

    issuer: Issuer
    customer: Addressee
    number: str
    issued_on: dt.date
    due_date: dt.date
    start_date: dt.date
    lines: tuple[InvoiceLine, ...]
    office_fee: int

    title = "保証料請求書兼事前確認書"
    office_fee_category = TaxCategory.STANDARD
    fee_category = TaxCategory.EXEMPT

    @property
    def total(self) -> int:
        return sum(line.net_fee for line in self.lines) + self.office_fee

    @property
    def tax_totals(self) -> tuple[RateTotal, ...]:
        items = [TaxedItem(line.reference, line.net_fee, self.fee_category) for line in self.lines]
        return totals_per_rate([*items, TaxedItem("事務手数料", self.office_fee, self.office_fee_category)])


@dataclass(frozen=True, slots=True)
class GuaranteeCertificate:
    """保証承諾書."""

    issuer: Issuer
    customer: Addressee
    number: str
    issued_on: dt.date
    product: str
    receivable: str
    debtor: str
    guaranteed_amount: int
    start: dt.date
    end: dt.date

    title = "保証承諾書"


@dataclass(frozen=True, slots=True)
class PurchaseNotice:
    """買取実行通知書."""

    issuer: Issuer
    customer: Addressee
    number: str
    issued_on: dt.date
    receivable: str
    debtor: str
    face: int
    purchase_date: dt.date
    due_date: dt.date
    days: int
    net_rate: str
    purchase_fee: int
    transfer_fee: int

    title = "買取実行通知書"
    purchase_fee_category = TaxCategory.EXEMPT
    transfer_fee_category = TaxCategory.STANDARD

    @property
    def proceeds(self) -> int:
        return self.face - self.purchase_fee - self.transfer_fee

    @property
    def tax_totals(self) -> tuple[RateTotal, ...]:
        items = [TaxedItem("買取料", self.purchase_fee, self.purchase_fee_category)]
        if self.transfer_fee:  # a policy without a transfer fee charges nothing taxable
            items.append(TaxedItem("振込手数料", self.transfer_fee, self.transfer_fee_category))
        return totals_per_rate(items)


@dataclass(frozen=True, slots=True)
class ClaimDecisionLine:
    reference: str
    amount: int
    counted: int
    reasons_ja: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ClaimDecision:
    """保証履行決定通知書."""

    issuer: Issuer
    customer: Addressee
    number: str
    issued_on: dt.date
    certificate_number: str
    trigger_ja: str
    event_date: dt.date
    lines: tuple[ClaimDecisionLine, ...]
    payout: int
    payment_date: dt.date | None

    title = "保証履行決定通知書"


Document = ReviewResultNotice | FeeInvoice | GuaranteeCertificate | PurchaseNotice | ClaimDecision
