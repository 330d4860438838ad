"""The subsidy ledger and the subsidy claim for a period (SPEC §11).

The subsidy of a guarantee is fixed when it is priced into a reserved application (and of a frame
increase or extension when it is approved); it is booked then, and a cancellation books the same
amount negated on the day it happens. A claim for a period lists the entries booked in it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hozen.domain import subsidies as ledger
from hozen.domain.roles import Actor, Permission
from hozen.services.common import UnitOfWork
from hozen.store.models import Customer, Debtor, FrameChange, Guarantee, Purchase, SubsidyEntry
from hozen.store.repositories import new_row


def _entry(priced: Guarantee | Purchase, today: dt.date, **entry: Any) -> SubsidyEntry:
    """The subsidy of a priced guarantee, frame change or purchase, fixed when it was priced: the
    priced object's own days and subsidy unless ``entry`` names others (a frame change's)."""
    fixed = {"days": priced.days, "subsidy": priced.subsidy, **entry}
    rates = {"gross_rate": priced.gross_rate, "subsidy_rate": priced.subsidy_rate}
    parties = {"customer_id": priced.customer_id, "debtor_id": priced.debtor_id}
    return new_row(SubsidyEntry, {**parties, **rates, **fixed, "booked_on": today})


def entries(priced: Guarantee | Purchase, today: dt.date) -> list[SubsidyEntry]:
    """The entry a guarantee or purchased note books when it is reserved (none without a subsidy),
    not added to any session."""
    if not priced.subsidy:
        return []
    if isinstance(priced, Purchase):
        return [_entry(priced, today, purchase_id=priced.id, product="purchase", amount=priced.face)]
    return [_entry(priced, today, guarantee_id=priced.id, product=priced.product, amount=priced.amount)]


def book(session: Session, priced: Guarantee | Purchase, today: dt.date) -> None:
    """Book the subsidy of a guarantee or purchased note reserved now."""
    session.add_all(entries(priced, today))


def book_change(session: Session, change: FrameChange, today: dt.date) -> None:
    if change.subsidy:
        frame = change.guarantee
        booked = _entry(
            frame,
            today,
            guarantee_id=frame.id,
            frame_change_id=change.id,
            product=f"frame_{change.kind}",
            amount=change.new_limit - change.old_limit if change.kind == "increase" else change.new_limit,
            days=change.days,
            subsidy=change.subsidy,
        )
        session.add(booked)


_REVERSED_AS_BOOKED = (
    "guarantee_id",
    "frame_change_id",
    "purchase_id",
    "customer_id",
    "debtor_id",
    "product",
    "amount",
    "gross_rate",
    "subsidy_rate",
    "days",
)
"""What a reversal copies from the entry it reverses: it names the same transaction, so that it is
found (and never reversed twice) and reported against it."""


def reverse(
    session: Session, today: dt.date, *, guarantee_id: int | None = None, purchase_id: int | None = None
) -> None:
    """Book the negation of every entry of a cancelled guarantee or purchase not yet reversed."""
    holder = (
        SubsidyEntry.guarantee_id == guarantee_id
        if guarantee_id is not None
        else SubsidyEntry.purchase_id == purchase_id
    )
    entries = session.scalars(select(SubsidyEntry).where(holder)).all()
    if sum(entry.subsidy for entry in entries) == 0:
        return
    for entry in entries:
        if not entry.reversal:
            copied = {column: getattr(entry, column) for column in _REVERSED_AS_BOOKED}
            session.add(SubsidyEntry(**copied, subsidy=-entry.subsidy, booked_on=today, reversal=True))


def _provisional(entry: SubsidyEntry) -> str:
    """The reference of a transaction whose certificate or purchase number is not issued yet."""
    return f"G-{entry.guarantee_id:06d}" if entry.guarantee_id is not None else f"P-{entry.purchase_id:06d}"


def claim(uow: UnitOfWork, actor: Actor, start: dt.date, end: dt.date) -> ledger.SubsidyClaim:
    """The subsidy claim of the period: one row per ledger entry, with totals."""
    actor.require(Permission.VIEW_PORTFOLIO)
    session = uow.session
    rows = session.execute(
        select(SubsidyEntry, Guarantee.certificate_number, Purchase.number, Customer.name, Debtor.name)
        .outerjoin(Guarantee, Guarantee.id == SubsidyEntry.guarantee_id)
        .outerjoin(Purchase, Purchase.id == SubsidyEntry.purchase_id)
        .join(Customer, Customer.id == SubsidyEntry.customer_id)
        .join(Debtor, Debtor.id == SubsidyEntry.debtor_id)
        .where(SubsidyEntry.booked_on >= start, SubsidyEntry.booked_on <= end)
    ).all()
    entries = [
        ledger.SubsidyEntry(
            reference=certificate or number or _provisional(entry),
            customer=customer,
            debtor=debtor,
            product=entry.product,
            amount=entry.amount,
            gross_rate=entry.gross_rate,
            subsidy_rate=entry.subsidy_rate,
            days=entry.days,
            subsidy=entry.subsidy,
            booked_on=entry.booked_on,
            reversal=entry.reversal,
        )
        for entry, certificate, number, customer, debtor in rows
    ]
    return ledger.subsidy_claim(entries, start, end)
