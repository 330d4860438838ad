"""indexes for the daily run: guarantees by state and effect date, by state and due date; reviews by
policy

The daily run selects the guarantees that take effect and those that mature through these indexes,
so its work grows with the rows that change rather than with every live guarantee.

Revision ID: 0014
Revises: 0013
Created: 2026-12-04 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_guarantees_state_effect_date", "guarantees", ["state", "effect_date"], unique=False)
    op.create_index("ix_guarantees_state_end_date", "guarantees", ["state", "end_date"], unique=False)
    op.create_index("ix_review_requests_policy", "review_requests", ["policy"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_review_requests_policy", table_name="review_requests")
    op.drop_index("ix_guarantees_state_end_date", table_name="guarantees")
    op.drop_index("ix_guarantees_state_effect_date", table_name="guarantees")
