"""customers' payout bank accounts, and the 全銀 transfer exports with the payments each holds

Revision ID: 0016
Revises: 0019
Created: 2026-12-04 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_bank_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("bank_code", sa.String(length=4), nullable=False),
        sa.Column("bank_name", sa.String(length=15), nullable=False),
        sa.Column("branch_code", sa.String(length=3), nullable=False),
        sa.Column("branch_name", sa.String(length=15), nullable=False),
        sa.Column("account_type", sa.String(length=1), nullable=False),
        sa.Column("account_number", sa.String(length=7), nullable=False),
        sa.Column("holder_name", sa.String(length=30), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_customer_bank_accounts_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_customer_bank_accounts_updated_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_bank_accounts")),
        sa.UniqueConstraint("customer_id", name=op.f("uq_customer_bank_accounts_customer_id")),
    )
    op.create_table(
        "transfer_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transfer_date", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_transfer_exports_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_exports")),
    )
    op.create_index(op.f("ix_transfer_exports_transfer_date"), "transfer_exports", ["transfer_date"], unique=False)
    op.create_table(
        "transfer_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("export_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_transfer_lines_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["export_id"], ["transfer_exports.id"], name=op.f("fk_transfer_lines_export_id_transfer_exports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_lines")),
        sa.UniqueConstraint("kind", "payment_id", name=op.f("uq_transfer_lines_kind")),
    )
    op.create_index(op.f("ix_transfer_lines_export_id"), "transfer_lines", ["export_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_transfer_lines_export_id"), table_name="transfer_lines")
    op.drop_table("transfer_lines")
    op.drop_index(op.f("ix_transfer_exports_transfer_date"), table_name="transfer_exports")
    op.drop_table("transfer_exports")
    op.drop_table("customer_bank_accounts")
