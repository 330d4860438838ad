"""Database-specific statements of the notifications and their outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hozen.domain.codes.notices import DeliveryState
from hozen.store.models import Notification, OutboxDelivery

PENDING = DeliveryState.PENDING.value
DELIVERED = DeliveryState.DELIVERED.value
FAILED = DeliveryState.FAILED.value
CANCELLED = DeliveryState.CANCELLED.value  # its webhook endpoint was disabled


def insert_new_notifications(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert the notifications not there yet (by kind, entity and entity id); the ids of those inserted.

    A second or a concurrent run meets the unique constraint and inserts nothing.
    """
    if not rows:
        return []
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(Notification)
        .values(list(rows))
        .on_conflict_do_nothing(index_elements=["kind", "entity", "entity_id"])
        .returning(Notification.id)
    )
    return list(session.scalars(statement))


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
