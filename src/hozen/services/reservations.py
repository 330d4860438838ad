"""Limit reservations (SPEC §5): the headroom left, reserving an application's exposure, and
cancelling it. One module owns how exposure is taken and given back.

Whoever reserves first locks the limit rows through :func:`hozen.store.repositories.lock_limit_rows`
(the debtors by id, then the customer: one order everywhere, so two reservations never deadlock),
then asks :func:`headroom`, then calls :func:`reserve` in the same transaction. Releasing a single
guarantee's or note's exposure when it ends is :func:`hozen.store.repositories.release_reservation`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from hozen.domain.limits import Headroom, creditor_limit, debtor_limit
from hozen.domain.policy import Policy, Product
from hozen.domain.roles import Actor
from hozen.domain.states import GUARANTEE, GuaranteeState, PurchaseState
from hozen.domain.states import PURCHASE as PURCHASE_TABLE
from hozen.policies import programme
from hozen.services import subsidies
from hozen.services.common import move
from hozen.store.models import Application, Customer, Debtor, Guarantee, Purchase, Reservation
from hozen.store.repositories import RESERVED, customer_exposure, debtor_exposure, new_row, release_reservation


def headroom(session: Session, debtor: Debtor, customer: Customer, policy: Policy, today: dt.date) -> Headroom:
    rules = programme().in_force(today)
    return Headroom(
        debtor_exposure=debtor_exposure(session, debtor.id),
        debtor_limit=debtor_limit(rules, policy, debtor.net_assets, debtor.own_limit),
        creditor_exposure=customer_exposure(session, customer.id),
        creditor_limit=creditor_limit(rules, policy, customer.own_limit),
    )


def breaches(session: Session, application: Application, policy: Policy, today: dt.date) -> tuple[str, ...]:
    """The limits (reason codes) that reserving ``application`` now would breach; empty when it fits."""
    return headroom(session, application.debtor, application.customer, policy, today).breaches(application.amount)


def reserve(session: Session, application: Application, today: dt.date) -> None:
    """Reserve each guarantee's (or purchased note's) exposure and book its subsidy (fixed now).

    The caller holds the limit rows' locks and has checked the headroom."""
    for bought_note in application.purchases:
        subsidies.book(session, bought_note, today)
        session.add(reservation_of(bought_note))
    for guarantee in application.guarantees:
        subsidies.book(session, guarantee, today)
        session.add(reservation_of(guarantee))
    session.flush()


def reservation_of(holder: Guarantee | Purchase) -> Reservation:
    """The live reservation of a guarantee's amount or a purchased note's face."""
    return new_row(Reservation, reservation_row(holder))


def reservation_row(holder: Guarantee | Purchase) -> dict[str, Any]:
    """:func:`reservation_of` as the columns of one row, for a bulk insert: every row has the same
    columns, a guarantee's or a purchase's (one executemany may hold both)."""
    holding: dict[str, Any] = (
        {"guarantee_id": None, "purchase_id": holder.id, "product": Product.PURCHASE.value, "amount": holder.face}
        if isinstance(holder, Purchase)
        else {"guarantee_id": holder.id, "purchase_id": None, "product": holder.product, "amount": holder.amount}
    )
    return {"debtor_id": holder.debtor_id, "customer_id": holder.customer_id, "state": RESERVED, **holding}


def cancel(
    session: Session, application: Application, actor: Actor | None, today: dt.date, at: dt.datetime, reason: str
) -> None:
    """The application's guarantees never take effect: cancelled, exposure released, subsidy reversed."""
    for guarantee in application.guarantees:
        move(session, guarantee, GUARANTEE, GuaranteeState.CANCELLED, actor=actor, today=today, reason=reason)
        release_reservation(session, at, guarantee.id)
        subsidies.reverse(session, today, guarantee_id=guarantee.id)
    for bought_note in application.purchases:
        move(session, bought_note, PURCHASE_TABLE, PurchaseState.CANCELLED, actor=actor, today=today, reason=reason)
        release_reservation(session, at, purchase_id=bought_note.id)
        subsidies.reverse(session, today, purchase_id=bought_note.id)
