"""discounts

Revision ID: 0005
Revises: 0004
Created: 2026-11-22 14:37:55.311611
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "discounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guarantee_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("face", sa.BigInteger(), nullable=False),
        sa.Column("discount_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("discount_rate", sa.String(length=12), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("discount_fee", sa.BigInteger(), nullable=False),
        sa.Column("proceeds", sa.BigInteger(), nullable=False),
        sa.Column("note_received_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("executed_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_discounts_customer_id_customers")),
        sa.ForeignKeyConstraint(["executed_by"], ["users.id"], name=op.f("fk_discounts_executed_by_users")),
        sa.ForeignKeyConstraint(["guarantee_id"], ["guarantees.id"], name=op.f("fk_discounts_guarantee_id_guarantees")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discounts")),
        sa.UniqueConstraint("guarantee_id", name=op.f("uq_discounts_guarantee_id")),
    )
    with op.batch_alter_table("discounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_discounts_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_discounts_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("discounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_discounts_state"))
        batch_op.drop_index(batch_op.f("ix_discounts_customer_id"))

    op.drop_table("discounts")
