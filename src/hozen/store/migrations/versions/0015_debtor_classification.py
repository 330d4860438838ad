"""debtors' corporate group, prefecture and trade, for the concentration report (SPEC §19)

All optional: a debtor without a group is its own group; one without a prefecture or trade is counted
under 未設定 (not set).

Revision ID: 0015
Revises: 0021
Created: 2026-12-04 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("debtors") as batch:
        batch.add_column(sa.Column("group_code", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("group_name", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("prefecture", sa.String(length=2), nullable=True))
        batch.add_column(sa.Column("trade", sa.String(length=2), nullable=True))
        batch.create_index("ix_debtors_group_code", ["group_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("debtors") as batch:
        batch.drop_index("ix_debtors_group_code")
        batch.drop_column("trade")
        batch.drop_column("prefecture")
        batch.drop_column("group_name")
        batch.drop_column("group_code")
