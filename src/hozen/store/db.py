"""Engines, sessions and the unit of work.

SQLite (the embedded default) runs with foreign keys on, WAL and a busy timeout; a *write* unit of
work takes SQLite's write lock up front (``BEGIN IMMEDIATE``) so that two writers never interleave
between a read and the write that depends on it. On PostgreSQL a write unit of work is an ordinary
transaction; the repositories lock the rows they depend on with ``SELECT … FOR UPDATE``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from hozen.clock import Clock, SystemClock
from hozen.store import audit_chain

WRITE = "hozen_write"
SQLITE_BUSY_TIMEOUT_MS = 30_000


@dataclass(frozen=True, slots=True)
class PoolSize:
    """The connections one server process may hold (PostgreSQL; SQLite opens a file per thread).

    ``connections`` is the number of request threads: every request uses one unit of work, so a
    thread never needs a second connection. A request that finds every connection taken waits at
    most ``timeout`` seconds and is then answered 503 with ``Retry-After``.

    The pool hands out the connection returned last (LIFO): a process's next transaction runs on
    the backend that served the last one, whose caches are warm and which has prepared the
    statements it repeats (psycopg prepares a statement a connection has run five times). Handed
    out in turn, each connection saw a statement once every ``connections`` transactions: issuance
    on one hot debtor ran at 34 % of pgbench, against 44–54 % so (docs/performance.md).
    """

    connections: int = 16
    overflow: int = 4
    timeout: float = 5.0


def make_engine(url: str, pool: PoolSize | None = None) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        pool = pool or PoolSize()
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_use_lifo=True,
            pool_size=pool.connections,
            max_overflow=pool.overflow,
            pool_timeout=pool.timeout,
        )
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class UnitOfWork:
    """One business transaction: commit once, roll back unless committed.

    It carries the clock the database was opened with, so that a service stamps its rows with the
    same "now" the entrypoint uses (see :mod:`hozen.clock`).
    """

    def __init__(self, session: Session, clock: Clock) -> None:
        self.session = session
        self.clock = clock
        self._committed = False

    def commit(self) -> None:
        audit_chain.seal(self.session)
        self.session.commit()
        self._committed = True

    def rollback(self) -> None:
        self.session.rollback()


class Database:
    """The session factory of one database."""

    def __init__(self, url: str, clock: Clock | None = None, pool: PoolSize | None = None) -> None:
        self.url = url
        self.clock: Clock = clock or SystemClock()
        self.engine = make_engine(url, pool)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # every transaction of a write unit of work takes SQLite's write lock as it begins, also
        # one begun after an early commit inside the same unit of work
        self.write_sessions = sessionmaker(self.engine.execution_options(**{WRITE: True}), expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def unit_of_work(self, *, write: bool = True, begin_now: bool = True) -> Iterator[UnitOfWork]:
        """``begin_now=False`` opens without touching the database (no I/O, so an event loop may open
        it): a write unit of work then begins at its first statement, in the same way."""
        with (self.write_sessions if write else self.sessions)() as session:
            if write and begin_now:
                session.connection()  # begin now: SQLite's write lock before the first read
            uow = UnitOfWork(session, self.clock)
            try:
                yield uow
            finally:
                if not uow._committed:
                    session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()
