"""subsidy ledger

Revision ID: 0003
Revises: 0002
Created: 2026-11-22 14:14:45.027347
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subsidy_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guarantee_id", sa.Integer(), nullable=False),
        sa.Column("frame_change_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("debtor_id", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("gross_rate", sa.String(length=12), nullable=False),
        sa.Column("subsidy_rate", sa.String(length=12), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("subsidy", sa.BigInteger(), nullable=False),
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("reversal", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_subsidy_entries_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(["debtor_id"], ["debtors.id"], name=op.f("fk_subsidy_entries_debtor_id_debtors")),
        sa.ForeignKeyConstraint(
            ["frame_change_id"], ["frame_changes.id"], name=op.f("fk_subsidy_entries_frame_change_id_frame_changes")
        ),
        sa.ForeignKeyConstraint(
            ["guarantee_id"], ["guarantees.id"], name=op.f("fk_subsidy_entries_guarantee_id_guarantees")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subsidy_entries")),
    )
    with op.batch_alter_table("subsidy_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subsidy_entries_booked_on"), ["booked_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_subsidy_entries_guarantee_id"), ["guarantee_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("subsidy_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subsidy_entries_guarantee_id"))
        batch_op.drop_index(batch_op.f("ix_subsidy_entries_booked_on"))

    op.drop_table("subsidy_entries")
