"""The queries and the lock of the 全銀 transfer exports (SPEC §16).

Outgoing payments are not a table of their own: a purchase's proceeds are paid on its execution
date, a discount's on its discount date, a claim's payout on its paid date (a claim set off against a
discounted note moves no cash). :func:`due_payments` gathers those of one day that no export holds yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, CompoundSelect, and_, literal, select, text, union_all
from sqlalchemy.orm import InstrumentedAttribute, Session

from hozen.domain.codes import TransferKind
from hozen.domain.states import ClaimState
from hozen.store.models import BankAccount, Claim, Customer, Discount, Purchase, TransferLine

EXPORT_LOCK = 0x7A656E67696E  # the advisory lock that serialises exports on PostgreSQL ("zengin")


class DuePayment(NamedTuple):
    kind: TransferKind
    payment_id: int
    reference: str
    customer_id: int
    customer_name: str
    amount: int
    account: BankAccount | None


def lock_exports(session: Session) -> None:
    """One export at a time. PostgreSQL: a transaction-level advisory lock, taken before the due
    payments are read, so a second export waits and then sees the first one's lines (and exports only
    what is left). SQLite: the write unit of work already holds the database's write lock. The unique
    (kind, payment) of ``transfer_lines`` stays as the last guard either way."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": EXPORT_LOCK})


def _unexported(kind: TransferKind, payment_id: InstrumentedAttribute[int]) -> ColumnElement[bool]:
    taken = select(TransferLine.id).where(TransferLine.kind == kind.value, TransferLine.payment_id == payment_id)
    return ~taken.exists()


def _payments(day: dt.date) -> CompoundSelect[Any]:
    purchases = select(
        literal(TransferKind.PURCHASE.value).label("kind"),
        Purchase.id.label("payment_id"),
        Purchase.customer_id.label("customer_id"),
        Purchase.proceeds.label("amount"),
    ).where(Purchase.executed_on == day, _unexported(TransferKind.PURCHASE, Purchase.id))
    discounts = select(
        literal(TransferKind.DISCOUNT.value),
        Discount.id,
        Discount.customer_id,
        Discount.proceeds,
    ).where(Discount.discount_date == day, _unexported(TransferKind.DISCOUNT, Discount.id))
    claims = select(
        literal(TransferKind.CLAIM.value),
        Claim.id,
        Claim.customer_id,
        Claim.paid_amount,
    ).where(
        and_(Claim.paid_on == day, Claim.state == ClaimState.PAID.value, Claim.paid_amount > 0),
        _unexported(TransferKind.CLAIM, Claim.id),
    )
    return union_all(purchases, discounts, claims)


def due_payments(session: Session, day: dt.date) -> list[DuePayment]:
    """The day's outgoing payments that no export holds, by kind, then by id."""
    payments = _payments(day).subquery()
    rows = session.execute(
        select(payments, Customer.name, BankAccount)
        .join(Customer, Customer.id == payments.c.customer_id)
        .outerjoin(BankAccount, BankAccount.customer_id == payments.c.customer_id)
    ).all()
    order = list(TransferKind)
    found = [
        DuePayment(
            kind=TransferKind(row.kind),
            payment_id=row.payment_id,
            reference=reference(TransferKind(row.kind), row.payment_id, day),
            customer_id=row.customer_id,
            customer_name=row.name,
            amount=int(row.amount),
            account=row.BankAccount,
        )
        for row in rows
    ]
    return sorted(found, key=lambda p: (order.index(p.kind), p.payment_id))


def reference(kind: TransferKind, payment_id: int, day: dt.date) -> str:
    """How people name the payment elsewhere: the purchase number, the journal's D- and C- references."""
    if kind is TransferKind.PURCHASE:
        return f"P-{day.year}-{payment_id:06d}"
    return f"{'D' if kind is TransferKind.DISCOUNT else 'C'}-{payment_id:06d}"
