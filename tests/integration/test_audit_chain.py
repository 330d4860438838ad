"""The hash chain over the history: a clean chain verifies; an edited, deleted or inserted row is named.

The corruptions are direct SQL, as someone with database rights would make them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading

import pytest
from sqlalchemy import func, insert, select, text
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.store import admin, audit_chain
from hozen.store.audit_chain import HistoryRow
from hozen.store.db import Database, UnitOfWork
from hozen.store.models import StateChange
from hozen.store.repositories import FieldChange, record_decision, record_transition, record_transitions
from tests.integration.scenario import build
from tests.integration.test_workflow import approved_review

runner = CliRunner()


def verify(database: Database, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("HOZEN_DATABASE_URL", database.url)
    result = runner.invoke(cli_app, ["audit", "verify"])
    return result.exit_code, result.output


def history_ids(database: Database) -> list[int]:
    with database.unit_of_work(write=False) as uow:
        return list(uow.session.scalars(select(StateChange.id).order_by(StateChange.seq)))


def sql(database: Database, statement: str, **values: object) -> None:
    with database.engine.begin() as connection:
        connection.execute(text(statement), values)


@pytest.fixture
def book(database: Database) -> Database:
    """A review taken to approval: a handful of history rows written over several transactions."""
    approved_review(build(database), [2_000_000, 3_000_000])
    return database


def test_a_clean_chain_verifies_and_prints_its_head(book: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = history_ids(book)
    assert len(ids) >= 3
    status, output = verify(book, monkeypatch)
    assert status == 0, output
    with book.unit_of_work(write=False) as uow:
        last_hash = uow.session.scalar(select(StateChange.row_hash).where(StateChange.id == ids[-1]))
    assert f"OK: {len(ids)} history rows verified" in output and str(last_hash) in output


def test_an_edited_row_is_named(book: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    edited = history_ids(book)[1]
    with book.unit_of_work(write=False) as uow:
        actor_id = uow.session.scalar(select(StateChange.actor_id).where(StateChange.id == edited))
    sql(book, "UPDATE state_history SET actor_id = :other WHERE id = :id", other=1 if actor_id != 1 else 2, id=edited)
    status, output = verify(book, monkeypatch)
    assert status == 1
    assert f"History row {edited} (position 2) was changed after it was recorded." in output


def test_a_deleted_row_is_named_by_the_row_after_it(book: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = history_ids(book)
    sql(book, "DELETE FROM state_history WHERE id = :id", id=ids[1])
    status, output = verify(book, monkeypatch)
    assert status == 1
    assert f"deleted, inserted or reordered just before row {ids[2]} (position 3)" in output


def test_deleting_the_last_rows_is_caught_by_the_head(book: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = history_ids(book)
    sql(book, "DELETE FROM state_history WHERE id = :id", id=ids[-1])
    status, output = verify(book, monkeypatch)
    assert status == 1 and f"The last history rows (up to position {len(ids)}) were deleted." in output


def test_a_row_inserted_around_the_application_is_named(book: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    sql(
        book,
        "INSERT INTO state_history (entity, entity_id, from_state, to_state, at, business_date, reason) "
        "VALUES ('review', 1, 'submitted', 'approved', :at, :day, '')",
        at=dt.datetime(2026, 11, 20, 1, tzinfo=dt.UTC),
        day=dt.date(2026, 11, 20),
    )
    status, output = verify(book, monkeypatch)
    inserted = max(history_ids(book), key=lambda row_id: row_id)
    assert status == 1 and f"History row {inserted} is not in the hash chain" in output
    with book.unit_of_work() as uow:  # later work is sealed as usual and does not take the row in
        record_transitions(uow.session, [_transition(2)])
        uow.commit()
    status, output = verify(book, monkeypatch)
    assert status == 1 and f"History row {inserted} is not in the hash chain" in output


def test_two_rows_swapped_are_caught(book: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, *_ = history_ids(book)
    sql(book, "UPDATE state_history SET seq = -seq WHERE id IN (:a, :b)", a=first, b=second)
    sql(book, "UPDATE state_history SET seq = 2 WHERE id = :id", id=first)
    sql(book, "UPDATE state_history SET seq = 1 WHERE id = :id", id=second)
    assert verify(book, monkeypatch)[0] == 1


def test_writers_at_the_same_time_make_one_chain(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    writers, rows_each = 4, 25

    def write(writer: int) -> None:
        for row in range(rows_each):
            with database.unit_of_work() as uow:
                for entity_id in (writer * 1000 + row, writer * 1000 + row + 500):
                    record_transition(
                        uow.session,
                        entity="review",
                        entity_id=entity_id,
                        from_state=None,
                        to_state="draft",
                        actor_id=None,
                        business_date=dt.date(2026, 11, 20),
                    )
                uow.commit()

    threads = [threading.Thread(target=write, args=(writer,)) for writer in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    status, output = verify(database, monkeypatch)
    assert status == 0, output
    assert f"OK: {writers * rows_each * 2} history rows" in output


def test_a_bulk_insert_through_the_session_is_sealed(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The nightly run and imports insert their history rows set-based, not one ORM object at a time."""
    at = dt.datetime(2026, 11, 20, 9, 30, 0, 123456, tzinfo=dt.UTC)
    rows = [
        {"entity": "review", "entity_id": n, "to_state": "draft", "at": at, "business_date": at.date(), "reason": ""}
        for n in range(1, 301)
    ]
    with database.unit_of_work() as uow:
        uow.session.execute(insert(StateChange), rows)
        uow.commit()
    status, output = verify(database, monkeypatch)
    assert status == 0 and "OK: 300 history rows" in output, output


def _transition(entity_id: int, reason: str = "") -> HistoryRow:
    return HistoryRow("review", entity_id, None, "draft", None, dt.date(2026, 11, 20), reason)


def test_written_rows_and_rows_inserted_through_the_session_make_one_chain_in_order(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row added as an ORM object (sealed from the table) and rows handed to the chain (inserted sealed)
    in one transaction: the inserted one first, the written ones in the order written; the chain holds."""
    with database.unit_of_work() as uow:
        record_transitions(uow.session, [_transition(1, "first written")])
        uow.session.add(
            StateChange(entity="review", entity_id=2, to_state="draft", business_date=dt.date(2026, 11, 20))
        )
        record_transitions(uow.session, [_transition(3, "second written")])
        uow.commit()
    with database.unit_of_work(write=False) as uow:
        in_chain = uow.session.execute(select(StateChange.entity_id, StateChange.seq).order_by(StateChange.seq)).all()
    assert [tuple(row) for row in in_chain] == [(2, 1), (1, 2), (3, 3)]
    status, output = verify(database, monkeypatch)
    assert status == 0 and "OK: 3 history rows" in output, output


def test_history_written_under_a_savepoint_rolled_back_is_not_inserted(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with database.unit_of_work() as uow:
        record_transitions(uow.session, [_transition(1)])
        with pytest.raises(RuntimeError), uow.session.begin_nested():
            record_transitions(uow.session, [_transition(2)])
            raise RuntimeError("the savepoint is rolled back")
        record_transitions(uow.session, [_transition(3)])
        uow.commit()
    with database.unit_of_work() as uow:
        record_transitions(uow.session, [_transition(4)])
        uow.rollback()
    with database.unit_of_work(write=False) as uow:
        assert list(uow.session.scalars(select(StateChange.entity_id).order_by(StateChange.seq))) == [1, 3]
    status, output = verify(database, monkeypatch)
    assert status == 0 and "OK: 2 history rows" in output, output


def record_decision_with_changes(uow: UnitOfWork) -> None:
    record_decision(
        uow.session,
        entity="debtor", entity_id=4, decision="limit_changed",
        changes=[FieldChange("own_limit", None, 50_000_000)], actor_id=None, business_date=dt.date(2026, 11, 20),
    )  # fmt: skip


def test_each_row_hash_is_sha256_of_the_json_list_of_the_previous_hash_and_the_row(database: Database) -> None:
    """The hash's definition, recomputed here without the chain's code: SHA-256 of the compact JSON list
    ``[prev_hash, seq, id, entity, entity_id, from_state, to_state, actor_id, at (UTC, microseconds, Z),
    business_date, reason, changes]``, ``changes`` left out while it is NULL. A verifier outside Hozen
    relies on it, and every hash already stored was made by it."""
    with database.unit_of_work() as uow:
        record_transitions(uow.session, [_transition(1, "承認済み"), _transition(2, 'a "quoted" reason')])
        record_decision_with_changes(uow)
        uow.commit()
    with database.unit_of_work(write=False) as uow:
        rows = uow.session.execute(
            select(*audit_chain.CHAINED, StateChange.prev_hash, StateChange.row_hash).order_by(StateChange.seq)
        ).all()
    previous = audit_chain.GENESIS
    for row in rows:
        at = row.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        content = [previous, row.seq, row.id, row.entity, row.entity_id, row.from_state, row.to_state, row.actor_id]
        content += [at, row.business_date.isoformat(), row.reason] + ([] if row.changes is None else [row.changes])
        canonical = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        assert row.prev_hash == previous
        assert row.row_hash == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        previous = row.row_hash
    assert len(rows) == 3 and rows[-1].changes is not None


def test_a_large_transaction_of_history_is_sealed(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """More rows than one statement carries (the nightly run's thousands): still one chain, in order."""
    count = 2_500
    with database.unit_of_work() as uow:
        record_transitions(uow.session, [_transition(n) for n in range(1, count + 1)])
        uow.commit()
    with database.unit_of_work(write=False) as uow:
        order = list(uow.session.scalars(select(StateChange.entity_id).order_by(StateChange.seq)))
    assert order == list(range(1, count + 1))
    status, output = verify(database, monkeypatch)
    assert status == 0 and f"OK: {count} history rows" in output, output


def test_a_transaction_without_history_leaves_the_chain_alone(book: Database) -> None:
    with book.unit_of_work(write=False) as uow:
        before = uow.session.scalar(select(func.max(StateChange.seq)))
    with book.unit_of_work() as uow:
        uow.session.execute(text("UPDATE business_date SET today = today"))
        uow.commit()
    with book.unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(func.max(StateChange.seq))) == before


def test_the_upgrade_seals_the_history_written_before_it(book: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = len(history_ids(book))
    book.dispose()
    admin.downgrade(book.url, "0007")
    book.dispose()
    admin.upgrade(book.url)
    status, output = verify(book, monkeypatch)
    assert status == 0 and f"OK: {rows} history rows" in output
