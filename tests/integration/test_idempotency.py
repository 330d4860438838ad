"""Idempotency keys (DESIGN.md): stored exactly, scoped, fingerprinted; a retry gets the first
result, the same key with another request is refused — also across concurrent requests and across
the upgrade that moved the keys into their own table."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from hozen.contract.reviews import PaymentInput
from hozen.domain.errors import ConflictError, DomainError
from hozen.services import applications, guarantees
from hozen.store import admin
from hozen.store.db import Database
from hozen.store.models import Application, Payment
from tests.integration.scenario import TODAY, World, add_customer, build, make_user
from tests.integration.test_workflow import approved_review, line_ids
from tests.support import at_once

PAID_ON = dt.date(2026, 11, 24)


def _apply(world: World, review_id: int, key: str) -> list[int]:
    with world.db.unit_of_work() as uow:
        made = applications.apply(
            uow, world.customer_user, review_id, line_ids(world.db, review_id), today=TODAY, idempotency_key=key
        )
        return [application.id for application in made]


def _invoice(world: World, application_id: int) -> tuple[int, int]:
    with world.db.unit_of_work(write=False) as uow:
        application = uow.session.get(Application, application_id)
        assert application is not None and application.invoice is not None
        return application.invoice.id, application.invoice.amount


def _pay(world: World, invoice_id: int, amount: int, key: str) -> int:
    data = PaymentInput(invoice_id=invoice_id, amount=amount, received_on=PAID_ON, idempotency_key=key)
    with world.db.unit_of_work() as uow:
        return guarantees.record_payment(uow, world.operations, data, today=PAID_ON).id


def test_a_key_made_of_wildcards_is_just_a_key(database: Database) -> None:
    """Keys are compared exactly: ``%`` and ``_`` match nothing but themselves."""
    world = build(database)
    [first] = _apply(world, approved_review(world, [2_000_000]), key="apply-%%%%%%%%")
    [second] = _apply(world, approved_review(world, [2_000_000]), key="apply-________")
    assert first != second


def test_keys_are_scoped_to_the_customer(database: Database) -> None:
    """Another company using the same key is another request, not a reuse."""
    world = build(database)
    other_customer = add_customer(database, name="丙電設株式会社")
    other = World(**{**world.__dict__, "customer_id": other_customer})
    other.customer_user = make_user(database, world.customer_user.role, other_customer)
    [mine] = _apply(world, approved_review(world, [2_000_000]), key="shared-key-0001")
    [theirs] = _apply(other, approved_review(other, [2_000_000]), key="shared-key-0001")
    assert mine != theirs


def test_a_payment_retried_is_answered_with_the_first_and_a_reused_key_is_refused(database: Database) -> None:
    world = build(database)
    [first_app] = _apply(world, approved_review(world, [2_000_000]), key="apply-first-01")
    [second_app] = _apply(world, approved_review(world, [3_000_000]), key="apply-second-1")
    invoice, amount = _invoice(world, first_app)
    other_invoice, other_amount = _invoice(world, second_app)
    paid = _pay(world, invoice, amount, "pay-key-00001")
    assert _pay(world, invoice, amount, "pay-key-00001") == paid
    with pytest.raises(ConflictError) as reused:
        _pay(world, other_invoice, other_amount, "pay-key-00001")
    assert reused.value.code == "IDEMPOTENCY_KEY_REUSED"
    with database.unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Payment)) == 1
        still_open = uow.session.get(Application, second_app)
        assert still_open is not None and still_open.state == "reserved"


def test_one_key_for_two_invoices_at_once_pays_one_and_refuses_the_other(database: Database) -> None:
    """The race the key must win: both requests arrive together; exactly one invoice is paid, and
    the other caller is told its key was used, never handed the other invoice's payment."""
    world = build(database)
    invoices = []
    for amount in (2_000_000, 3_000_000):
        [application_id] = _apply(world, approved_review(world, [amount]), key=f"apply-race-{amount}")
        invoices.append(_invoice(world, application_id))
    outcomes: dict[int, object] = {}

    def pay(invoice: tuple[int, int]) -> None:
        try:
            outcomes[invoice[0]] = _pay(world, invoice[0], invoice[1], "pay-race-0001")
        except DomainError as error:
            outcomes[invoice[0]] = error.code

    assert at_once(pay, invoices, join_timeout=60) == []
    assert sorted(map(str, outcomes.values()))[-1] == "IDEMPOTENCY_KEY_REUSED"
    [paid_invoice] = [invoice_id for invoice_id, outcome in outcomes.items() if isinstance(outcome, int)]
    with database.unit_of_work(write=False) as uow:
        [payment] = uow.session.scalars(select(Payment)).all()
        assert payment.invoice_id == paid_invoice and outcomes[paid_invoice] == payment.id


def test_keys_stored_before_the_upgrade_still_answer_retries(fresh_database_url: str) -> None:
    url = fresh_database_url
    admin.upgrade(url)
    database = Database(url)
    try:
        world = build(database)
        review_id = approved_review(world, [2_000_000])
        [application_id] = _apply(world, review_id, key="before-upgrade")
        invoice, amount = _invoice(world, application_id)
        payment_id = _pay(world, invoice, amount, "paid-before-upgrade")
        database.dispose()
        admin.downgrade(url, "0006")  # as the books were: the key on the application itself
        with database.engine.begin() as connection:
            connection.execute(
                text("UPDATE applications SET idempotency_key = :key WHERE id = :id"),
                {"key": f"before-upgrade:{world.debtor_id}:0", "id": application_id},
            )
        database.dispose()
        admin.upgrade(url)
        assert _apply(world, review_id, key="before-upgrade") == [application_id]
        assert _pay(world, invoice, amount, "paid-before-upgrade") == payment_id
        with pytest.raises(ConflictError):
            _pay(world, invoice, amount + 1, "paid-before-upgrade")
    finally:
        database.dispose()
