"""Lists that staff and customers read, filtered by what the caller may see (SPEC §13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute, selectinload
from sqlalchemy.orm.interfaces import ORMOption

from hozen.clock import calendar_today
from hozen.domain.codes import Decision, DecisionField
from hozen.domain.roles import Actor, Permission, Role
from hozen.domain.states import ApplicationState, ClaimState, Entity, GuaranteeState, InvoiceState, ReviewState
from hozen.services.common import UnitOfWork, not_found, note_decision
from hozen.store.models import (
    Application,
    Claim,
    Customer,
    Debtor,
    Guarantee,
    Invoice,
    Notification,
    NotificationRead,
    Purchase,
    ReviewLine,
    ReviewRequest,
)
from hozen.store.repositories import FieldChange, business_date, set_business_date

M = TypeVar("M")


def _visible(actor: Actor, query: Select[M], customer_column: InstrumentedAttribute[int]) -> Select[M]:
    """Staff see every row (with the portfolio permission); a customer user its own company's."""
    if actor.role is Role.CUSTOMER:
        return query.where(customer_column == actor.customer_id)
    actor.require(Permission.VIEW_PORTFOLIO)
    return query


Listed = TypeVar("Listed", ReviewRequest, Claim, Guarantee, Invoice, Purchase)


def _listed(
    uow: UnitOfWork, actor: Actor, model: type[Listed], state: str | None = None, *options: ORMOption
) -> Sequence[Listed]:
    """The rows the actor may see, oldest first, in one state when ``state`` is given."""
    query = _visible(actor, select(model).options(*options).order_by(model.id), model.customer_id)
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
    """Staff see every request; a customer user its own company's. The lines and their debtors are
    loaded with them in two more queries, not one per request listed (the listing presents them)."""
    lines = selectinload(ReviewRequest.lines).selectinload(ReviewLine.debtor)
    return _listed(uow, actor, ReviewRequest, state, lines)


def claims(uow: UnitOfWork, actor: Actor) -> Sequence[Claim]:
    """Staff see every claim; a customer user its own company's."""
    return _listed(uow, actor, Claim)


@dataclass(frozen=True, slots=True)
class NotificationEntry:
    """A notification as one user sees it: read or not by that user."""

    notification: Notification
    read: bool


NOTIFICATION_PAGE = 200


def _visible_notifications(actor: Actor) -> Select[Notification]:
    """Staff see every notification; a customer user the customer notices of its own company."""
    query = select(Notification)
    if actor.role is Role.CUSTOMER:
        return query.where(Notification.customer_id == actor.customer_id, Notification.audience == "customer")
    actor.require(Permission.VIEW_PORTFOLIO)
    return query


def notifications(
    uow: UnitOfWork, actor: Actor, *, open_only: bool = True, unread_only: bool = False
) -> list[NotificationEntry]:
    """The notification centre: newest first, each marked read or unread for this user."""
    read = (
        select(NotificationRead.notification_id)
        .where(NotificationRead.user_id == actor.user_id, NotificationRead.notification_id == Notification.id)
        .exists()
    )
    query = _visible_notifications(actor).add_columns(read).order_by(Notification.id.desc()).limit(NOTIFICATION_PAGE)
    if open_only:
        query = query.where(Notification.resolved_at.is_(None))
    if unread_only:
        query = query.where(~read)
    return [NotificationEntry(notification, bool(is_read)) for notification, is_read in uow.session.execute(query)]


def mark_read(uow: UnitOfWork, actor: Actor, notification_id: int) -> NotificationEntry:
    """Mark a notification read for this user (again: nothing changes). Another company's is 404."""
    query = _visible_notifications(actor).where(Notification.id == notification_id)
    notification = uow.session.scalars(query).first()
    if notification is None:
        raise not_found(Entity.NOTIFICATION, notification_id)
    if uow.session.get(NotificationRead, (notification.id, actor.user_id)) is None:
        uow.session.add(
            NotificationRead(notification_id=notification.id, user_id=actor.user_id, read_at=uow.clock.now())
        )
    uow.commit()
    return NotificationEntry(notification, read=True)


def today(uow: UnitOfWork, calendar_today: dt.date) -> dt.date:
    """The business date ("as of") when one is set, otherwise the calendar date."""
    return business_date(uow.session, calendar_today)


def set_today(uow: UnitOfWork, actor: Actor, day: dt.date) -> dt.date:
    """Move the business date (tests and demonstrations): administrators only."""
    actor.require(Permission.MANAGE_USERS)
    before = business_date(uow.session, calendar_today(uow.clock))
    set_business_date(uow.session, day)
    change = FieldChange(DecisionField.BUSINESS_DATE, before, day)
    note_decision(
        uow.session, Entity.BUSINESS_DATE, 1, Decision.BUSINESS_DATE_CHANGED, [change], actor=actor, today=day
    )
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
