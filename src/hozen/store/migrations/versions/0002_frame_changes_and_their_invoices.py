"""frame changes and their invoices

Revision ID: 0002
Revises: 0001
Created: 2026-11-22 14:04:36.642907
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "frame_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guarantee_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("old_limit", sa.BigInteger(), nullable=False),
        sa.Column("new_limit", sa.BigInteger(), nullable=False),
        sa.Column("old_end", sa.Date(), nullable=False),
        sa.Column("new_end", sa.Date(), nullable=False),
        sa.Column("priced_from", sa.Date(), nullable=False),
        sa.Column("priced_to", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("gross_fee", sa.BigInteger(), nullable=False),
        sa.Column("subsidy", sa.BigInteger(), nullable=False),
        sa.Column("net_fee", sa.BigInteger(), nullable=False),
        sa.Column("office_fee", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["approved_by"], ["users.id"], name=op.f("fk_frame_changes_approved_by_users")),
        sa.ForeignKeyConstraint(
            ["guarantee_id"], ["guarantees.id"], name=op.f("fk_frame_changes_guarantee_id_guarantees")
        ),
        sa.ForeignKeyConstraint(["requested_by"], ["users.id"], name=op.f("fk_frame_changes_requested_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frame_changes")),
    )
    with op.batch_alter_table("frame_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_frame_changes_guarantee_id"), ["guarantee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_frame_changes_state"), ["state"], unique=False)

    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("frame_change_id", sa.Integer(), nullable=True))
        batch_op.alter_column("application_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_unique_constraint(batch_op.f("uq_invoices_frame_change_id"), ["frame_change_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_invoices_frame_change_id_frame_changes"), "frame_changes", ["frame_change_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_invoices_frame_change_id_frame_changes"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_invoices_frame_change_id"), type_="unique")
        batch_op.alter_column("application_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("frame_change_id")

    with op.batch_alter_table("frame_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frame_changes_state"))
        batch_op.drop_index(batch_op.f("ix_frame_changes_guarantee_id"))

    op.drop_table("frame_changes")
