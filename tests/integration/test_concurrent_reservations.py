"""Limits never overshoot: many applications reserved at the same moment (SPEC §5).

32 threads apply at once against one debtor whose limit fits only some of them. On PostgreSQL the
limit rows are locked FOR UPDATE (debtor, then customer); on SQLite the write lock is taken first.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import event, func, select, text

from hozen.domain.errors import DomainError
from hozen.services import applications, presenters, reviews
from hozen.store import audit_chain
from hozen.store.db import Database
from hozen.store.models import (
    Application,
    Debtor,
    Guarantee,
    Invoice,
    Notification,
    Purchase,
    ReceivableKeyHold,
    Reservation,
    ReviewLine,
    StateChange,
    SubsidyEntry,
)
from hozen.store.repositories import debtor_exposure
from tests.integration.scenario import TODAY, World, build, note_line
from tests.integration.test_duplicates import two_approved_reviews_of_one_note
from tests.integration.test_frames_workflow import review_and_approve
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


def test_under_the_limit_lock_only_the_sums_and_the_commit(database: Database) -> None:
    """Applications on one debtor wait for each other only while the limit rows are locked: from the
    lock to the commit a reserved application runs one statement locking the debtor's row and then the
    customer's, one query for the reserved sums and the commit with the history chain's seal —
    nothing else (its reservations were written before the lock), no lazy load."""
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
    locking, *after = statements[locked:]
    # the one lock order: the debtor's row, then the customer's
    assert re.findall(r"FROM (\w+) WHERE .*? ORDER BY \S+ FOR NO KEY UPDATE", locking) == ["debtors", "customers"]
    assert [_table_of(statement) for statement in after] == [
        ("SELECT", "reservations"),  # both reserved sums, one query
        ("SELECT", "history_chain_head"),  # the seal: the chain head locked (and ids for the history rows),
        ("INSERT", "state_history"),  # every history row of the transaction, hashed, with the head moved on
    ]
    with database.unit_of_work(write=False) as uow:
        assert debtor_exposure(uow.session, world.debtor_id) == 3 * EACH


def _table_of(statement: str) -> tuple[str, str]:
    statement = re.split(r"\)\s+(?=INSERT |UPDATE |DELETE )", statement, maxsplit=1)[-1]  # after a WITH … AS (…)
    verb = statement.split()[0]
    table = statement.split(" FROM ")[-1] if verb == "SELECT" else statement.split()[2 if verb != "UPDATE" else 1]
    return verb, table.split()[0].split(".")[0]


def _written_together(database: Database, world: World, calls: list[int], lines: dict[int, list[int]]) -> list[str]:
    """Apply ``calls[0]`` while the debtor's row is locked by another transaction, so that it waits
    under the lock inside its group; the other calls arrive meanwhile and wait to be written together
    next. Releases the row once they all wait; the errors of the calls, by code."""
    with database.unit_of_work() as probe:
        key = (probe.session.get_bind(), TODAY)
    errors: list[str] = []

    def apply(review_id: int) -> None:
        try:
            with database.unit_of_work() as uow:
                applications.apply(uow, world.customer_user, review_id, lines[review_id], today=TODAY)
        except DomainError as error:
            errors.append(error.code)

    with database.engine.connect() as blocker:
        blocker.execute(select(Debtor.id).where(Debtor.id == world.debtor_id).with_for_update())
        first = threading.Thread(target=apply, args=(calls[0],))
        first.start()
        # the first call's group waits for the debtor's row
        _until(lambda: bool(blocker.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted"))))
        others = [threading.Thread(target=apply, args=(review_id,)) for review_id in calls[1:]]
        for thread in others:
            thread.start()
        _until(lambda: applications._TOGETHER.waiting(key) == len(others))
        blocker.rollback()
    for thread in [first, *others]:
        thread.join(timeout=120)
    return errors


def _until(condition: Callable[[], bool]) -> None:
    """Wait for ``condition``; the bound only turns a hang (calls never grouped) into a failure."""
    give_up = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < give_up, "the calls never came to wait together"
        time.sleep(0.005)


def _counting(database: Database, fragment: str) -> Callable[[], int]:
    """How many statements holding ``fragment`` the database has been sent since."""
    statements: list[str] = []

    def note(_connection: object, _cursor: object, statement: str, *_: object) -> None:
        if fragment in statement:
            statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", note)
    return lambda: len(statements)


def test_applications_arriving_while_one_is_written_are_written_together(database: Database) -> None:
    """Six applications that arrive while a seventh waits for the debtor's lock are written by one
    transaction after it — one lock of the limit rows for the six — each with its own application,
    guarantee, reservation, invoice and history row naming who applied."""
    if database.is_sqlite:
        pytest.skip("SQLite's write unit of work holds the write lock: calls are never written together")
    world = build(database, net_assets=10**12)
    reviews = [approved_review(world, [EACH]) for _ in range(7)]
    lines = {review_id: line_ids(database, review_id) for review_id in reviews}
    locks = _counting(database, "FOR NO KEY UPDATE")

    assert _written_together(database, world, reviews, lines) == []

    assert locks() == 2  # the first alone, then the six together
    with database.unit_of_work(write=False) as uow:
        session = uow.session
        written = session.execute(select(Application.id, Application.state, Application.review_request_id)).all()
        assert sorted(review for _, _, review in written) == sorted(reviews)
        assert {state for _, state, _ in written} == {"reserved"}
        assert debtor_exposure(session, world.debtor_id) == 7 * EACH
        assert session.scalar(select(func.count()).select_from(Invoice)) == 7
        history = session.execute(
            select(StateChange.entity_id, StateChange.actor_id).where(StateChange.entity == "application")
        ).all()
        assert sorted(entity_id for entity_id, _ in history) == sorted(
            application_id for application_id, _, _ in written
        )
        assert {actor_id for _, actor_id in history} == {world.customer_user.user_id}
        assert audit_chain.verify(session).broken is None


def test_the_applications_returned_are_whole_and_presented_without_a_query(database: Database) -> None:
    """What a call gets back is what was written, whole: presented after its unit of work has closed
    (its guarantees and invoice too), it reads nothing more, and it reads as the application read
    again from the database."""
    world = build(database, net_assets=10**12)
    review_id = approved_review(world, [EACH, 2 * EACH])
    with database.unit_of_work() as uow:
        lines = line_ids(database, review_id)
        [application] = applications.apply(uow, world.customer_user, review_id, lines, today=TODAY)
    statements = _counting(database, "")

    presented = presenters.application_out(application)

    assert statements() == 0
    assert len(presented.guarantees) == 2 and presented.invoice is not None
    with database.unit_of_work(write=False) as uow:
        read_again = applications.get_application(uow, world.customer_user, application.id)
        assert presented == presenters.application_out(read_again)


def test_a_group_with_a_refused_application_is_written_by_each_alone(database: Database) -> None:
    """One of the waiting calls applies for a review already applied for: the group fails as a whole,
    nothing of it is kept, and each call runs again alone — that one is refused as already applied,
    every other application is written, and the debtor's exposure counts each once."""
    if database.is_sqlite:
        pytest.skip("SQLite's write unit of work holds the write lock: calls are never written together")
    world = build(database, net_assets=10**12)
    reviews = [approved_review(world, [EACH]) for _ in range(6)]
    lines = {review_id: line_ids(database, review_id) for review_id in reviews}
    with database.unit_of_work() as uow:
        applications.apply(uow, world.customer_user, reviews[-1], lines[reviews[-1]], today=TODAY)
    locks, claims = _counting(database, "FOR NO KEY UPDATE"), _counting(database, "UPDATE review_requests")

    errors = _written_together(database, world, reviews, lines)

    assert errors == ["REVIEW_NOT_APPROVED"]
    assert claims() == 7  # the first alone; the five together (one claim, which failed); each of the five alone
    assert locks() == 5  # the first alone; the group failed at its claim, before the lock; four alone
    with database.unit_of_work(write=False) as uow:
        session = uow.session
        assert sorted(session.scalars(select(Application.review_request_id))) == sorted(reviews)
        assert debtor_exposure(session, world.debtor_id) == 6 * EACH
        assert session.scalar(select(func.count()).select_from(Invoice)) == 6
        assert audit_chain.verify(session).broken is None


def test_two_waiting_calls_for_one_note_are_not_both_written(database: Database) -> None:
    """Two reviews of the same note wait to be written together: the group is refused as a whole,
    each call runs alone, the first takes the note and the other is refused as a duplicate."""
    if database.is_sqlite:
        pytest.skip("SQLite's write unit of work holds the write lock: calls are never written together")
    world = build(database, net_assets=10**12)
    first = approved_review(world, [EACH])
    calls = [first, *two_approved_reviews_of_one_note(world), approved_review(world, [EACH])]
    lines = {review_id: line_ids(database, review_id) for review_id in calls}
    claims = _counting(database, "UPDATE review_requests")

    errors = _written_together(database, world, calls, lines)

    assert errors == ["RECEIVABLE_DUPLICATE"]
    assert claims() == 5  # the first alone; the three together (refused at the keys); each of the three alone
    with database.unit_of_work(write=False) as uow:
        session = uow.session
        assert session.scalar(select(func.count()).select_from(Application)) == 3
        assert session.scalar(select(func.count()).select_from(ReceivableKeyHold)) == 3
        assert audit_chain.verify(session).broken is None


def _calls_of_a_world(database: Database, world: World) -> list[applications.ApplyCall]:
    """Three calls on one debtor with room for ¥10.5m: two note lines to guarantee (¥7m), a note to
    buy (¥2m), and one more note (¥2m) that the limit no longer holds."""
    with database.unit_of_work() as uow:
        bought = reviews.submit_review_request(
            uow, world.customer_user, world.customer_id, [note_line(world.debtor_number, EACH * 2)],
            today=TODAY, policy_name="north", purchase=True,
        )  # fmt: skip
    review_and_approve(world, bought.id)
    ordered = [approved_review(world, [4 * EACH, 3 * EACH]), bought.id, approved_review(world, [2 * EACH])]
    return [
        applications.ApplyCall(world.customer_user, review_id, tuple(line_ids(database, review_id)), None, TODAY)
        for review_id in ordered
    ]


def _written(database: Database, world: World) -> dict[str, list[tuple[object, ...]]]:
    """What a customer's applications left, by table, without ids, numbers or timestamps."""
    customer = world.customer_id
    with database.unit_of_work(write=False) as uow:
        session = uow.session
        of = {
            "applications": select(
                Application.state, Application.hold_reasons, Application.amount, Application.office_fee,
                Application.start_date,
            ).where(Application.customer_id == customer),
            "guarantees": select(
                Guarantee.amount, Guarantee.start_date, Guarantee.days, Guarantee.gross_fee, Guarantee.subsidy,
                Guarantee.net_fee, Guarantee.state,
            ).where(Guarantee.customer_id == customer),
            "purchases": select(
                Purchase.face, Purchase.purchase_date, Purchase.days, Purchase.net_fee, Purchase.proceeds,
                Purchase.state,
            ).where(Purchase.customer_id == customer),
            "invoices": select(Invoice.amount, Invoice.due_date, Invoice.state).where(Invoice.customer_id == customer),
            "subsidies": select(SubsidyEntry.product, SubsidyEntry.amount, SubsidyEntry.days, SubsidyEntry.subsidy)
            .where(SubsidyEntry.customer_id == customer),
            "reservations": select(Reservation.amount, Reservation.state).where(Reservation.customer_id == customer),
            "notices": select(Notification.kind).where(Notification.customer_id == customer),
            "lines taken up": select(ReviewLine.amount, Application.amount)
            .join(Application, ReviewLine.application_id == Application.id).where(Application.customer_id == customer),
        }  # fmt: skip
        found = {name: sorted((tuple(row) for row in session.execute(query)), key=str) for name, query in of.items()}
        found["history"] = sorted(
            (
                tuple(row)
                for row in session.execute(
                    select(StateChange.entity, StateChange.from_state, StateChange.to_state, StateChange.reason).where(
                        StateChange.actor_id == world.customer_user.user_id
                    )
                )
            ),
            key=str,
        )
        assert audit_chain.verify(session).broken is None
        return found


def test_calls_written_together_leave_what_each_would_leave_alone(database: Database) -> None:
    """The same calls — guarantees, a purchase, one held by the limit, for two customers on two
    debtors — written by one transaction (the two customers' calls interleaved) and, in two other
    worlds, one by one: the same applications, guarantees, purchase, invoices, subsidies,
    reservations, notice for staff and history, customer by customer."""
    together, alone = (
        [build(database, net_assets=NET_ASSETS) for _ in range(2)],
        [build(database, net_assets=NET_ASSETS) for _ in range(2)],
    )
    calls = {world.customer_id: _calls_of_a_world(database, world) for world in (*together, *alone)}
    interleaved = [
        call for pair in zip(*(calls[world.customer_id] for world in together), strict=True) for call in pair
    ]

    with database.unit_of_work() as uow:
        answers = applications._apply_all(uow, interleaved)
    for world in alone:
        for call in calls[world.customer_id]:
            with database.unit_of_work() as uow:
                applications._apply_all(uow, [call])

    states = [[application.state for application in answer] for answer in answers]
    assert states == [["reserved"]] * 4 + [["held"]] * 2
    for grouped, single in zip(together, alone, strict=True):
        written = _written(database, grouped)
        assert written == _written(database, single)
        assert written["invoices"] and written["purchases"] and written["subsidies"] and written["notices"]
        assert len(written["lines taken up"]) == len(written["guarantees"]) + len(written["purchases"])
        history = written["history"]
        [held] = [row for row in history if row[:3] == ("application", None, "held")]
        assert held[3] == "DEBTOR_LIMIT_EXCEEDED"  # the limit's code, not the reason drafted before the lock
        invoiced = [row for row in history if row[0] == "invoice"]
        assert len(invoiced) == len(written["invoices"])  # the held one's invoice has no history
