"""Limits never overshoot: many applications reserved at the same moment (SPEC §5).

32 threads apply at once against one debtor whose limit fits only some of them. On PostgreSQL the
limit rows are locked FOR UPDATE (debtor, then customer); on SQLite the write lock is taken first.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select

from hozen.services import applications
from hozen.store.db import Database
from hozen.store.models import Application, Guarantee, Reservation
from hozen.store.repositories import debtor_exposure
from tests.integration.scenario import TODAY, build
from tests.integration.test_workflow import approved_review, line_ids
from tests.support import at_once

THREADS = 32
EACH = 1_000_000
NET_ASSETS = 10_500_000  # the debtor's limit: room for exactly 10 applications of ¥1,000,000


def test_thirty_two_applications_at_once(database: Database) -> None:
    world = build(database, net_assets=NET_ASSETS)
    reviews = [approved_review(world, [EACH]) for _ in range(THREADS)]
    lines = {review_id: line_ids(database, review_id) for review_id in reviews}

    def apply(review_id: int) -> None:
        with database.unit_of_work() as uow:
            applications.apply(uow, world.customer_user, review_id, lines[review_id], today=TODAY)

    errors = at_once(apply, reviews)
    assert errors == []

    with database.unit_of_work(write=False) as uow:
        session = uow.session
        states = list(session.scalars(select(Application.state)))
        assert len(states) == THREADS  # none lost
        assert states.count("reserved") == NET_ASSETS // EACH
        assert states.count("held") == THREADS - NET_ASSETS // EACH
        held_reasons = set(session.scalars(select(Application.hold_reasons).where(Application.state == "held")))
        assert held_reasons == {"DEBTOR_LIMIT_EXCEEDED"}
        assert debtor_exposure(session, world.debtor_id) == (NET_ASSETS // EACH) * EACH <= NET_ASSETS
        # one guarantee per application line, one reservation per reserved guarantee: nothing doubled
        assert session.scalar(select(func.count()).select_from(Guarantee)) == THREADS
        assert session.scalar(select(func.count()).select_from(Reservation)) == NET_ASSETS // EACH


def test_the_same_review_applied_for_twice_at_once_is_taken_up_once(database: Database) -> None:
    """Applying claims the review first (approved → applied): of eight applications for one review at
    the same moment, one is written and the others are refused as not approved — none doubles the
    exposure and none fails with anything else."""
    world = build(database, net_assets=NET_ASSETS)
    review_id = approved_review(world, [EACH, 2 * EACH])
    chosen = line_ids(database, review_id)

    def apply(_: int) -> None:
        with database.unit_of_work() as uow:
            applications.apply(uow, world.customer_user, review_id, chosen, today=TODAY)

    errors = at_once(apply, range(8))

    assert len(errors) == 7
    assert {getattr(error, "code", repr(error)) for error in errors} == {"REVIEW_NOT_APPROVED"}
    with database.unit_of_work(write=False) as uow:
        session = uow.session
        assert session.scalar(select(func.count()).select_from(Application)) == 1
        assert session.scalar(select(func.count()).select_from(Guarantee)) == 2
        assert debtor_exposure(session, world.debtor_id) == 3 * EACH


def test_a_retry_sent_while_the_first_is_running_answers_with_the_first_result(database: Database) -> None:
    """Eight sends of one application with the same idempotency key at the same moment (a client retrying
    before its first answer came): all answer with the one application written, none is refused."""
    world = build(database, net_assets=NET_ASSETS)
    review_id = approved_review(world, [EACH, 2 * EACH])
    chosen = line_ids(database, review_id)
    answers: list[list[int]] = []

    def apply(_: int) -> None:
        with database.unit_of_work() as uow:
            written = applications.apply(
                uow, world.customer_user, review_id, chosen, today=TODAY, idempotency_key="apply-retry-0001"
            )
            answers.append([application.id for application in written])

    assert at_once(apply, range(8)) == []
    assert len(answers) == 8 and len({tuple(answer) for answer in answers}) == 1
    with database.unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Application)) == 1
        assert debtor_exposure(uow.session, world.debtor_id) == 3 * EACH


def test_under_the_limit_lock_only_the_sums_the_reservations_and_the_commit(database: Database) -> None:
    """Applications on one debtor wait for each other only while the limit rows are locked: from the
    lock to the commit a reserved application runs the two locks, one query for the reserved sums, the
    reservations' insert and the commit with the history chain's seal — nothing else, no lazy load."""
    if database.is_sqlite:
        pytest.skip("SQLite's write lock is taken when the unit of work begins: there is no row lock")
    world = build(database, net_assets=NET_ASSETS)
    review_id = approved_review(world, [EACH, 2 * EACH])
    chosen = line_ids(database, review_id)
    statements: list[str] = []

    def note(_connection: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        with database.unit_of_work() as uow:
            [application] = applications.apply(uow, world.customer_user, review_id, chosen, today=TODAY)
    finally:
        event.remove(database.engine, "before_cursor_execute", note)

    assert application.state == "reserved"
    locked = next(n for n, statement in enumerate(statements) if "FOR NO KEY UPDATE" in statement)
    touched = [_table_of(statement) for statement in statements[locked:]]
    assert touched == [
        ("SELECT", "debtors"),  # the debtor's row, locked
        ("SELECT", "customers"),  # then the customer's
        ("SELECT", "reservations"),  # both reserved sums, one query
        ("INSERT", "reservations"),  # both guarantees' reservations, one statement
        ("SELECT", "history_chain_head"),  # the seal: the chain head locked (and ids for the history rows),
        ("INSERT", "state_history"),  # every history row of the transaction, hashed, with the head moved on
    ]


def _table_of(statement: str) -> tuple[str, str]:
    statement = re.split(r"\)\s+(?=INSERT |UPDATE |DELETE )", statement, maxsplit=1)[-1]  # after a WITH … AS (…)
    verb = statement.split()[0]
    table = statement.split(" FROM ")[-1] if verb == "SELECT" else statement.split()[2 if verb != "UPDATE" else 1]
    return verb, table.split()[0].split(".")[0]
