"""history hash chain: every history row carries its position, the previous row's hash and its own

The rows already written are sealed in id order, with the same canonical form the application uses
(hozen.store.audit_chain at this revision), and the chain head is set to the last of them.

Revision ID: 0008
Revises: 0007
Created: 2026-12-04 13:00:00
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
_CONTENT = "id, entity, entity_id, from_state, to_state, actor_id, at, business_date, reason"


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)  # SQLite stores UTC, no zone
        return aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _hash(prev_hash: str, content: Sequence[Any]) -> str:
    canonical = json.dumps(
        [prev_hash, *(_canonical(value) for value in content)], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _parsed(value: Any, kind: type) -> Any:
    """SQLite hands back text for dates and timestamps through a plain SQL query."""
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value) if kind is dt.datetime else dt.date.fromisoformat(value)
    return value


def upgrade() -> None:
    with op.batch_alter_table("state_history", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_state_history_seq"), ["seq"])
    op.create_table(
        "history_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_chain_head")),
    )
    connection = op.get_bind()
    seq, previous = 0, GENESIS
    sealed: list[dict[str, Any]] = []
    for row in connection.execute(sa.text(f"SELECT {_CONTENT} FROM state_history ORDER BY id")):
        seq += 1
        content = [*row]
        content[6], content[7] = _parsed(content[6], dt.datetime), _parsed(content[7], dt.date)
        digest = _hash(previous, [seq, *content])
        sealed.append({"id": row.id, "seq": seq, "prev_hash": previous, "row_hash": digest})
        previous = digest
    if sealed:
        connection.execute(
            sa.text("UPDATE state_history SET seq = :seq, prev_hash = :prev_hash, row_hash = :row_hash WHERE id = :id"),
            sealed,
        )
    connection.execute(
        sa.text("INSERT INTO history_chain_head (id, seq, row_hash) VALUES (1, :seq, :row_hash)"),
        {"seq": seq, "row_hash": previous},
    )


def downgrade() -> None:
    op.drop_table("history_chain_head")
    with op.batch_alter_table("state_history", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_state_history_seq"), type_="unique")
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
