"""Lists that staff and customers read, filtered by what the caller may see (SPEC §13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute

from hozen.domain.roles import Actor, Permission, Role
from hozen.domain.states import ApplicationState, ClaimState, GuaranteeState, InvoiceState, ReviewState
from hozen.services.common import UnitOfWork
from hozen.store.models import (
    Application,
    Claim,
    Customer,
    Debtor,
    Guarantee,
    Invoice,
    Notification,
    Purchase,
    ReviewRequest,
)
from hozen.store.repositories import business_date, set_business_date

M = TypeVar("M")


def _visible(actor: Actor, query: Select[M], customer_column: InstrumentedAttribute[int]) -> Select[M]:
    """Staff see every row (with the portfolio permission); a customer user its own company's."""
    if actor.role is Role.CUSTOMER:
        return query.where(customer_column == actor.customer_id)
    actor.require(Permission.VIEW_PORTFOLIO)
    return query


Listed = TypeVar("Listed", ReviewRequest, Claim, Guarantee, Invoice, Purchase)


def _listed(uow: UnitOfWork, actor: Actor, model: type[Listed], state: str | None = None) -> Sequence[Listed]:
    """The rows the actor may see, oldest first, in one state when ``state`` is given."""
    query = _visible(actor, select(model).order_by(model.id), model.customer_id)
    if state:
        query = query.where(model.state == state)
    return uow.session.scalars(query).all()


def customers(uow: UnitOfWork, actor: Actor) -> Sequence[Customer]:
    actor.require(Permission.VIEW_PORTFOLIO)
    return uow.session.scalars(select(Customer).order_by(Customer.id)).all()


def debtors(uow: UnitOfWork, actor: Actor) -> Sequence[Debtor]:
    actor.require(Permission.VIEW_PORTFOLIO)
    return uow.session.scalars(select(Debtor).order_by(Debtor.id)).all()


def review_requests(uow: UnitOfWork, actor: Actor, state: str | None = None) -> Sequence[ReviewRequest]:
    """Staff see every request; a customer user its own company's."""
    return _listed(uow, actor, ReviewRequest, state)


def claims(uow: UnitOfWork, actor: Actor) -> Sequence[Claim]:
    """Staff see every claim; a customer user its own company's."""
    return _listed(uow, actor, Claim)


def notifications(uow: UnitOfWork, actor: Actor, *, open_only: bool = True) -> Sequence[Notification]:
    """Staff work items, or a customer's own reminders."""
    query = select(Notification).order_by(Notification.id)
    if actor.role is Role.CUSTOMER:
        query = query.where(Notification.customer_id == actor.customer_id, Notification.audience == "customer")
    else:
        actor.require(Permission.VIEW_PORTFOLIO)
    if open_only:
        query = query.where(Notification.resolved_at.is_(None))
    return uow.session.scalars(query).all()


def today(uow: UnitOfWork, calendar_today: dt.date) -> dt.date:
    """The business date ("as of") when one is set, otherwise the calendar date."""
    return business_date(uow.session, calendar_today)


def set_today(uow: UnitOfWork, actor: Actor, day: dt.date) -> dt.date:
    """Move the business date (tests and demonstrations): administrators only."""
    actor.require(Permission.MANAGE_USERS)
    set_business_date(uow.session, day)
    uow.commit()
    return day


@dataclass(frozen=True, slots=True)
class WorkQueues:
    """What staff have to do today (the console's dashboard)."""

    to_review: Sequence[ReviewRequest]
    in_review: Sequence[ReviewRequest]
    awaiting_approval: Sequence[ReviewRequest]
    held: Sequence[Application]
    open_invoices: Sequence[Invoice]
    maturing: Sequence[Guarantee]
    open_claims: Sequence[Claim]


def work_queues(uow: UnitOfWork, actor: Actor, today: dt.date) -> WorkQueues:
    actor.require(Permission.VIEW_PORTFOLIO)
    session = uow.session

    def reviews_in(state: ReviewState) -> Sequence[ReviewRequest]:
        return session.scalars(
            select(ReviewRequest).where(ReviewRequest.state == state.value).order_by(ReviewRequest.id)
        ).all()

    return WorkQueues(
        to_review=reviews_in(ReviewState.SUBMITTED),
        in_review=reviews_in(ReviewState.IN_REVIEW),
        awaiting_approval=reviews_in(ReviewState.AWAITING_APPROVAL),
        held=session.scalars(
            select(Application).where(Application.state == ApplicationState.HELD.value).order_by(Application.id)
        ).all(),
        open_invoices=session.scalars(
            select(Invoice).where(Invoice.state == InvoiceState.OPEN.value).order_by(Invoice.due_date)
        ).all(),
        maturing=session.scalars(
            select(Guarantee)
            .where(Guarantee.state == GuaranteeState.ACTIVE.value, Guarantee.end_date <= today + dt.timedelta(days=7))
            .order_by(Guarantee.end_date)
        ).all(),
        open_claims=session.scalars(
            select(Claim)
            .where(Claim.state.in_([ClaimState.FILED.value, ClaimState.ASSESSED.value, ClaimState.APPROVED.value]))
            .order_by(Claim.id)
        ).all(),
    )


def guarantees_of(uow: UnitOfWork, actor: Actor, state: str | None = None) -> Sequence[Guarantee]:
    """Staff see every guarantee; a customer user its own company's."""
    return _listed(uow, actor, Guarantee, state)


def invoices_of(uow: UnitOfWork, actor: Actor) -> Sequence[Invoice]:
    return _listed(uow, actor, Invoice)


def purchases_of(uow: UnitOfWork, actor: Actor) -> Sequence[Purchase]:
    return _listed(uow, actor, Purchase)
