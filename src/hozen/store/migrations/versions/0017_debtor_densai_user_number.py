"""debtors' でんさい user number (利用者番号), by which a でんさい 開示 CSV names the debtor

Revision ID: 0017
Revises: 0016
Created: 2026-12-04 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("debtors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("densai_user_number", sa.String(length=9), nullable=True))
        batch_op.create_index(batch_op.f("ix_debtors_densai_user_number"), ["densai_user_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("debtors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debtors_densai_user_number"))
        batch_op.drop_column("densai_user_number")
