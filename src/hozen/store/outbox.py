"""Database-specific statements of the notifications and their outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Column, Row, Table, or_, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from hozen.domain.codes.notices import DeliveryState
from hozen.store.bulk import compact_json, recordset, recordset_insert
from hozen.store.models import Notification, OutboxDelivery

PENDING = DeliveryState.PENDING.value
DELIVERED = DeliveryState.DELIVERED.value
FAILED = DeliveryState.FAILED.value
CANCELLED = DeliveryState.CANCELLED.value  # its webhook endpoint was disabled


ROWS_PER_INSERT = 1_000  # rows per INSERT on SQLite: at most 9 columns each, under its 32,766 bound parameters


def insert_rows(
    session: Session,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    returning: Sequence[Column[Any]] = (),
    unique: Sequence[str] = (),
    json_text: Sequence[str] = (),
) -> list[Row[Any]]:
    """Insert ``rows`` (each with the same keys) in the caller's transaction: the ``returning`` columns
    of the rows inserted. Given the ``unique`` columns of a constraint, a row meeting it is skipped.
    The ``json_text`` columns are given as JSON values (objects, lists) and stored as their text
    (:func:`~hozen.store.bulk.compact_json`): on PostgreSQL they go inside the rows' document as they
    are — encoded once, not as an escaped string in it — and SQLite gets each row's encoded.

    Any number of rows fits the databases' limits on bound parameters: PostgreSQL takes them all as one
    JSON document (``json_to_recordset``) in a single statement, SQLite ``ROWS_PER_INSERT`` rows a
    statement. Neither builds ORM objects: a night of tens of thousands of notifications costs a few
    statements.
    """
    if not rows:
        return []
    statements: list[tuple[Any, dict[str, str]]]
    if session.get_bind().dialect.name == "postgresql":
        statements = [(recordset_insert(table, tuple(rows[0])), recordset(rows))]
    else:
        if json_text:
            rows = [{**row, **{name: compact_json(row[name]) for name in json_text}} for row in rows]
        statements = [
            (sqlite.insert(table).values(list(rows[start : start + ROWS_PER_INSERT])), {})
            for start in range(0, len(rows), ROWS_PER_INSERT)
        ]
    inserted: list[Row[Any]] = []
    for statement, parameters in statements:
        if unique:
            statement = statement.on_conflict_do_nothing(index_elements=list(unique))
        if returning:
            inserted.extend(session.execute(statement.returning(*returning), parameters).all())
        else:
            session.execute(statement, parameters)
    return inserted


Published = Row[int, str, int | None, str, str, int, str]  # a notification as it leaves, without ORM
PUBLISHED = (
    Notification.id,
    Notification.audience,
    Notification.customer_id,
    Notification.kind,
    Notification.entity,
    Notification.entity_id,
    Notification.message_ja,
)


def insert_new_notifications(session: Session, rows: Sequence[Mapping[str, Any]]) -> list[Published]:
    """Insert the notifications not there yet (by kind, entity and entity id); those inserted, by id.

    A second or a concurrent run meets the unique constraint and inserts nothing.
    """
    table = cast(Table, Notification.__table__)
    columns = [table.c[column.key] for column in PUBLISHED]
    inserted = insert_rows(session, table, rows, returning=columns, unique=["kind", "entity", "entity_id"])
    return sorted(cast(list[Published], inserted))


def lock_due_deliveries(session: Session, now: dt.datetime, limit: int) -> Sequence[OutboxDelivery]:
    """Pending deliveries due now whose lease, if any, has expired, locked for this worker.

    On PostgreSQL ``FOR UPDATE SKIP LOCKED`` lets several workers claim different rows at once;
    SQLite's write transactions are serialised anyway.
    """
    query = (
        select(OutboxDelivery)
        .where(
            OutboxDelivery.state == PENDING,
            OutboxDelivery.next_attempt_at <= now,
            or_(OutboxDelivery.lease_until.is_(None), OutboxDelivery.lease_until < now),
        )
        .order_by(OutboxDelivery.next_attempt_at, OutboxDelivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return session.scalars(query).all()
