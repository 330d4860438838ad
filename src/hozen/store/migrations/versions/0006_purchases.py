"""purchases

Revision ID: 0006
Revises: 0005
Created: 2026-11-22 14:40:05.184014
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "purchases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("review_line_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("debtor_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("face", sa.BigInteger(), nullable=False),
        sa.Column("purchase_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("gross_rate", sa.String(length=12), nullable=False),
        sa.Column("subsidy_rate", sa.String(length=12), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("gross_fee", sa.BigInteger(), nullable=False),
        sa.Column("subsidy", sa.BigInteger(), nullable=False),
        sa.Column("net_fee", sa.BigInteger(), nullable=False),
        sa.Column("transfer_fee", sa.BigInteger(), nullable=False),
        sa.Column("proceeds", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("papers_received_on", sa.Date(), nullable=True),
        sa.Column("executed_on", sa.Date(), nullable=True),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name=op.f("fk_purchases_application_id_applications")
        ),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_purchases_customer_id_customers")),
        sa.ForeignKeyConstraint(["debtor_id"], ["debtors.id"], name=op.f("fk_purchases_debtor_id_debtors")),
        sa.ForeignKeyConstraint(
            ["review_line_id"], ["review_lines.id"], name=op.f("fk_purchases_review_line_id_review_lines")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchases")),
        sa.UniqueConstraint("number", name=op.f("uq_purchases_number")),
        sa.UniqueConstraint("review_line_id", name=op.f("uq_purchases_review_line_id")),
    )
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_purchases_application_id"), ["application_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_purchases_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_purchases_debtor_id"), ["debtor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_purchases_state"), ["state"], unique=False)

    with op.batch_alter_table("reservations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purchase_id", sa.Integer(), nullable=True))
        batch_op.alter_column("guarantee_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_unique_constraint(batch_op.f("uq_reservations_purchase_id"), ["purchase_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_reservations_purchase_id_purchases"), "purchases", ["purchase_id"], ["id"]
        )

    with op.batch_alter_table("subsidy_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purchase_id", sa.Integer(), nullable=True))
        batch_op.alter_column("guarantee_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(batch_op.f("ix_subsidy_entries_purchase_id"), ["purchase_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_subsidy_entries_purchase_id_purchases"), "purchases", ["purchase_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("subsidy_entries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_subsidy_entries_purchase_id_purchases"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_subsidy_entries_purchase_id"))
        batch_op.alter_column("guarantee_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("purchase_id")

    with op.batch_alter_table("reservations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_reservations_purchase_id_purchases"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_reservations_purchase_id"), type_="unique")
        batch_op.alter_column("guarantee_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("purchase_id")

    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchases_state"))
        batch_op.drop_index(batch_op.f("ix_purchases_debtor_id"))
        batch_op.drop_index(batch_op.f("ix_purchases_customer_id"))
        batch_op.drop_index(batch_op.f("ix_purchases_application_id"))

    op.drop_table("purchases")
