"""The hash chain over the history (``state_history``): evidence that no row was edited, deleted,
inserted or reordered after it was committed.

Every history row is inserted *unsealed* (``seq``, ``prev_hash``, ``row_hash`` NULL), by the ORM or
by a bulk insert through the session. :func:`seal` runs in the unit of work's commit: it locks the
single chain-head row (``FOR UPDATE`` on PostgreSQL; SQLite's write lock is already held), reads
this transaction's unsealed rows in id order — committed rows are always sealed, so ``seq IS NULL``
finds exactly this transaction's — hashes them in Python and writes the hashes back in one
``executemany``, then advances the head. The head lock is taken last and held only until the commit
that follows, so it adds no lock-order cycle. A transaction that wrote no history does nothing.

A row's hash is SHA-256 over the canonical JSON of its position, its content and the hash of the row
before; the serialisation reads the same on SQLite and PostgreSQL (timestamps in UTC ISO with
microseconds, NULL distinct from ``""``). :func:`verify` walks the chain in order, streaming.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, event, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session

from hozen.store.models import HistoryChainHead, StateChange

GENESIS = "0" * 64
"""The ``prev_hash`` of the first row."""

HEAD_ID = 1
_HISTORY_WRITTEN = "hozen_history_written"
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


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def chain_hash(prev_hash: str, content: tuple[Any, ...]) -> str:
    """The hash of one row: its chained columns (:data:`CHAINED`, ``seq`` first) after the previous hash."""
    if content and content[-1] is None:  # no ``changes``: the row hashes as it did before the column
        content = content[:-1]
    canonical = json.dumps(
        [prev_hash, *(_canonical(value) for value in content)], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- sealing ----------------------------------------------------------------------------------


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
    if not session.info.pop(_HISTORY_WRITTEN, False):
        return
    head = _locked_head(session)  # first: rows committed unsealed by another path are then read once
    unsealed = session.execute(select(*CHAINED).where(StateChange.seq.is_(None)).order_by(StateChange.id)).all()
    if not unsealed:
        return
    seq, previous = head.seq, head.row_hash
    sealed: list[dict[str, Any]] = []
    for row in unsealed:
        seq += 1
        digest = chain_hash(previous, (seq, *row[1:]))
        sealed.append({"id": row.id, "seq": seq, "prev_hash": previous, "row_hash": digest})
        previous = digest
    session.execute(update(StateChange), sealed)  # by primary key: one executemany
    session.execute(update(HistoryChainHead).where(HistoryChainHead.id == HEAD_ID).values(seq=seq, row_hash=previous))


def _locked_head(session: Session) -> Row[int, str]:
    locked = select(HistoryChainHead.seq, HistoryChainHead.row_hash).where(HistoryChainHead.id == HEAD_ID)
    head = session.execute(locked.with_for_update()).first()
    if head is None:  # an empty database: the first writer creates the head, a concurrent one waits for it
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(
            dialect.insert(HistoryChainHead)
            .values(id=HEAD_ID, seq=0, row_hash=GENESIS)
            .on_conflict_do_nothing(index_elements=["id"])
        )
        head = session.execute(locked.with_for_update()).one()
    return head


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
