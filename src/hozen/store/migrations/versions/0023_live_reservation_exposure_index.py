"""a partial index on the live reservations covering (debtor, customer, amount)

The nightly run sums the live reservations by (debtor, customer) for the limit alerts. Through this
index the sum reads a few megabytes of index in key order (an index-only scan and a grouped
aggregate on PostgreSQL) instead of the whole reservations table, released rows included.

Revision ID: 0023
Revises: 0020
Created: 2026-12-04 18:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("state = 'reserved'")


def upgrade() -> None:
    op.create_index(
        "ix_reservations_live_exposure",
        "reservations",
        ["debtor_id", "customer_id", "amount"],
        unique=False,
        postgresql_where=LIVE,
        sqlite_where=LIVE,
    )


def downgrade() -> None:
    op.drop_index("ix_reservations_live_exposure", table_name="reservations")
