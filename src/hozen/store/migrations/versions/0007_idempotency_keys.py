"""idempotency keys: one table for every command that moves money or reserves limits; purchase
subsidy reversals name their purchase

The keys of earlier applications (stored as ``KEY:DEBTOR:FRAME`` on each application) and of
payments move into ``idempotency_keys`` with the fingerprint of the request that used them, so a
retry after the upgrade is still answered with the first result. A downgrade keeps the payments'
keys (they never left the payments table) but not the applications': their column comes back empty.

Before this revision the reversal of a cancelled purchase's subsidy was booked without the
purchase's id, so the subsidy claim could not name it. Each such reversal is given the purchase of
the booking it negates: the booking with the same customer, debtor, amount, rates, days and the
opposite subsidy that has no reversal yet, oldest first.

Revision ID: 0007
Revises: 0006
Created: 2026-11-23 13:00:00
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fingerprint(request: dict[str, Any]) -> str:
    """The same canonical form as hozen.services.idempotency.fingerprint at this revision."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_SAME_BOOKING = "customer_id, debtor_id, amount, gross_rate, subsidy_rate, days"


def _name_the_purchases_of_subsidy_reversals(connection: sa.Connection) -> None:
    orphans = connection.execute(
        sa.text(
            f"SELECT id, {_SAME_BOOKING}, subsidy FROM subsidy_entries WHERE reversal AND product = 'purchase' "
            "AND purchase_id IS NULL AND guarantee_id IS NULL ORDER BY id"
        )
    ).all()
    reversed_already = set(
        connection.execute(
            sa.text("SELECT purchase_id FROM subsidy_entries WHERE reversal AND purchase_id IS NOT NULL")
        ).scalars()
    )
    bookings = connection.execute(
        sa.text(
            f"SELECT purchase_id, {_SAME_BOOKING}, subsidy FROM subsidy_entries "
            "WHERE NOT reversal AND purchase_id IS NOT NULL ORDER BY id"
        )
    ).all()
    for orphan_id, *key, subsidy in orphans:
        for purchase_id, *booked_key, booked_subsidy in bookings:
            if purchase_id not in reversed_already and booked_key == key and booked_subsidy == -subsidy:
                connection.execute(
                    sa.text("UPDATE subsidy_entries SET purchase_id = :purchase WHERE id = :id"),
                    {"purchase": purchase_id, "id": orphan_id},
                )
                reversed_already.add(purchase_id)
                break


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("command", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("scope", "command", "key", name=op.f("uq_idempotency_keys_scope")),
    )
    connection = op.get_bind()
    rows: list[dict[str, Any]] = []
    applied: dict[tuple[int, str], list[tuple[int, int, Any]]] = defaultdict(list)
    for application_id, customer_id, review_id, stored, created_at in connection.execute(
        sa.text(
            "SELECT id, customer_id, review_request_id, idempotency_key, created_at FROM applications "
            "WHERE idempotency_key IS NOT NULL ORDER BY id"
        )
    ):
        applied[(customer_id, stored.rsplit(":", 2)[0])].append((application_id, review_id, created_at))
    for (customer_id, key), applications in applied.items():
        ids = [application_id for application_id, _, _ in applications]
        line_ids = sorted(
            connection.execute(
                sa.text("SELECT id FROM review_lines WHERE application_id IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": ids},
            ).scalars()
        )
        request = {"review_id": applications[0][1], "line_ids": line_ids}
        rows.append(
            {
                "scope": f"customer:{customer_id}",
                "command": "apply",
                "key": key,
                "fingerprint": _fingerprint(request),
                "result": json.dumps(ids),
                "created_at": applications[0][2],
            }
        )
    for payment_id, invoice_id, amount, received_on, key, created_at in connection.execute(
        sa.text("SELECT id, invoice_id, amount, received_on, idempotency_key, created_at FROM payments ORDER BY id")
    ):
        request = {"invoice_id": invoice_id, "amount": amount, "received_on": str(received_on)}
        rows.append(
            {
                "scope": "staff",
                "command": "payment",
                "key": key,
                "fingerprint": _fingerprint(request),
                "result": json.dumps([payment_id]),
                "created_at": created_at,
            }
        )
    if rows:  # as stored: the timestamps pass through untouched on either database
        connection.execute(
            sa.text(
                "INSERT INTO idempotency_keys (scope, command, key, fingerprint, result, created_at) "
                "VALUES (:scope, :command, :key, :fingerprint, :result, :created_at)"
            ),
            rows,
        )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_applications_idempotency_key"), type_="unique")
        batch_op.drop_column("idempotency_key")
    _name_the_purchases_of_subsidy_reversals(connection)


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("idempotency_key", sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_applications_idempotency_key"), ["idempotency_key"])
    op.drop_table("idempotency_keys")
