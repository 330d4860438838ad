"""claims, claim documents and recoveries

Revision ID: 0004
Revises: 0003
Created: 2026-11-22 14:20:15.582852
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guarantee_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=30), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("claim_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("receivables", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("payable", sa.BigInteger(), nullable=True),
        sa.Column("filed_by", sa.Integer(), nullable=True),
        sa.Column("assessed_by", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_amount", sa.BigInteger(), nullable=True),
        sa.Column("assigned_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["approved_by"], ["users.id"], name=op.f("fk_claims_approved_by_users")),
        sa.ForeignKeyConstraint(["assessed_by"], ["users.id"], name=op.f("fk_claims_assessed_by_users")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_claims_customer_id_customers")),
        sa.ForeignKeyConstraint(["filed_by"], ["users.id"], name=op.f("fk_claims_filed_by_users")),
        sa.ForeignKeyConstraint(["guarantee_id"], ["guarantees.id"], name=op.f("fk_claims_guarantee_id_guarantees")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_guarantee_id"), ["guarantee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_state"), ["state"], unique=False)

    op.create_table(
        "claim_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_documents_claim_id_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_documents")),
    )
    with op.batch_alter_table("claim_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_documents_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "recoveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_recoveries_claim_id_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recoveries")),
    )
    with op.batch_alter_table("recoveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recoveries_claim_id"), ["claim_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recoveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recoveries_claim_id"))

    op.drop_table("recoveries")
    with op.batch_alter_table("claim_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_documents_claim_id"))

    op.drop_table("claim_documents")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_state"))
        batch_op.drop_index(batch_op.f("ix_claims_guarantee_id"))
        batch_op.drop_index(batch_op.f("ix_claims_customer_id"))

    op.drop_table("claims")
