"""Presenters: each stored row becomes its wire output (``hozen.contract``) here, and only here.

An output field takes the row's attribute of the same name; what is derived (nested outputs,
decoded JSON, sums) is computed here and named explicitly.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from hozen.contract.claims import ClaimOut, DiscountOut, DocumentReceiptOut, RequirementOut
from hozen.contract.operations import DailyRunOut, NotificationOut
from hozen.contract.reviews import (
    ApplicationOut,
    DebtorPreviewOut,
    FailureOut,
    FrameChangeOut,
    GuaranteeOut,
    InvoiceOut,
    LimitPreviewOut,
    PaymentOut,
    PurchaseOut,
    ReviewLineOut,
    ReviewOut,
    ReviewPreviewOut,
    TaxTotalOut,
)
from hozen.contract.transfers import BankAccountOut, TransferExportOut, TransferLineOut
from hozen.domain.codes import AccountType
from hozen.domain.policy import Product
from hozen.domain.tax import TaxCategory, TaxedItem, totals_per_rate
from hozen.services.claims import checklist
from hozen.services.common import UnitOfWork, present
from hozen.services.guarantees import DailyReport
from hozen.services.portfolio import NotificationEntry
from hozen.services.review_preview import ReviewPreview
from hozen.store.models import (
    Application,
    BankAccount,
    Claim,
    Discount,
    FrameChange,
    Guarantee,
    Invoice,
    Payment,
    Purchase,
    ReviewRequest,
    TransferExport,
)


def guarantee_out(guarantee: Guarantee) -> GuaranteeOut:
    return present(GuaranteeOut, guarantee, reference=guarantee.line.reference)


def receivable_number_label(kind: str) -> str:
    """What a receivable's number is called: an e-receivable's 記録番号, or a note's or invoice's number."""
    return "記録番号" if kind == Product.ERECORD.value else "債権番号"


def invoice_out(invoice: Invoice, office_fee: int) -> InvoiceOut:
    """An invoice with its per-rate tax totals: the office fee is 10 % tax-included, the rest exempt."""
    items = (
        TaxedItem("保証料", invoice.amount - office_fee, TaxCategory.EXEMPT),
        TaxedItem("事務手数料", office_fee, TaxCategory.STANDARD),
    )
    tax_totals = [
        TaxTotalOut(
            category=total.category.value,
            label_ja=total.category.label,
            rate_percent=int(total.category.rate_percent),
            gross=total.gross,
            net=total.net,
            tax=total.tax,
        )
        for total in totals_per_rate(items)
    ]
    return present(InvoiceOut, invoice, tax_totals=tax_totals)


def purchase_out(purchase: Purchase) -> PurchaseOut:
    return present(PurchaseOut, purchase)


def application_out(application: Application) -> ApplicationOut:
    return present(
        ApplicationOut,
        application,
        hold_reasons=[code for code in application.hold_reasons.split(",") if code],
        invoice=invoice_out(application.invoice, application.office_fee) if application.invoice else None,
        guarantees=[guarantee_out(g) for g in application.guarantees],
        purchases=[purchase_out(p) for p in application.purchases],
    )


def payment_out(uow: UnitOfWork, payment: Payment) -> PaymentOut:
    invoice = uow.session.get(Invoice, payment.invoice_id)
    assert invoice is not None
    application = uow.session.get(Application, invoice.application_id)
    assert application is not None
    return present(PaymentOut, payment, guarantees=[guarantee_out(g) for g in application.guarantees])


def review_out(review: ReviewRequest) -> ReviewOut:
    lines = [
        present(
            ReviewLineOut,
            line,
            debtor_name=line.debtor.name,
            eligibility=[FailureOut(**f) for f in json.loads(line.eligibility)],
        )
        for line in review.lines
    ]
    return present(ReviewOut, review, lines=lines)


def review_preview_out(review_id: int, preview: ReviewPreview) -> ReviewPreviewOut:
    debtors = [present(DebtorPreviewOut, debtor) for debtor in preview.debtors]  # ``fits`` is a property
    customer = LimitPreviewOut(
        requested=preview.customer_requested,
        reserved=preview.customer_reserved,
        limit=preview.customer_limit,
        fits=preview.customer_fits,
    )
    return ReviewPreviewOut(
        review_id=review_id,
        rate=preview.rate,
        lines=len(preview.line_ids),
        total_fee=preview.total_fee,
        unpriced_line_ids=preview.unpriced,
        debtors=debtors,
        customer=customer,
    )


def claim_out(claim: Claim) -> ClaimOut:
    result = json.loads(claim.assessment) if claim.assessment else {}
    recovered = sum(r.amount for r in claim.recoveries)
    return present(
        ClaimOut,
        claim,
        documents=[
            RequirementOut(
                kind=r.kind,
                label_ja=r.kind.label,
                received=r.received,
                receipts=[present(DocumentReceiptOut, d) for d in claim.documents if d.kind == r.kind.value],
            )
            for r in checklist(claim)
        ],
        reasons=list(result.get("reasons", [])),
        lines=list(result.get("lines", [])),
        recovered=recovered,
        net_loss=None if claim.paid_amount is None else claim.paid_amount - recovered,
    )


def discount_out(discount: Discount) -> DiscountOut:
    return present(DiscountOut, discount)


def frame_change_out(session: Session, change: FrameChange) -> FrameChangeOut:
    invoice = session.scalars(select(Invoice).where(Invoice.frame_change_id == change.id)).first()
    return present(FrameChangeOut, change, invoice=invoice_out(invoice, change.office_fee) if invoice else None)


def notification_out(entry: NotificationEntry) -> NotificationOut:
    notification = entry.notification
    return present(NotificationOut, notification, resolved=notification.resolved_at is not None, read=entry.read)


def daily_run_out(report: DailyReport) -> DailyRunOut:
    return present(DailyRunOut, report)


def bank_account_out(account: BankAccount) -> BankAccountOut:
    return present(BankAccountOut, account, account_type_label=AccountType.label_of(account.account_type))


def transfer_export_out(record: TransferExport) -> TransferExportOut:
    return present(
        TransferExportOut,
        record,
        file=f"/api/v1/transfer-exports/{record.id}/file",
        lines=[present(TransferLineOut, line) for line in record.lines],
    )
