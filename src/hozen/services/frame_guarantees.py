"""Frame guarantees (枠保証) and their changes, and the AR top-up (SPEC §2.1, §2.3, §8.3).

A frame is requested and reviewed like an individual guarantee: its review request carries one line
of kind ``frame`` (the contract, the limit as amount, the period end as due date) and goes through
review, four-eyes approval, application (limit reserved, frame office fee), invoice and payment.

Changes are priced when requested — an increase on the added limit from its start to the period
end, an extension on the whole limit for the added days, a decrease or abolition only its office
fee — approved by an approver (an increase reserves the added limit atomically then), invoiced, and
take effect when paid (a decrease or abolition: when approved). Live cover is never cut
retroactively, so a decrease or abolition keeps the frame's reservation until its period ends.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from hozen.contract.reviews import FrameChangeInput, FrameRequestInput, ReceivableLineInput
from hozen.domain.calendar import ONE_DAY
from hozen.domain.codes import CompanyCode, PricingCode, WorkflowCode
from hozen.domain.errors import ConflictError, DomainError
from hozen.domain.guarantees import check_four_eyes, effect_date, invoice_due_date, start_date
from hozen.domain.money import parse_rate
from hozen.domain.policy import FrameChange as ChangeKind
from hozen.domain.policy import Product
from hozen.domain.pricing import PricingTerms, QuoteRequest, ar_top_up_amount, price
from hozen.domain.roles import Actor, Permission, Role
from hozen.domain.states import FRAME_CHANGE, INVOICE, REVIEW, Entity, FrameChangeState, GuaranteeState, InvoiceState
from hozen.policies import load_policy, programme
from hozen.services import reservations, subsidies
from hozen.services.common import (
    UnitOfWork,
    get_or_404,
    get_visible,
    move,
    note_policy_choice,
    policy_of,
    record_creation,
)
from hozen.services.eligibility_facts import line_findings
from hozen.services.reviews import submit_review_request
from hozen.store.models import Customer, Debtor, FrameChange, Guarantee, Invoice, Reservation, ReviewLine, ReviewRequest
from hozen.store.repositories import lock_limit_rows

FRAME = Product.FRAME.value


def submit_frame_request(
    uow: UnitOfWork, actor: Actor, data: FrameRequestInput, *, today: dt.date, policy_name: str
) -> ReviewRequest:
    """A review request for a frame over one signed construction contract."""
    actor.require(Permission.SUBMIT_REVIEW)
    actor.require_customer(data.customer_id)
    session = uow.session
    customer = get_or_404(session, Customer, data.customer_id, Entity.CUSTOMER)
    policy = load_policy(policy_name)
    if Product.FRAME not in policy.products:
        raise DomainError(PricingCode.PRODUCT_NOT_OFFERED, {"policy": policy.name, "product": Product.FRAME})
    debtor = session.scalars(select(Debtor).where(Debtor.corporate_number == data.debtor_corporate_number)).first()
    if debtor is None:
        raise DomainError(CompanyCode.UNKNOWN_DEBTOR, {"corporate_numbers": [data.debtor_corporate_number]})
    earliest = start_date(today, policy)
    if data.period_end <= earliest:
        raise DomainError(WorkflowCode.PERIOD_TOO_SHORT, {"earliest": earliest.isoformat()})
    line = ReviewLine(
        debtor=debtor,
        kind=FRAME,
        reference=data.contract,
        amount=data.limit,
        issue_date=data.contract_date,
        due_date=data.period_end,
    )
    line.eligibility = json.dumps(line_findings(customer, debtor, line, policy, earliest, today))
    review = ReviewRequest(
        customer=customer,
        product=FRAME,
        policy=policy_name,
        state="submitted",
        requested_on=today,
        submitted_by=actor.user_id,
        lines=[line],
    )
    session.add(review)
    record_creation(session, REVIEW.entity, review, actor=actor, today=today, reason="frame guarantee requested")
    note_policy_choice(session, review, actor=actor, today=today)
    uow.commit()
    return review


def submit_top_up(
    uow: UnitOfWork, actor: Actor, guarantee_id: int, notified_amount: int, *, today: dt.date, policy_name: str
) -> ReviewRequest:
    """売掛金保証②: the payment notice states more than the 80 % already guaranteed; the difference is
    requested as a new line over the same receivable, from its own start to the same payment date."""
    guarantee = get_visible(uow.session, actor, Guarantee, guarantee_id, Entity.GUARANTEE)
    if guarantee.product != Product.AR.value or guarantee.state not in (
        GuaranteeState.ACTIVE.value,
        GuaranteeState.AWAITING_START.value,
    ):
        raise ConflictError(WorkflowCode.TOP_UP_NOT_POSSIBLE, {"product": guarantee.product, "state": guarantee.state})
    difference = ar_top_up_amount(guarantee.amount, notified_amount)
    original = guarantee.line
    line = ReceivableLineInput(
        kind="ar",
        debtor_corporate_number=original.debtor.corporate_number,
        reference=f"追加保証 {original.reference}".strip()[:100],
        amount=difference,
        issue_date=original.issue_date,
        due_date=original.due_date,
        notified=True,
    )
    return submit_review_request(uow, actor, guarantee.customer_id, [line], today=today, policy_name=policy_name)


def _frame(session: Session, actor: Actor, guarantee_id: int) -> Guarantee:
    guarantee = get_visible(session, actor, Guarantee, guarantee_id, Entity.GUARANTEE)  # before anything is said
    if guarantee.product != FRAME:
        raise ConflictError(WorkflowCode.NOT_A_FRAME)
    return guarantee


def request_frame_change(
    uow: UnitOfWork, actor: Actor, guarantee_id: int, data: FrameChangeInput, *, today: dt.date
) -> FrameChange:
    """Price a change of a live frame; it waits for an approver."""
    actor.require(Permission.SUBMIT_REVIEW)
    session = uow.session
    frame = _frame(session, actor, guarantee_id)
    if frame.state != GuaranteeState.ACTIVE.value:
        raise ConflictError(WorkflowCode.FRAME_NOT_ACTIVE, {"state": frame.state})
    policy = load_policy(policy_of(session, frame.application_id))
    kind = ChangeKind(data.kind)
    begins = max(start_date(today, policy), frame.start_date)
    new_limit, new_end = frame.amount, frame.end_date
    if kind is ChangeKind.INCREASE or kind is ChangeKind.DECREASE:
        if data.new_limit is None:
            raise DomainError(WorkflowCode.NEW_LIMIT_REQUIRED)
        growing = data.new_limit > frame.amount
        if growing != (kind is ChangeKind.INCREASE) or data.new_limit == frame.amount:
            raise DomainError(WorkflowCode.LIMIT_CHANGE_DIRECTION, {"current_limit": frame.amount})
        new_limit = data.new_limit
    if kind is ChangeKind.EXTENSION:
        if data.new_end is None or data.new_end <= frame.end_date:
            raise DomainError(WorkflowCode.NEW_END_REQUIRED, {"current_end": frame.end_date.isoformat()})
        new_end = data.new_end
    if begins > frame.end_date:
        raise ConflictError(WorkflowCode.FRAME_ENDING)
    priced_from, priced_to, amount = {
        ChangeKind.INCREASE: (begins, frame.end_date, new_limit - frame.amount),
        ChangeKind.EXTENSION: (frame.end_date + ONE_DAY, new_end, frame.amount),
    }.get(kind, (begins, begins, frame.amount))
    quote = price(
        QuoteRequest(Product.FRAME, amount, parse_rate(frame.gross_rate), priced_from, priced_to, frame_change=kind),
        policy,
        programme(),
        PricingTerms.of(policy),
    )
    change = FrameChange(
        guarantee_id=frame.id,
        kind=kind.value,
        state=FrameChangeState.REQUESTED.value,
        requested_on=today,
        requested_by=actor.user_id,
        old_limit=frame.amount,
        new_limit=new_limit,
        old_end=frame.end_date,
        new_end=new_end,
        priced_from=priced_from,
        priced_to=priced_to,
        days=quote.days if kind.is_priced else 0,
        gross_fee=quote.gross_fee,
        subsidy=quote.subsidy,
        net_fee=quote.net_fee,
        office_fee=quote.office_fee,
    )
    session.add(change)
    record_creation(session, FRAME_CHANGE.entity, change, actor=actor, today=today, reason=kind.value)
    uow.commit()
    return change


def approve_frame_change(uow: UnitOfWork, actor: Actor, change_id: int, *, today: dt.date) -> FrameChange:
    """Four eyes; an increase reserves its added limit now (refused when it would breach a limit)."""
    actor.require(Permission.APPROVE)
    session = uow.session
    change = get_or_404(session, FrameChange, change_id, Entity.FRAME_CHANGE)
    frame = change.guarantee
    [debtor], customer = lock_limit_rows(session, [frame.debtor_id], frame.customer_id)
    session.refresh(change)
    policy = load_policy(policy_of(session, frame.application_id))
    check_four_eyes(
        underwriter_id=change.requested_by or 0,
        approver_id=actor.user_id,
        approver_is_senior=actor.role is Role.SENIOR_APPROVER,
        total_amount=change.new_limit,
        policy=policy,
    )
    move(session, change, FRAME_CHANGE, FrameChangeState.APPROVED, actor=actor, today=today)
    change.approved_by = actor.user_id
    if change.kind == ChangeKind.INCREASE.value:
        added = change.new_limit - change.old_limit
        breaches = reservations.headroom(session, debtor, customer, policy, today).breaches(added)
        if breaches:
            raise ConflictError(WorkflowCode.LIMIT_EXCEEDED, {"reasons": list(breaches)})
        reservation = session.scalars(select(Reservation).where(Reservation.guarantee_id == frame.id)).one()
        reservation.amount += added
    session.flush()
    invoice = Invoice(
        number=f"INV-{today.year}-F{change.id:05d}",
        frame_change_id=change.id,
        customer_id=frame.customer_id,
        amount=change.net_fee + change.office_fee,
        issued_on=today,
        due_date=max(invoice_due_date(change.priced_from), today),
        state=InvoiceState.OPEN.value,
    )
    session.add(invoice)
    record_creation(session, Entity.INVOICE, invoice, actor=actor, today=today, reason="invoice issued")
    if ChangeKind(change.kind).is_priced:
        subsidies.book_change(session, change, today)
    else:
        _take_effect(session, change, actor, today, today)
    uow.commit()
    return change


def get_frame_change(uow: UnitOfWork, actor: Actor, change_id: int) -> FrameChange:
    change = get_or_404(uow.session, FrameChange, change_id, Entity.FRAME_CHANGE)
    actor.require_customer(change.guarantee.customer_id)
    return change


def reject_frame_change(uow: UnitOfWork, actor: Actor, change_id: int, reason: str, *, today: dt.date) -> FrameChange:
    actor.require(Permission.APPROVE)
    change = get_or_404(uow.session, FrameChange, change_id, Entity.FRAME_CHANGE)
    move(uow.session, change, FRAME_CHANGE, FrameChangeState.REJECTED, actor=actor, today=today, reason=reason)
    uow.commit()
    return change


def _take_effect(
    session: Session, change: FrameChange, actor: Actor | None, today: dt.date, effective: dt.date
) -> None:
    frame = change.guarantee
    move(session, change, FRAME_CHANGE, FrameChangeState.EFFECTIVE, actor=actor, today=today)
    change.effective_from = effective
    if change.kind in (ChangeKind.INCREASE.value, ChangeKind.EXTENSION.value):
        frame.amount, frame.end_date = change.new_limit, change.new_end


def frame_change_paid(session: Session, invoice: Invoice, actor: Actor, received_on: dt.date, today: dt.date) -> None:
    """Called when a frame change's invoice is paid: an increase or extension takes effect."""
    change = session.get(FrameChange, invoice.frame_change_id)
    assert change is not None
    move(session, invoice, INVOICE, InvoiceState.PAID, actor=actor, today=today, reason="fee received")
    if change.state == FrameChangeState.APPROVED.value:
        _take_effect(session, change, actor, today, effect_date(change.priced_from, received_on))
