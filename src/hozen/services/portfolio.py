"""Lists that staff and customers read, filtered by what the caller may see (SPEC §13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select

from hozen.domain.roles import Actor, Permission, Role
from hozen.services.common import UnitOfWork
from hozen.store.models import Claim, Customer, Debtor, Notification, ReviewRequest
from hozen.store.repositories import business_date, set_business_date


def customers(uow: UnitOfWork, actor: Actor) -> Sequence[Customer]:
    actor.require(Permission.VIEW_PORTFOLIO)
    return uow.session.scalars(select(Customer).order_by(Customer.id)).all()


def debtors(uow: UnitOfWork, actor: Actor) -> Sequence[Debtor]:
    actor.require(Permission.VIEW_PORTFOLIO)
    return uow.session.scalars(select(Debtor).order_by(Debtor.id)).all()


def review_requests(uow: UnitOfWork, actor: Actor, state: str | None = None) -> Sequence[ReviewRequest]:
    """Staff see every request; a customer user its own company's."""
    query = select(ReviewRequest).order_by(ReviewRequest.id)
    if actor.role is Role.CUSTOMER:
        query = query.where(ReviewRequest.customer_id == actor.customer_id)
    else:
        actor.require(Permission.VIEW_PORTFOLIO)
    if state:
        query = query.where(ReviewRequest.state == state)
    return uow.session.scalars(query).all()


def claims(uow: UnitOfWork, actor: Actor) -> Sequence[Claim]:
    """Staff see every claim; a customer user its own company's."""
    query = select(Claim).order_by(Claim.id)
    if actor.role is Role.CUSTOMER:
        query = query.where(Claim.customer_id == actor.customer_id)
    else:
        actor.require(Permission.VIEW_PORTFOLIO)
    return uow.session.scalars(query).all()


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
