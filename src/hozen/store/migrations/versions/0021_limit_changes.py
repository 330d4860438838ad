"""limit changes that wait for a second person (four eyes above the policy's amount)

Revision ID: 0021
Revises: 0017
Created: 2026-12-04 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "limit_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company", sa.String(length=20), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("before_limit", sa.BigInteger(), nullable=True),
        sa.Column("requested_limit", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_reason", sa.String(length=500), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["requested_by"], ["users.id"], name=op.f("fk_limit_changes_requested_by_users")),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"], name=op.f("fk_limit_changes_decided_by_users")),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name=op.f("fk_limit_changes_application_id_applications")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_limit_changes")),
    )
    op.create_index(op.f("ix_limit_changes_company_id"), "limit_changes", ["company_id"])
    op.create_index(op.f("ix_limit_changes_state"), "limit_changes", ["state"])


def downgrade() -> None:
    op.drop_index(op.f("ix_limit_changes_state"), table_name="limit_changes")
    op.drop_index(op.f("ix_limit_changes_company_id"), table_name="limit_changes")
    op.drop_table("limit_changes")
