"""A discounted note paid at maturity is collected (SPEC §2.5)."""

from __future__ import annotations

import datetime as dt

from hozen.contract.claims import DiscountInput
from hozen.contract.companies import DocumentInput
from hozen.domain.roles import Actor, Role
from hozen.services import discounts, guarantees, registration
from hozen.services.demo import seed
from hozen.store.db import Database

D = dt.date


def test_collected_at_maturity(database: Database) -> None:
    seed(database)
    operations = Actor(5, Role.OPERATIONS)  # 事務 三郎 in the demonstration
    for kind in ("loan_agreement", "special_terms"):
        with database.unit_of_work() as uow:
            registration.add_document(uow, operations, 1, DocumentInput(kind=kind, received_on=D(2026, 11, 19)))
    with database.unit_of_work() as uow:
        discount = discounts.execute(
            uow,
            operations,
            DiscountInput(
                guarantee_id=1,
                discount_date=D(2026, 11, 20),
                discount_rate="2.0",
                note_received_on=D(2026, 11, 20),
            ),
            today=D(2026, 11, 20),
        )
        discount_id = discount.id
    with database.unit_of_work() as uow:
        guarantees.confirm_paid(uow, operations, 1, D(2026, 12, 25), today=D(2026, 12, 26))
    with database.unit_of_work(write=False) as uow:
        settled = discounts.get(uow, operations, discount_id)
        assert (settled.state, settled.settled_on) == ("collected", D(2026, 12, 26))
