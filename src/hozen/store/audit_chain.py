"""The hash chain over the history (``state_history``): evidence that no row was edited, deleted,
inserted or reordered after it was committed.

The services hand their history rows to :func:`write`: they are kept with the session and inserted
*sealed* by :func:`seal`, which runs in the unit of work's commit. Sealing locks the single
chain-head row (``FOR UPDATE`` on PostgreSQL; SQLite's write lock is already held) and takes ids for
the rows in the same statement, hashes the rows in Python after the head's hash, then inserts them
with ``seq``, ``prev_hash`` and ``row_hash`` and advances the head: on PostgreSQL in one statement
(the rows one JSON document, the head's move a ``WITH``), on SQLite an ``executemany`` and an
``UPDATE``. Two statements (three on SQLite) for any number of rows; the head — a lock every writer
shares — is held from the first to the commit. A row inserted another way through the session
(``seq`` NULL) is sealed in the same step, read back in id order before the written ones. A
transaction that wrote no history does nothing; rows written under a savepoint that is rolled back
are forgotten with it.

A row's hash is SHA-256 over the canonical JSON of its position, its content and the hash of the row
before; the serialisation reads the same on SQLite and PostgreSQL (timestamps in UTC ISO with
microseconds, NULL distinct from ``""``). :func:`verify` walks the chain in order, streaming.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from sqlalchemy import Integer, ScalarSelect, Select, Table, bindparam, event, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from hozen.store.bulk import recordset, recordset_insert
from hozen.store.models import HistoryChainHead, StateChange, utcnow

GENESIS = "0" * 64
"""The ``prev_hash`` of the first row."""

HEAD_ID = 1
_HISTORY_WRITTEN = "hozen_history_written"
_PENDING = "hozen_history_pending"
_HISTORY = cast(Table, StateChange.__table__)
_STREAM_ROWS = 10_000

CHAINED = (
    StateChange.seq,
    StateChange.id,
    StateChange.entity,
    StateChange.entity_id,
    StateChange.from_state,
    StateChange.to_state,
    StateChange.actor_id,
    StateChange.at,
    StateChange.business_date,
    StateChange.reason,
    StateChange.changes,
)
"""The columns a row's hash covers, in the order they are serialised. ``changes`` came last and is
left out while it is NULL, so the rows sealed before it existed keep their hashes."""


def _canonical(value: Any) -> str:
    """A date or timestamp as the hash serialises it (``json.dumps`` asks only for what JSON lacks)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not part of a history row")


def chain_hash(prev_hash: str, content: tuple[Any, ...]) -> str:
    """The hash of one row: its chained columns (:data:`CHAINED`, ``seq`` first) after the previous hash."""
    seq, row_id, *described = content
    return _hash(prev_hash, seq, row_id, _described(described))


def _hash(prev_hash: str, seq: int, row_id: int, described: str) -> str:
    """SHA-256 of the canonical JSON ``[prev_hash, seq, id, entity, …]``, whose part after the id,
    ``described`` (:func:`_described`), can be made before the row has a place in the chain."""
    canonical = _json([prev_hash, seq, row_id])[:-1] + "," + described
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _described(content: list[Any]) -> str:
    """The canonical JSON of a row's chained columns after its ``seq`` and id, without its ``[``."""
    if content and content[-1] is None:  # no ``changes``: the row hashes as it did before the column
        content = content[:-1]
    return _json(content)[1:]


def _json(value: list[Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_canonical)


# --- sealing ----------------------------------------------------------------------------------


class HistoryRow(NamedTuple):
    """One history row's content, as the services write it (see :func:`write`)."""

    entity: str
    entity_id: int
    from_state: str | None
    to_state: str
    actor_id: int | None
    business_date: dt.date
    reason: str = ""
    changes: str | None = None


@dataclass(frozen=True, slots=True)
class _Written:
    row: HistoryRow
    at: dt.datetime
    transaction: SessionTransaction
    described: str
    """Its part of the canonical JSON that does not depend on its place (see :func:`_hash`): made as
    it is written, so that under the chain head's lock only the hashes are left to compute."""


def write(session: Session, rows: Iterable[HistoryRow]) -> None:
    """History rows of the current transaction, inserted sealed when it commits (:func:`seal`)."""
    transaction = session.get_nested_transaction() or session.get_transaction() or session.begin()
    at = utcnow()
    at_text = _canonical(at)  # each row's timestamp and date as text: no call back from the encoder
    pending = session.info.setdefault(_PENDING, [])
    pending.extend(_Written(row, at, transaction, _row_described(row, at_text)) for row in rows)


def _row_described(row: HistoryRow, at_text: str) -> str:
    """:func:`_described` of a row written at ``at_text`` (its canonical text), in :data:`CHAINED`'s order."""
    content = [row.entity, row.entity_id, row.from_state, row.to_state, row.actor_id, at_text]
    return _described([*content, row.business_date.isoformat(), row.reason, row.changes])


def has_written(session: Session) -> bool:
    """Whether the session's transaction holds history rows not committed yet."""
    return bool(session.info.get(_PENDING) or session.info.get(_HISTORY_WRITTEN))


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    """Rows written inside a transaction or savepoint that is rolled back are not inserted."""
    pending: list[_Written] | None = session.info.get(_PENDING)
    if pending:
        session.info[_PENDING] = [item for item in pending if not _within(item.transaction, previous_transaction)]


def _within(transaction: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "before_flush")
def _note_new_history(session: Session, _context: Any, _instances: Any) -> None:
    if any(isinstance(obj, StateChange) for obj in session.new):
        session.info[_HISTORY_WRITTEN] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_history(state: ORMExecuteState) -> None:
    table = getattr(state.statement, "table", None)  # an ORM insert names an annotated copy of the table
    if state.is_insert and getattr(table, "name", None) == StateChange.__tablename__:
        state.session.info[_HISTORY_WRITTEN] = True


def seal(session: Session) -> None:
    """Chain this transaction's history rows after the last committed one; call just before commit."""
    session.flush()  # the commit would flush anyway; this notes the history rows it inserts
    inserted = session.info.pop(_HISTORY_WRITTEN, False)
    written: list[_Written] = session.info.pop(_PENDING, [])
    if not (inserted or written):
        return
    head = _locked_head(session, len(written))  # first: rows committed unsealed elsewhere are then read once
    unsealed = (
        session.execute(select(*CHAINED).where(StateChange.seq.is_(None)).order_by(StateChange.id)).all()
        if inserted
        else []
    )
    seq, previous = head.seq, head.row_hash
    sealed: list[dict[str, Any]] = []
    for row in unsealed:
        seq += 1
        digest = chain_hash(previous, (seq, *row[1:]))
        sealed.append({"id": row.id, "seq": seq, "prev_hash": previous, "row_hash": digest})
        previous = digest
    new_rows: list[dict[str, Any]] = []
    for row_id, item in zip(head.ids, written, strict=True):
        seq += 1
        digest = _hash(previous, seq, row_id, item.described)
        new_rows.append(
            {"id": row_id, **item.row._asdict(), "at": item.at, "seq": seq, "prev_hash": previous, "row_hash": digest}
        )
        previous = digest
    if sealed:
        session.execute(update(StateChange), sealed)  # by primary key: one executemany
    moved = {"head_seq": seq, "head_hash": previous}
    if new_rows and session.get_bind().dialect.name == "postgresql":
        # one round trip under the head's lock: WITH moved AS (UPDATE head) INSERT … every row, as one
        # JSON document (the same statement whatever the number of rows: built and prepared once)
        session.execute(_sealing(tuple(new_rows[0])), {**recordset(new_rows), **moved})
        return
    if new_rows:
        session.execute(insert(_HISTORY), new_rows)  # Core: one executemany, no ORM bookkeeping
    if seq != head.seq:
        session.execute(_MOVE_HEAD, moved)


_HEAD = cast(Table, HistoryChainHead.__table__)  # statements on the table: no ORM step, no object loaded
_MOVE_HEAD = (
    update(_HEAD).where(_HEAD.c.id == HEAD_ID).values(seq=bindparam("head_seq"), row_hash=bindparam("head_hash"))
)


@functools.cache
def _sealing(names: tuple[str, ...]) -> postgresql.Insert:
    return recordset_insert(_HISTORY, names).add_cte(_MOVE_HEAD.cte("moved_head"))


class _Head(NamedTuple):
    seq: int
    row_hash: str
    ids: list[int]
    """Ids for the rows :func:`write` kept, taken with the head's lock."""


def _locked_head(session: Session, count: int) -> _Head:
    """The chain head, locked, and ``count`` ids for new history rows in the same statement: from the
    table's sequence on PostgreSQL, after the largest id on SQLite (whose write lock is held)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    locked, wanted = (_LOCK_HEAD_TAKING_IDS, {"count": count}) if postgres else (_LOCK_HEAD_AFTER_LARGEST, {})
    head = session.execute(locked, wanted).first()
    if head is None:  # an empty database: the first writer creates the head, a concurrent one waits for it
        dialect = postgresql if postgres else sqlite
        session.execute(
            dialect.insert(HistoryChainHead)
            .values(id=HEAD_ID, seq=0, row_hash=GENESIS)
            .on_conflict_do_nothing(index_elements=["id"])
        )
        head = session.execute(locked, wanted).one()
    seq, row_hash, new_ids = head
    if postgres:
        return _Head(seq, row_hash, sorted(new_ids or []))
    return _Head(seq, row_hash, list(range(new_ids + 1, new_ids + 1 + count)))


def _head_with(ids: ScalarSelect[Any]) -> Select[Any]:
    return select(_HEAD.c.seq, _HEAD.c.row_hash, ids).where(_HEAD.c.id == HEAD_ID)


_LOCK_HEAD_TAKING_IDS = _head_with(
    select(func.array_agg(func.nextval(func.pg_get_serial_sequence(_HISTORY.name, "id"))))
    .select_from(func.generate_series(1, bindparam("count", type_=Integer())))
    .scalar_subquery()
).with_for_update()
_LOCK_HEAD_AFTER_LARGEST = _head_with(
    select(func.coalesce(func.max(_HISTORY.c.id), 0)).scalar_subquery()
).with_for_update()


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first row where the chain does not hold, and how: ``edited`` (its content or hash changed),
    ``gap`` (a row before it was deleted, or one was inserted or moved), ``unsealed`` (written around
    the application) or ``end`` (the last rows were deleted: the head names a later row)."""

    row_id: int | None
    seq: int | None
    kind: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    count: int
    head_hash: str
    broken: ChainBreak | None


def verify(session: Session) -> ChainReport:
    """Walk the whole chain in order (streaming) and report the first row that does not match."""
    unsealed = session.scalar(select(func.min(StateChange.id)).where(StateChange.seq.is_(None)))
    if unsealed is not None:
        return ChainReport(0, GENESIS, ChainBreak(unsealed, None, "unsealed"))
    count, previous = 0, GENESIS
    query = select(*CHAINED, StateChange.prev_hash, StateChange.row_hash).order_by(StateChange.seq)
    for row in session.execute(query.execution_options(yield_per=_STREAM_ROWS)):
        expected_seq = count + 1
        if row.seq != expected_seq or row.prev_hash != previous:
            return ChainReport(count, previous, ChainBreak(row.id, row.seq, "gap"))
        if chain_hash(previous, tuple(row[: len(CHAINED)])) != row.row_hash:
            return ChainReport(count, previous, ChainBreak(row.id, row.seq, "edited"))
        count, previous = expected_seq, row.row_hash
    head = session.execute(select(HistoryChainHead.seq, HistoryChainHead.row_hash)).first()
    head_seq, head_hash = (head.seq, head.row_hash) if head is not None else (0, GENESIS)
    if (head_seq, head_hash) != (count, previous):
        return ChainReport(count, previous, ChainBreak(None, head_seq, "end"))
    return ChainReport(count, previous, None)
