"""Non-recourse purchases of notes and e-receivables (買取, SPEC §2.4, §8.4).

A purchase request is reviewed like a guarantee request; the application reserves the face value
against the limits and fixes the purchase date (the policy's lead time after the application: 4
business days for a note, 5 for an e-receivable), the fee and the subsidy. The original note (or a
completed transfer record) must arrive by the lead time before that date, else it is refused
(``PURCHASE_LEAD_TIME_TOO_SHORT``). On the purchase date the company pays face − net purchase fee −
transfer fee. At maturity it collects from the debtor — or the note is dishonoured and the loss is
the company's. Either way the exposure is released.
"""

from __future__ import annotations

import datetime as dt

from hozen.contract.reviews import PapersInput, PurchaseSettlementInput
from hozen.domain.codes import WorkflowCode
from hozen.domain.errors import ConflictError, DomainError
from hozen.domain.policy import Product
from hozen.domain.purchases import check_lead_time
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import APPLICATION, PURCHASE, ApplicationState, Entity, PurchaseState
from hozen.policies import load_policy
from hozen.services import idempotency
from hozen.services.common import UnitOfWork, get_visible, move, policy_of
from hozen.store.models import Application, Purchase
from hozen.store.repositories import release_reservation


def get(uow: UnitOfWork, actor: Actor, purchase_id: int) -> Purchase:
    return get_visible(uow.session, actor, Purchase, purchase_id, Entity.PURCHASE)


def record_papers(uow: UnitOfWork, actor: Actor, purchase_id: int, data: PapersInput, *, today: dt.date) -> Purchase:
    """The original note or the transfer record arrived, in time for the purchase date."""
    actor.require(Permission.RECORD_PAYMENT)
    purchase = get(uow, actor, purchase_id)
    if data.arrived_on > today:
        raise DomainError(WorkflowCode.ARRIVAL_IN_FUTURE)
    policy = load_policy(policy_of(uow.session, purchase.application_id))
    check_lead_time(data.arrived_on, purchase.purchase_date, policy, Product(purchase.kind))
    move(
        uow.session,
        purchase,
        PURCHASE,
        PurchaseState.PAPERS_RECEIVED,
        actor=actor,
        today=today,
        reason="papers received",
    )
    purchase.papers_received_on = data.arrived_on
    uow.commit()
    return purchase


def execute(
    uow: UnitOfWork, actor: Actor, purchase_id: int, *, today: dt.date, idempotency_key: str | None = None
) -> Purchase:
    """Buy on the purchase date: the proceeds go to the customer; the note is the company's."""
    actor.require(Permission.RECORD_PAYMENT)
    request = {"purchase_id": purchase_id}
    command, earlier = idempotency.begin(uow, "purchase_execution", idempotency.STAFF, idempotency_key, request)
    purchase = get(uow, actor, purchase_id)
    if earlier is not None:
        return purchase
    if today < purchase.purchase_date:
        raise ConflictError(WorkflowCode.BEFORE_PURCHASE_DATE, {"purchase_date": purchase.purchase_date.isoformat()})
    move(
        uow.session,
        purchase,
        PURCHASE,
        PurchaseState.EXECUTED,
        actor=actor,
        today=today,
        reason=f"proceeds ¥{purchase.proceeds:,} paid",
    )
    purchase.executed_on = today
    purchase.number = f"P-{today.year}-{purchase.id:06d}"
    application = uow.session.get(Application, purchase.application_id)
    assert application is not None
    if application.state == ApplicationState.RESERVED.value:  # money has moved: the application is done
        move(
            uow.session,
            application,
            APPLICATION,
            ApplicationState.PAID,
            actor=actor,
            today=today,
            reason="purchase executed",
        )
    idempotency.finish(uow, command, [purchase.id])
    uow.commit()
    return purchase


def settle(
    uow: UnitOfWork, actor: Actor, purchase_id: int, data: PurchaseSettlementInput, *, today: dt.date
) -> Purchase:
    """At maturity: collected from the debtor, or dishonoured (the company's loss, no recourse)."""
    actor.require(Permission.RECORD_PAYMENT)
    purchase = get(uow, actor, purchase_id)
    if data.on < purchase.due_date or data.on > today:
        raise DomainError(WorkflowCode.INVALID_SETTLEMENT_DATE)
    target = PurchaseState.COLLECTED if data.outcome == "collected" else PurchaseState.DISHONOURED
    reason = "collected from the debtor" if target is PurchaseState.COLLECTED else "dishonoured: loss without recourse"
    move(uow.session, purchase, PURCHASE, target, actor=actor, today=today, reason=reason)
    purchase.settled_on = data.on
    release_reservation(uow.session, uow.clock.now(), purchase_id=purchase.id)
    uow.commit()
    return purchase
