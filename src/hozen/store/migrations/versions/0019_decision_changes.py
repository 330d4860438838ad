"""the fields a decision changed, before and after, on its history row

A decision (a limit changed, a user's role, the business date…) is recorded as a history row whose
``changes`` holds each field's value before and after, as JSON. State changes leave it NULL, and the
hash chain leaves a NULL out, so the rows sealed before this column keep their hashes.

Revision ID: 0019
Revises: 0014
Created: 2026-12-04 14:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("state_history") as batch:
        batch.add_column(sa.Column("changes", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("state_history") as batch:
        batch.drop_column("changes")
