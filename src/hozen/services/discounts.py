"""Discounts of guaranteed notes (割引, SPEC §2.5).

Cash is advanced against a note or e-receivable the company already guarantees: proceeds = face −
discount fee, the fee = face × discount rate × days / 365 (discount date … due date, both ends),
unsubsidised, at a rate within the policy's cap. The customer needs the loan agreement and special
terms on file. At maturity the note is collected; if it is dishonoured, the company's guarantee
obligation and its claim on the customer to buy the note back are set off: no cash moves either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from hozen.contract.claims import DiscountInput
from hozen.domain import registration as reg
from hozen.domain.codes import PricingCode, WorkflowCode
from hozen.domain.errors import ConflictError, DomainError
from hozen.domain.money import days_inclusive, fee, format_rate, parse_rate
from hozen.domain.policy import Product
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import DISCOUNT, DiscountState, Entity, GuaranteeState
from hozen.policies import load_policy
from hozen.services import idempotency, registration
from hozen.services.common import UnitOfWork, get_or_404, get_visible, move, move_where, policy_of, record_creation
from hozen.store.models import Customer, Discount, Guarantee
from hozen.store.repositories import one_of

NOTES = (Product.NOTE.value, Product.ERECORD.value)


def execute(
    uow: UnitOfWork, actor: Actor, data: DiscountInput, *, today: dt.date, idempotency_key: str | None = None
) -> Discount:
    """Operations advance the proceeds once the original note (or transfer record) is in hand."""
    actor.require(Permission.RECORD_PAYMENT)
    session = uow.session
    request = data.model_dump(mode="json")
    command, earlier = idempotency.begin(uow, "discount", idempotency.STAFF, idempotency_key, request)
    if earlier is not None:
        return get_or_404(session, Discount, earlier[0], Entity.DISCOUNT)
    guarantee = get_or_404(session, Guarantee, data.guarantee_id, Entity.GUARANTEE)
    if guarantee.product not in NOTES or guarantee.state != GuaranteeState.ACTIVE.value:
        raise ConflictError(WorkflowCode.NOT_DISCOUNTABLE, {"product": guarantee.product, "state": guarantee.state})
    if session.scalar(select(Discount.id).where(Discount.guarantee_id == guarantee.id)) is not None:
        raise ConflictError(WorkflowCode.ALREADY_DISCOUNTED)
    customer = get_or_404(session, Customer, guarantee.customer_id, Entity.CUSTOMER)
    contracts = [
        item
        for item in registration.checklist(customer, [Product.DISCOUNT], today)
        if item.kind in (reg.DocumentKind.LOAN_AGREEMENT, reg.DocumentKind.SPECIAL_TERMS)
        and item.status is not reg.DocumentStatus.OK
    ]
    if contracts:
        raise ConflictError(WorkflowCode.DISCOUNT_CONTRACTS_MISSING, {"missing": [i.kind for i in contracts]})
    line = guarantee.line
    if not data.note_received_on <= data.discount_date or not today <= data.discount_date < line.due_date:
        raise DomainError(WorkflowCode.INVALID_DISCOUNT_DATE)
    policy = load_policy(policy_of(session, guarantee.application_id))
    rate = parse_rate(data.discount_rate, field="discount_rate")
    if rate > policy.discount_rate_cap:
        raise DomainError(
            PricingCode.DISCOUNT_RATE_OVER_CAP,
            {"discount_rate": format_rate(rate), "cap": format_rate(policy.discount_rate_cap)},
        )
    days = days_inclusive(data.discount_date, line.due_date)
    discount_fee = fee(line.amount, rate, days, policy.fee_rounding)
    discount = Discount(
        guarantee_id=guarantee.id,
        customer_id=guarantee.customer_id,
        face=line.amount,
        discount_date=data.discount_date,
        due_date=line.due_date,
        discount_rate=format_rate(rate),
        days=days,
        discount_fee=discount_fee,
        proceeds=line.amount - discount_fee,
        note_received_on=data.note_received_on,
        state=DiscountState.ADVANCED.value,
        executed_by=actor.user_id,
    )
    session.add(discount)
    record_creation(session, DISCOUNT.entity, discount, actor=actor, today=today, reason="proceeds advanced")
    idempotency.finish(uow, command, [discount.id])
    uow.commit()
    return discount


def of_guarantee(session: Session, guarantee_id: int) -> Discount | None:
    return session.scalars(select(Discount).where(Discount.guarantee_id == guarantee_id)).first()


def settle(
    session: Session, guarantee_id: int, target: DiscountState, actor: Actor | None, today: dt.date, reason: str
) -> Discount | None:
    """Close an advanced discount: collected at maturity, or set off against a claim."""
    discount = of_guarantee(session, guarantee_id)
    if discount is not None and discount.state == DiscountState.ADVANCED.value:
        move(session, discount, DISCOUNT, target, actor=actor, today=today, reason=reason)
        discount.settled_on = today
    return discount


def settle_all(
    session: Session,
    guarantee_ids: Sequence[int],
    target: DiscountState,
    actor: Actor | None,
    today: dt.date,
    reason: str,
) -> None:
    """:func:`settle` for many guarantees at once (the daily run's maturities), set-based."""
    for chosen in one_of(session, Discount.guarantee_id, guarantee_ids):
        move_where(
            session,
            Discount,
            DISCOUNT,
            DiscountState.ADVANCED,
            target,
            [chosen],
            actor=actor,
            today=today,
            reason=reason,
            values={"settled_on": today},
        )


def get(uow: UnitOfWork, actor: Actor, discount_id: int) -> Discount:
    return get_visible(uow.session, actor, Discount, discount_id, Entity.DISCOUNT)
