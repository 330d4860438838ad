"""`hozen db check`: a book built through the services is clean; each corruption is named exactly.

The book: a lapsed application (its guarantee cancelled, subsidy reversed), an active guarantee, an
active frame with an approved increase not yet paid (reserved on approval), a reserved application
with its open invoice, and an application held on a small debtor's limit. Each corruption is direct
SQL, as a crash, a bad restore or a hand-made fix would leave it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.contract.reviews import FrameChangeInput
from hozen.domain.roles import Actor, Role
from hozen.policies import load_policy
from hozen.services import applications, guarantees, invariants
from hozen.store.db import Database
from tests.integration.scenario import TODAY, World, add_debtor, build
from tests.integration.test_frames_workflow import active_frame, change, pay
from tests.integration.test_workflow import approved_review, line_ids

D = dt.date
ADMIN = Actor(0, Role.ADMIN)
CHECKED_ON = D(2026, 12, 28)


@dataclasses.dataclass(frozen=True)
class Book:
    world: World
    lapsed_guarantee: int
    active_guarantee: int
    frame: int
    reserved_application: int
    held_application: int
    held_debtor: int


def _apply(world: World, amount: int) -> int:
    review_id = approved_review(world, [amount])
    with world.db.unit_of_work() as uow:
        [application] = applications.apply(
            uow, world.customer_user, review_id, line_ids(world.db, review_id), today=TODAY
        )
        return application.id


def _guarantee_of(db: Database, application_id: int) -> int:
    with db.unit_of_work(write=False) as uow:
        [guarantee] = applications.get_application(uow, ADMIN, application_id).guarantees
        return guarantee.id


def _invoice_of(db: Database, application_id: int) -> int:
    with db.unit_of_work(write=False) as uow:
        invoice = applications.get_application(uow, ADMIN, application_id).invoice
        assert invoice is not None
        return invoice.id


def build_book(db: Database) -> Book:
    world = build(db)
    lapsing = _apply(world, 2_000_000)
    running = _apply(world, 3_000_000)
    pay(world, _invoice_of(db, running), D(2026, 11, 24), "check-running")
    frame = active_frame(world)  # its daily run on 11-26 starts the running guarantee too
    change(world, frame, FrameChangeInput(kind="increase", new_limit=12_000_000), D(2026, 12, 1))
    with db.unit_of_work() as uow:  # the unpaid application lapses 30 days after its start (11-26)
        assert guarantees.run_daily(uow, world.operations, today=D(2026, 12, 27)).lapsed == [lapsing]
    reserved = _apply(world, 1_500_000)
    small_debtor, small_number = add_debtor(db, net_assets=1_000_000, name="株式会社丙工務店")
    held = _apply(dataclasses.replace(world, debtor_id=small_debtor, debtor_number=small_number), 2_000_000)
    return Book(
        world,
        _guarantee_of(db, lapsing),
        _guarantee_of(db, running),
        frame,
        reserved,
        held,
        small_debtor,
    )


def check(db: Database) -> set[tuple[str, str, int]]:
    with db.unit_of_work(write=False) as uow:
        findings = invariants.check(uow, ADMIN, load_policy("north"), CHECKED_ON)
    return {(finding.code.value, finding.entity.value, finding.id) for finding in findings}


def sql(db: Database, statement: str, **params: Any) -> None:
    with db.unit_of_work() as uow:
        uow.session.execute(text(statement), params)
        uow.commit()


def test_a_book_built_by_the_services_is_clean(database: Database) -> None:
    book = build_book(database)
    with database.unit_of_work(write=False) as uow:
        states = uow.session.execute(text("SELECT state FROM applications")).scalars().all()
        assert sorted(states) == ["held", "lapsed", "paid", "paid", "reserved"]
        reversals = uow.session.execute(
            text("SELECT count(*) FROM subsidy_entries WHERE reversal AND guarantee_id = :g"),
            {"g": book.lapsed_guarantee},
        ).scalar_one()
        assert reversals == 1
    assert check(database) == set()


Corruption = Callable[[Database, Book], set[tuple[str, str, int]]]


def with_totals(book: Book, finding: tuple[str, str, int]) -> set[tuple[str, str, int]]:
    """A broken reservation, and the debtor's and customer's totals it throws off."""
    world = book.world
    return {
        finding,
        ("EXPOSURE_UNBALANCED", "debtor", world.debtor_id),
        ("EXPOSURE_UNBALANCED", "customer", world.customer_id),
    }


def released_reservation_of_an_active_guarantee(db: Database, book: Book) -> set[tuple[str, str, int]]:
    sql(db, "UPDATE reservations SET state = 'released' WHERE guarantee_id = :g", g=book.active_guarantee)
    return with_totals(book, ("RESERVATION_MISSING", "guarantee", book.active_guarantee))


def reservation_amount_changed(db: Database, book: Book) -> set[tuple[str, str, int]]:
    sql(db, "UPDATE reservations SET amount = 9200000 WHERE guarantee_id = :g", g=book.frame)  # the increase lost
    return with_totals(book, ("RESERVATION_AMOUNT_WRONG", "guarantee", book.frame))


def cancelled_guarantee_reserved_again(db: Database, book: Book) -> set[tuple[str, str, int]]:
    sql(db, "UPDATE reservations SET state = 'reserved' WHERE guarantee_id = :g", g=book.lapsed_guarantee)
    with db.unit_of_work(write=False) as uow:
        reservation = uow.session.execute(
            text("SELECT id FROM reservations WHERE guarantee_id = :g"), {"g": book.lapsed_guarantee}
        ).scalar_one()
    return with_totals(book, ("RESERVATION_ORPHANED", "reservation", reservation))


def limit_lowered_below_exposure(db: Database, book: Book) -> set[tuple[str, str, int]]:
    sql(db, "UPDATE debtors SET own_limit = 10000000 WHERE id = :d", d=book.world.debtor_id)
    return {("EXPOSURE_OVER_LIMIT", "debtor", book.world.debtor_id)}


def _one_statement(name: str, statement: str, holder: str, code: str, entity: str) -> Corruption:
    """A corruption by one statement about one object of the book (``:x`` is its id)."""

    def corrupt(db: Database, book: Book) -> set[tuple[str, str, int]]:
        object_id: int = getattr(book, holder)
        sql(db, statement, x=object_id)
        return {(code, entity, object_id)}

    corrupt.__name__ = name
    return corrupt


state_changed_without_history = _one_statement(
    "state_changed_without_history",
    "UPDATE applications SET state = 'paid' WHERE id = :x",
    "reserved_application",
    "STATE_HISTORY_MISMATCH",
    "application",
)
history_deleted = _one_statement(
    "history_deleted",
    "DELETE FROM state_history WHERE entity = 'guarantee' AND entity_id = :x",
    "active_guarantee",
    "STATE_HISTORY_MISSING",
    "guarantee",
)
invoice_deleted = _one_statement(
    "invoice_deleted",
    "DELETE FROM invoices WHERE application_id = :x",
    "reserved_application",
    "INVOICE_MISSING",
    "application",
)
invoice_amount_changed = _one_statement(
    "invoice_amount_changed",
    "UPDATE invoices SET amount = amount - 1 WHERE application_id = :x",
    "reserved_application",
    "INVOICE_AMOUNT_WRONG",
    "application",
)


def held_application_reserved(db: Database, book: Book) -> set[tuple[str, str, int]]:
    guarantee = _guarantee_of(db, book.held_application)
    sql(
        db,
        "INSERT INTO reservations (guarantee_id, debtor_id, customer_id, product, amount, state, created_at)"
        " SELECT id, debtor_id, customer_id, product, amount, 'reserved', created_at FROM guarantees WHERE id = :g",
        g=guarantee,
    )
    world = book.world
    return {
        ("HELD_APPLICATION_RESERVED", "application", book.held_application),
        ("EXPOSURE_UNBALANCED", "debtor", book.held_debtor),
        ("EXPOSURE_UNBALANCED", "customer", world.customer_id),
        ("EXPOSURE_OVER_LIMIT", "debtor", book.held_debtor),  # ¥2,000,000 against net assets of ¥1,000,000
    }


def subsidy_unreversed(db: Database, book: Book) -> set[tuple[str, str, int]]:
    sql(db, "DELETE FROM subsidy_entries WHERE reversal = :t AND guarantee_id = :g", t=True, g=book.lapsed_guarantee)
    return {("SUBSIDY_REVERSAL_WRONG", "guarantee", book.lapsed_guarantee)}


def subsidy_booked_twice(db: Database, book: Book) -> set[tuple[str, str, int]]:
    sql(
        db,
        "INSERT INTO subsidy_entries (guarantee_id, purchase_id, frame_change_id, customer_id, debtor_id, product,"
        " amount, gross_rate, subsidy_rate, days, subsidy, booked_on, reversal, created_at)"
        " SELECT guarantee_id, purchase_id, frame_change_id, customer_id, debtor_id, product, amount, gross_rate,"
        " subsidy_rate, days, subsidy, booked_on, reversal, created_at FROM subsidy_entries"
        " WHERE guarantee_id = :g AND frame_change_id IS NULL",
        g=book.active_guarantee,
    )
    return {("SUBSIDY_BOOKING_WRONG", "guarantee", book.active_guarantee)}


def frame_change_subsidy_lost(db: Database, book: Book) -> set[tuple[str, str, int]]:
    with db.unit_of_work(write=False) as uow:
        change_id = uow.session.execute(
            text("SELECT id FROM frame_changes WHERE guarantee_id = :g"), {"g": book.frame}
        ).scalar_one()
    sql(db, "DELETE FROM subsidy_entries WHERE frame_change_id = :c", c=change_id)
    return {("SUBSIDY_BOOKING_WRONG", "frame_change", change_id)}


CORRUPTIONS: list[Corruption] = [
    released_reservation_of_an_active_guarantee,
    reservation_amount_changed,
    cancelled_guarantee_reserved_again,
    limit_lowered_below_exposure,
    state_changed_without_history,
    history_deleted,
    invoice_deleted,
    invoice_amount_changed,
    held_application_reserved,
    subsidy_unreversed,
    subsidy_booked_twice,
    frame_change_subsidy_lost,
]


@pytest.mark.parametrize("corrupt", CORRUPTIONS, ids=[c.__name__ for c in CORRUPTIONS])
def test_each_corruption_is_named_exactly(database: Database, corrupt: Corruption) -> None:
    book = build_book(database)
    expected = corrupt(database, book)
    assert check(database) == expected


runner = CliRunner()


def test_the_command_exits_0_when_clean_and_1_with_one_line_per_violation(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOZEN_DATABASE_URL", database.url)
    monkeypatch.setenv("HOZEN_POLICY", "north")
    book = build_book(database)
    clean = runner.invoke(cli_app, ["db", "check"])
    assert (clean.exit_code, clean.stdout) == (0, "問題は見つかりませんでした / no violations\n")

    sql(database, "UPDATE applications SET state = 'paid' WHERE id = :a", a=book.reserved_application)
    sql(database, "UPDATE invoices SET amount = amount + 10 WHERE application_id = :a", a=book.reserved_application)
    broken = runner.invoke(cli_app, ["db", "check"])
    assert broken.exit_code == 1
    lines = broken.stdout.splitlines()
    assert len(lines) == 3 and lines[-1] == "2件の問題が見つかりました / 2 violation(s) found"
    invoice_line = next(line for line in lines if line.startswith("違反[INVOICE_AMOUNT_WRONG] "))
    assert f"[3] 申込 {book.reserved_application} の請求書" in invoice_line
    assert f" / [3] Application {book.reserved_application}: invoice " in invoice_line
    history_line = next(line for line in lines if line.startswith("違反[STATE_HISTORY_MISMATCH] "))
    assert history_line.endswith(
        f"application {book.reserved_application} is paid but its last state history row says reserved."
    )

    machine = runner.invoke(cli_app, ["db", "check", "--json"])
    assert machine.exit_code == 1
    body = json.loads(machine.stdout)
    assert body["count"] == 2
    wrong = next(v for v in body["violations"] if v["code"] == "INVOICE_AMOUNT_WRONG")
    assert (wrong["entity"], wrong["id"]) == ("application", book.reserved_application)
    assert wrong["figures"]["invoiced"] == wrong["figures"]["expected"] + 10


def test_a_usage_error_is_exit_2(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOZEN_DATABASE_URL", database.url)
    assert runner.invoke(cli_app, ["db", "check", "--no-such-option"]).exit_code == 2
