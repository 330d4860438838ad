"""The store's guarantees on both databases: UTC timestamps, rollback unless committed, and
read-modify-write under the limit-row locks never losing an update when threads race."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any, cast

import pytest
from sqlalchemy import Table, event, select, text, update
from sqlalchemy.exc import NoResultFound, StatementError

from hozen.store.db import Database, PoolSize
from hozen.store.models import Customer, Debtor, StateChange
from hozen.store.repositories import (
    ListedIn,
    detach_new,
    insert_new,
    lock_limit_rows,
    lock_limits,
    new_row,
    take_ids,
)
from tests.conftest import PostgresServer
from tests.support import at_once

JST = dt.timezone(dt.timedelta(hours=9))


def add_companies(database: Database) -> tuple[int, int]:
    with database.unit_of_work() as uow:
        customer = Customer(name="山田工業", corporate_number="1180301018771", capital=1, employees=1, own_limit=0)
        debtor = Debtor(name="大手建設", corporate_number="7000012050002", own_limit=0)
        uow.session.add_all([customer, debtor])
        uow.session.flush()
        ids = (debtor.id, customer.id)
        uow.commit()
    return ids


def test_timestamps_come_back_as_the_same_instant_in_utc(migrated_database: Database) -> None:
    nine_in_tokyo = dt.datetime(2026, 4, 1, 9, 0, tzinfo=JST)
    with migrated_database.unit_of_work() as uow:
        uow.session.add(
            StateChange(entity="test", entity_id=1, to_state="a", at=nine_in_tokyo, business_date=dt.date(2026, 4, 1))
        )
        uow.commit()
    with migrated_database.unit_of_work(write=False) as uow:
        stored = uow.session.scalars(select(StateChange.at)).one()
    assert stored == nine_in_tokyo
    assert stored.tzinfo == dt.UTC
    assert stored.hour == 0  # 09:00 in Tokyo is midnight UTC


def test_a_naive_timestamp_is_refused(migrated_database: Database) -> None:
    with migrated_database.unit_of_work() as uow:
        uow.session.add(
            StateChange(entity="t", entity_id=1, to_state="a", at=dt.datetime(2026, 4, 1, 9), business_date=dt.date.min)
        )
        with pytest.raises(StatementError, match="naive datetime"):
            uow.session.flush()


def test_rows_written_without_the_unit_of_work_are_whole_and_need_no_query(migrated_database: Database) -> None:
    """The bulk path of applications: ids taken up front, rows inserted by Core, objects handed to a
    session as they are. Each row gets its defaults, in the database and on the object alike."""
    debtors, customers = cast(Table, Debtor.__table__), cast(Table, Customer.__table__)
    existing_debtor, existing_customer = add_companies(migrated_database)
    with migrated_database.unit_of_work() as uow:
        ids = take_ids(uow.session, {debtors: 3, customers: 1, cast(Table, StateChange.__table__): 0})
        assert set(ids) == {debtors, customers}  # a table asked for none gets none
        assert ids[debtors] == sorted(ids[debtors]) and len(set(ids[debtors])) == 3
        assert min(ids[debtors]) > existing_debtor and ids[customers][0] > existing_customer
        new_debtors = [  # built as the applications' rows are (new_row); the customer by its constructor
            new_row(Debtor, {"id": number, "name": f"新規{number}", "corporate_number": f"{number:013d}"})
            for number in ids[debtors]
        ]
        new: list[Debtor | Customer] = [*new_debtors]
        new.append(Customer(id=ids[customers][0], name="新規工業", corporate_number="1" * 13, capital=1, employees=1))
        insert_new(uow.session, new)
        detach_new(new)
        uow.commit()
    statements: list[str] = []

    def note(*call: Any) -> None:
        statements.append(call[2])

    event.listen(migrated_database.engine, "before_cursor_execute", note)
    try:
        with migrated_database.unit_of_work(write=False, begin_now=False) as uow:
            uow.session.add_all(new)
            assert [(d.version, d.unsound, d.created_at.tzinfo) for d in new_debtors] == [(1, False, dt.UTC)] * 3
            assert statements == []  # nothing was left to load
            as_written = [(d.id, d.version, d.created_at) for d in new_debtors]
    finally:
        event.remove(migrated_database.engine, "before_cursor_execute", note)
    with migrated_database.unit_of_work(write=False) as uow:
        stored = uow.session.execute(
            select(Debtor.id, Debtor.version, Debtor.created_at).where(Debtor.id.in_(ids[debtors]))
        )
        assert sorted(stored) == as_written
    with migrated_database.unit_of_work() as uow:
        assert min(take_ids(uow.session, {debtors: 1})[debtors]) > max(ids[debtors])


def test_columns_set_beside_the_rows_inserted_land_on_the_rows_their_ids_name(migrated_database: Database) -> None:
    """``insert_new``'s ``setting`` (the applications' lines are linked so): besides the new rows, each
    given row's columns are set on the row its id names and on no other; its other columns stay."""
    debtors = cast(Table, Debtor.__table__)
    renamed, _ = add_companies(migrated_database)
    with migrated_database.unit_of_work() as uow:
        other = Debtor(name="中堅建設", corporate_number="2" * 13, own_limit=0)
        uow.session.add(other)
        uow.session.flush()
        untouched = other.id
        uow.commit()
    with migrated_database.unit_of_work() as uow:
        [number] = take_ids(uow.session, {debtors: 1})[debtors]
        new = new_row(Debtor, {"id": number, "name": "新規建設", "corporate_number": f"{number:013d}"})
        insert_new(uow.session, [new], setting={debtors: [{"id": renamed, "name": "改称建設", "own_limit": 5}]})
        uow.commit()
    with migrated_database.unit_of_work(write=False) as uow:
        stored = {row.id: row[1:] for row in uow.session.execute(select(Debtor.id, Debtor.name, Debtor.own_limit))}
    assert stored == {renamed: ("改称建設", 5), untouched: ("中堅建設", 0), number: ("新規建設", None)}
    with migrated_database.unit_of_work() as uow, pytest.raises(ValueError, match="beside rows it inserts"):
        insert_new(uow.session, [], setting={debtors: [{"id": renamed, "name": "無効"}]})


def test_a_row_built_without_its_constructor_is_written_by_a_session_as_it_holds(
    migrated_database: Database,
) -> None:
    """A subsidy entry or reservation built with ``new_row`` may also go through the session's own
    flush (a held application reserved later): the insert takes every value the row holds."""
    with pytest.raises(TypeError, match="no column"):
        new_row(Debtor, {"name": "誤記", "corporate_numbr": "7000012050002"})
    with migrated_database.unit_of_work() as uow:
        debtor = new_row(Debtor, {"name": "新規建設", "corporate_number": "7000012050002", "own_limit": 5_000_000})
        uow.session.add(debtor)
        uow.session.flush()
        written = debtor.id
        uow.commit()
    with migrated_database.unit_of_work(write=False) as uow:
        stored = uow.session.execute(select(Debtor.name, Debtor.own_limit, Debtor.version).where(Debtor.id == written))
        assert stored.one() == ("新規建設", 5_000_000, 1)


def test_a_listed_parameter_selects_the_rows_it_lists_with_one_statement_text(migrated_database: Database) -> None:
    """``ListedIn`` takes a list of any length; on PostgreSQL the statement's text does not change
    with the length (one array), so that one prepared statement serves every call."""
    with migrated_database.unit_of_work() as uow:
        debtors = [Debtor(name=f"建設{n}", corporate_number=f"{n:013d}") for n in range(1, 4)]
        uow.session.add_all(debtors)
        uow.session.flush()
        debtor_ids = sorted(debtor.id for debtor in debtors)
        uow.commit()
    by_listed = select(Debtor.id).where(ListedIn(Debtor.id, "ids")).order_by(Debtor.id)
    statements: list[str] = []

    def note(*call: Any) -> None:
        statements.append(call[2])

    event.listen(migrated_database.engine, "before_cursor_execute", note)
    try:
        with migrated_database.unit_of_work(write=False) as uow:
            found = [
                list(uow.session.scalars(by_listed, {"ids": wanted})) for wanted in ([], debtor_ids[:1], debtor_ids)
            ]
    finally:
        event.remove(migrated_database.engine, "before_cursor_execute", note)
    assert found == [[], debtor_ids[:1], debtor_ids]
    if not migrated_database.is_sqlite:
        assert len(set(statements)) == 1 and "ANY" in statements[0]


def test_nothing_is_kept_unless_committed(migrated_database: Database) -> None:
    with migrated_database.unit_of_work() as uow:
        uow.session.add(Debtor(name="途中で失敗", corporate_number="4000012090001"))
        uow.session.flush()
    with pytest.raises(RuntimeError), migrated_database.unit_of_work() as uow:
        uow.session.add(Debtor(name="例外", corporate_number="4000012090001"))
        uow.session.flush()
        raise RuntimeError("the command failed")
    with migrated_database.unit_of_work(write=False) as uow:
        assert uow.session.scalars(select(Debtor)).all() == []


THREADS = 8


def test_racing_writers_under_the_limit_locks_lose_no_update(migrated_database: Database) -> None:
    """Each thread reads the two limit rows, waits, and writes them back incremented. Without the
    write lock (SQLite) or the row locks (PostgreSQL) the waits interleave and updates are lost."""
    debtor_id, customer_id = add_companies(migrated_database)

    def bump(_: int) -> None:
        with migrated_database.unit_of_work() as uow:
            debtors, customer = lock_limit_rows(uow.session, [debtor_id], customer_id)
            seen_debtor, seen_customer = debtors[0].own_limit or 0, customer.own_limit or 0
            time.sleep(0.02)  # widens the window in which unlocked writers would interleave
            debtors[0].own_limit = seen_debtor + 1
            customer.own_limit = seen_customer + 1
            uow.commit()

    errors = at_once(bump, range(THREADS), join_timeout=60)
    assert errors == []
    with migrated_database.unit_of_work(write=False) as uow:
        assert uow.session.get(Debtor, debtor_id).own_limit == THREADS  # type: ignore[union-attr]
        assert uow.session.get(Customer, customer_id).own_limit == THREADS  # type: ignore[union-attr]


def test_the_limits_locked_in_one_statement_are_read_under_the_locks(migrated_database: Database) -> None:
    """:func:`lock_limits` — both rows locked and read by one statement, without ORM objects — as the
    racing writers above: each thread must see the value the one before it wrote, or updates are lost."""
    debtor_id, customer_id = add_companies(migrated_database)

    def bump(_: int) -> None:
        with migrated_database.unit_of_work() as uow:
            limits = lock_limits(uow.session, [debtor_id], [customer_id])
            seen_debtor, seen_customer = limits.debtors[debtor_id], limits.customers[customer_id]
            time.sleep(0.02)
            for model, seen in ((Debtor, seen_debtor), (Customer, seen_customer)):
                uow.session.execute(
                    update(model).where(model.id == seen.id).values(own_limit=(seen.own_limit or 0) + 1)
                )
            uow.commit()

    errors = at_once(bump, range(THREADS), join_timeout=60)
    assert errors == []
    with migrated_database.unit_of_work(write=False) as uow:
        limits = lock_limits(uow.session, [debtor_id], [customer_id])
        assert (limits.debtors[debtor_id].own_limit, limits.customers[customer_id].own_limit) == (THREADS, THREADS)
        assert limits.customers[customer_id].net_assets is None
        with pytest.raises(NoResultFound):
            lock_limits(uow.session, [debtor_id, debtor_id + 1_000], [customer_id])


def test_a_process_runs_its_next_transaction_on_the_connection_returned_last(postgres_server: PostgresServer) -> None:
    """The pool is LIFO: the next unit of work gets the backend that served the last one — warm, and
    holding the statements it repeats prepared — not the one idle longest (issuance on a hot debtor
    ran at about two thirds of the rate with connections handed out in turn)."""
    url = postgres_server.create()
    database = Database(url, pool=PoolSize(connections=3, overflow=0))
    try:
        opened = [database.engine.connect() for _ in range(3)]
        backends = [connection.scalar(text("SELECT pg_backend_pid()")) for connection in opened]
        for connection in opened:  # returned in this order: the third last
            connection.close()
        repeated = text("SELECT count(*) FROM pg_class WHERE relkind = :kind")
        for _ in range(6):  # committed, as a write is (psycopg forgets what it prepared at a ROLLBACK)
            with database.unit_of_work() as uow:
                assert uow.session.scalar(text("SELECT pg_backend_pid()")) == backends[2]
                uow.session.execute(repeated, {"kind": "r"})
                uow.commit()
        with database.unit_of_work(write=False) as uow:
            prepared = uow.session.scalar(
                text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM pg_class%'")
            )
        assert prepared == 1  # the sixth transaction's query ran prepared, on the same backend
    finally:
        database.dispose()
        postgres_server.drop(url)
