"""A small world for workflow tests: staff, a customer company with its user, a debtor."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from hozen.contract.reviews import ReceivableLineInput
from hozen.domain.identifiers import corporate_check_digit
from hozen.domain.roles import Actor, Role
from hozen.store.db import Database
from hozen.store.models import Customer, Debtor, PublicWorksOrder, User

TODAY = dt.date(2026, 11, 20)  # a Friday; 11/23 is a holiday
_numbers = itertools.count(100_000_000_001)


def corporate_number() -> str:
    base = f"{next(_numbers):012d}"
    return f"{corporate_check_digit(base)}{base}"


@dataclass
class World:
    db: Database
    underwriter: Actor
    approver: Actor
    senior: Actor
    operations: Actor
    admin: Actor
    customer_user: Actor
    customer_id: int
    debtor_id: int
    debtor_number: str


def make_user(db: Database, role: Role, customer_id: int | None = None) -> Actor:
    with db.unit_of_work() as uow:
        user = User(
            login=f"{role.value}-{next(_numbers)}",
            display_name=role.value,
            password_hash="not-used",
            role=role.value,
            customer_id=customer_id,
        )
        uow.session.add(user)
        uow.commit()
        return Actor(user.id, role, customer_id)


def add_debtor(db: Database, *, net_assets: int = 300_000_000, name: str = "株式会社乙建設") -> tuple[int, str]:
    number = corporate_number()
    with db.unit_of_work() as uow:
        debtor = Debtor(
            name=name,
            corporate_number=number,
            net_assets=net_assets,
            review_base_date=dt.date(2026, 3, 31),
            public_works_orders=[PublicWorksOrder(ordered_on=dt.date(2026, 6, 1))],
        )
        uow.session.add(debtor)
        uow.commit()
        return debtor.id, number


def add_customer(db: Database, name: str = "甲工業株式会社") -> int:
    with db.unit_of_work() as uow:
        customer = Customer(
            name=name,
            corporate_number=corporate_number(),
            capital=50_000_000,
            employees=40,
            direct=True,
            registered_on=dt.date(2026, 4, 1),
        )
        uow.session.add(customer)
        uow.commit()
        return customer.id


def build(db: Database, *, net_assets: int = 300_000_000) -> World:
    customer_id = add_customer(db)
    debtor_id, number = add_debtor(db, net_assets=net_assets)
    return World(
        db=db,
        underwriter=make_user(db, Role.UNDERWRITER),
        approver=make_user(db, Role.APPROVER),
        senior=make_user(db, Role.SENIOR_APPROVER),
        operations=make_user(db, Role.OPERATIONS),
        admin=make_user(db, Role.ADMIN),
        customer_user=make_user(db, Role.CUSTOMER, customer_id),
        customer_id=customer_id,
        debtor_id=debtor_id,
        debtor_number=number,
    )


def note_line(
    debtor_number: str, amount: int = 2_000_000, due: dt.date = dt.date(2027, 2, 26), reference: str = ""
) -> ReceivableLineInput:
    """A note line; each gets its own note number unless one is given (the same number twice is a duplicate)."""
    return ReceivableLineInput(
        kind="note",  # type: ignore[arg-type]
        debtor_corporate_number=debtor_number,
        reference=reference or f"A-{next(_numbers)}",
        amount=amount,
        issue_date=dt.date(2026, 11, 2),
        due_date=due,
    )
