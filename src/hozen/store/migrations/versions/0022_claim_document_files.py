"""claim documents: the uploaded file, or who confirmed the paper copy

A claim document counts as received only when its file is uploaded (kept in the database, at most
10 MB, PDF, JPEG or PNG) or when a staff member confirms receipt of a paper copy. ``how`` says which
(``upload`` or ``paper``); rows recorded before this revision keep ``how`` empty.

Revision ID: 0022
Revises: 0015
Created: 2026-12-04 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim_documents") as batch:
        batch.add_column(sa.Column("how", sa.String(length=10), server_default="", nullable=False))
        batch.add_column(sa.Column("received_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("file_name", sa.String(length=200), server_default="", nullable=False))
        batch.add_column(sa.Column("content_type", sa.String(length=40), server_default="", nullable=False))
        batch.add_column(sa.Column("size", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("content", sa.LargeBinary(), nullable=True))
        batch.create_foreign_key(op.f("fk_claim_documents_received_by_users"), "users", ["received_by"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("claim_documents") as batch:
        batch.drop_constraint(op.f("fk_claim_documents_received_by_users"), type_="foreignkey")
        for column in ("content", "size", "content_type", "file_name", "received_by", "how"):
            batch.drop_column(column)
