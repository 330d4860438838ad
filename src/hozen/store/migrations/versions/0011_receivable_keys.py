"""receivable keys: the keys of receivables on live guarantees and purchases, unique (SPEC §4.3)

Every guarantee or purchase that has not ended (ended, paid out, cancelled; collected, dishonoured,
cancelled) holds its receivable's keys. Where stored data already holds the same key twice, the
older holder keeps it.

Revision ID: 0011
Revises: 0008
Created: 2026-12-04 12:50:00
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from hozen.domain.duplicates import ReceivableIdentity, receivable_keys
from hozen.domain.policy import Product

revision: str = "0011"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ENDED_GUARANTEE = ("ended", "paid_out", "cancelled")
_ENDED_PURCHASE = ("collected", "dishonoured", "cancelled")


def upgrade() -> None:
    op.create_table(
        "receivable_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("review_line_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_line_id"], ["review_lines.id"], name=op.f("fk_receivable_keys_review_line_id_review_lines")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receivable_keys")),
        sa.UniqueConstraint("key", name=op.f("uq_receivable_keys_key")),
    )
    with op.batch_alter_table("receivable_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receivable_keys_review_line_id"), ["review_line_id"], unique=False)
    _hold_the_keys_of_live_holders()


def _hold_the_keys_of_live_holders() -> None:
    connection = op.get_bind()
    live = sa.text(
        "SELECT l.id, l.kind, r.customer_id, l.debtor_id, l.reference, l.amount, l.due_date FROM review_lines l "
        "JOIN review_requests r ON r.id = l.review_request_id "
        "WHERE l.id IN (SELECT review_line_id FROM guarantees WHERE state NOT IN :guarantee_ended) "
        "OR l.id IN (SELECT review_line_id FROM purchases WHERE state NOT IN :purchase_ended) ORDER BY l.id"
    ).bindparams(sa.bindparam("guarantee_ended", expanding=True), sa.bindparam("purchase_ended", expanding=True))
    held: dict[str, int] = {}
    rows = connection.execute(live, {"guarantee_ended": _ENDED_GUARANTEE, "purchase_ended": _ENDED_PURCHASE})
    for line_id, kind, customer_id, debtor_id, reference, amount, due_date in rows:
        if kind not in (Product.AR.value, Product.NOTE.value, Product.ERECORD.value):
            continue
        due = due_date if isinstance(due_date, dt.date) else dt.date.fromisoformat(due_date)
        identity = ReceivableIdentity(Product(kind), customer_id, debtor_id, reference, amount, due)
        for key in receivable_keys(identity):
            held.setdefault(key.value, line_id)
    if held:
        table = sa.table("receivable_keys", sa.column("key"), sa.column("review_line_id"))
        op.bulk_insert(table, [{"key": key, "review_line_id": line_id} for key, line_id in held.items()])


def downgrade() -> None:
    with op.batch_alter_table("receivable_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receivable_keys_review_line_id"))
    op.drop_table("receivable_keys")
