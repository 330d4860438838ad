"""The documents of stored work (SPEC §10), built through the services that decide who may see what."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

from hozen.config import Settings
from hozen.documents import data as d
from hozen.documents.pdf import render_pdf
from hozen.domain.codes import ClaimCode, ClaimReason, WorkflowCode
from hozen.domain.errors import ConflictError
from hozen.domain.money import format_rate, parse_rate
from hozen.domain.policy import FrameChange as ChangeKind
from hozen.domain.policy import Product, Trigger
from hozen.domain.roles import Actor
from hozen.domain.states import ClaimState, Entity, LineDecision, ReviewState
from hozen.formatting import jdate_short
from hozen.policies import load_policy, programme
from hozen.services import applications, claims, guarantees, reviews
from hozen.services.common import UnitOfWork, not_found
from hozen.store.models import Customer, FrameChange, Invoice


def _issuer(settings: Settings) -> d.Issuer:
    return d.Issuer(
        settings.issuer_name, settings.issuer_address, settings.issuer_bank_account, settings.registration_number()
    )


def _addressee(customer: Customer) -> d.Addressee:
    return d.Addressee(customer.name, customer.corporate_number)


def review_result(uow: UnitOfWork, actor: Actor, review_id: int, settings: Settings, today: dt.date) -> bytes:
    review = reviews.get_review(uow, actor, review_id)
    if review.state not in (ReviewState.APPROVED.value, ReviewState.APPLIED.value, ReviewState.EXPIRED.value):
        raise ConflictError(WorkflowCode.RESULT_NOT_READY)
    lines = tuple(
        d.ResultLine(
            reference=line.reference or f"明細 {line.id}",
            debtor=line.debtor.name,
            kind=Product.label_of(line.kind),
            due_date=line.due_date,
            amount=line.amount,
            decision=LineDecision.label_of(line.decision),
            guaranteed_amount=line.guaranteed_amount,
            gross_rate=line.gross_rate,
            days=line.days,
            gross_fee=line.gross_fee,
            subsidy=line.subsidy,
            net_fee=line.net_fee,
            note=line.decline_reason,
        )
        for line in review.lines
    )
    policy = load_policy(review.policy)
    return render_pdf(
        d.ReviewResultNotice(
            _issuer(settings),
            _addressee(review.customer),
            f"R-{review.id:06d}",
            review.approved_on or today,
            review.requested_on,
            lines,
            policy.office_fees.individual,
        )
    )


def invoice(uow: UnitOfWork, actor: Actor, invoice_id: int, settings: Settings) -> bytes:
    """The qualified fee invoice of an application or of a frame change (SPEC §15)."""
    found = uow.session.get(Invoice, invoice_id)
    if found is None:
        raise not_found(Entity.INVOICE, invoice_id)
    if found.frame_change_id is not None:
        return _frame_change_invoice(uow, actor, found, settings)
    if found.application_id is None:
        raise not_found(Entity.INVOICE, invoice_id)
    application = applications.get_application(uow, actor, found.application_id)
    lines = tuple(
        d.InvoiceLine(
            g.line.reference,
            application.debtor.name,
            g.amount,
            g.start_date,
            g.end_date,
            g.days,
            g.gross_fee,
            g.subsidy,
            g.net_fee,
        )
        for g in application.guarantees
    )
    return render_pdf(
        d.FeeInvoice(
            _issuer(settings),
            _addressee(application.customer),
            found.number,
            found.issued_on,
            found.due_date,
            application.start_date,
            lines,
            application.office_fee,
        )
    )


def _frame_change_invoice(uow: UnitOfWork, actor: Actor, found: Invoice, settings: Settings) -> bytes:
    change = uow.session.get(FrameChange, found.frame_change_id)
    if change is None:
        raise not_found(Entity.INVOICE, found.id)
    frame = guarantees.get_guarantee(uow, actor, change.guarantee_id)  # the customer's own, or staff
    application = applications.get_application(uow, actor, frame.application_id)
    line = d.InvoiceLine(
        f"{frame.line.reference}（{ChangeKind.label_of(change.kind)}）",
        application.debtor.name,
        change.new_limit,
        change.priced_from,
        change.priced_to,
        change.days,
        change.gross_fee,
        change.subsidy,
        change.net_fee,
    )
    return render_pdf(
        d.FeeInvoice(
            _issuer(settings),
            _addressee(application.customer),
            found.number,
            found.issued_on,
            found.due_date,
            change.priced_from,
            (line,),
            change.office_fee,
        )
    )


def certificate(uow: UnitOfWork, actor: Actor, guarantee_id: int, settings: Settings) -> bytes:
    guarantee = guarantees.get_guarantee(uow, actor, guarantee_id)
    if guarantee.certificate_number is None or guarantee.certificate_issued_on is None:
        raise ConflictError(WorkflowCode.CERTIFICATE_NOT_ISSUED, {"state": guarantee.state})
    application = applications.get_application(uow, actor, guarantee.application_id)
    line = guarantee.line
    frame = line.kind == Product.FRAME.value
    receivable = f"{line.reference}（{'工事契約' if frame else '支払期日 ' + jdate_short(line.due_date)}）"
    return render_pdf(
        d.GuaranteeCertificate(
            _issuer(settings),
            _addressee(application.customer),
            guarantee.certificate_number,
            guarantee.certificate_issued_on,
            Product.label_of(guarantee.product),
            receivable,
            application.debtor.name,
            guarantee.amount,
            guarantee.effect_date or guarantee.start_date,
            guarantee.end_date,
        )
    )


def claim_decision(uow: UnitOfWork, actor: Actor, claim_id: int, settings: Settings, today: dt.date) -> bytes:
    claim = claims.get_claim(uow, actor, claim_id)
    if claim.state not in (ClaimState.APPROVED.value, ClaimState.PAID.value, ClaimState.REJECTED.value):
        raise ConflictError(ClaimCode.DECISION_NOT_READY)
    result = json.loads(claim.assessment)
    amounts = {r["id"]: r["amount"] for r in json.loads(claim.receivables)}
    lines = tuple(
        d.ClaimDecisionLine(
            line["id"],
            amounts.get(line["id"], 0),
            line["counted"],
            tuple(ClaimReason.label_of(code) for code in line["reasons"]),
        )
        for line in result["lines"]
    )
    application = applications.get_application(uow, actor, claim.guarantee.application_id)
    return render_pdf(
        d.ClaimDecision(
            _issuer(settings),
            _addressee(application.customer),
            f"C-{claim.id:06d}",
            claim.paid_on or today,
            claim.guarantee.certificate_number or "",
            Trigger.label_of(claim.trigger),
            claim.event_date,
            lines,
            claim.payable or 0,
            claim.paid_on,
        )
    )


def _net_rate(gross_rate: str, on: dt.date) -> Fraction:
    """The rate after subsidy, recomputed exactly (the stored subsidy rate is a display value)."""
    gross = parse_rate(gross_rate)
    return gross - programme().in_force(on).subsidy_rate(gross)


def purchase_notice(uow: UnitOfWork, actor: Actor, purchase_id: int, settings: Settings) -> bytes:
    from hozen.services import purchases

    purchase = purchases.get(uow, actor, purchase_id)
    if purchase.number is None or purchase.executed_on is None:
        raise ConflictError(WorkflowCode.PURCHASE_NOT_EXECUTED)
    application = applications.get_application(uow, actor, purchase.application_id)
    return render_pdf(
        d.PurchaseNotice(
            _issuer(settings),
            _addressee(application.customer),
            purchase.number,
            purchase.executed_on,
            purchase.line.reference or Product.label_of(purchase.kind),
            application.debtor.name,
            purchase.face,
            purchase.purchase_date,
            purchase.due_date,
            purchase.days,
            format_rate(_net_rate(purchase.gross_rate, purchase.purchase_date)),
            purchase.net_fee,
            purchase.transfer_fee,
        )
    )
