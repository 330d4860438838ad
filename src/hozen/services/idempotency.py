"""Idempotency keys of the commands that move money or reserve limits (DESIGN.md, "Idempotency").

A key is stored exactly (no pattern match) within a scope — the customer company a command acts
for, or ``staff`` for commands only staff send — together with a fingerprint of the request.
:func:`begin` inserts the key in the command's own transaction before anything else is written, and
:func:`finish` records what the command produced, committed with it:

* the first request with a key holds it until it commits (or, failing, releases it by rolling back);
* a retry with the same request is answered with the ids the first one produced;
* the same key with a different request is 409 ``IDEMPOTENCY_KEY_REUSED`` —
* also when both arrive at once: the second insert waits for the first transaction (PostgreSQL's
  unique index; SQLite's write lock) and then finds its row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hozen.domain.codes import WorkflowCode
from hozen.domain.errors import ConflictError
from hozen.services.common import UnitOfWork
from hozen.store.models import IdempotencyRecord

STAFF = "staff"


def customer_scope(customer_id: int) -> str:
    return f"customer:{customer_id}"


def fingerprint(request: Mapping[str, Any]) -> str:
    """SHA-256 of the request's canonical JSON (keys sorted, no spaces, dates as ISO text)."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Command:
    """One use of a key: which command, in which scope, for which request."""

    name: str
    scope: str
    key: str
    fingerprint: str
    variant: str = ""

    def where(self) -> tuple[Any, ...]:
        return (
            IdempotencyRecord.scope == self.scope,
            IdempotencyRecord.command == self.name,
            IdempotencyRecord.key == self.key,
        )


def begin(
    uow: UnitOfWork, name: str, scope: str, key: str | None, request: Mapping[str, Any], variant: str = ""
) -> tuple[Command | None, list[int] | None]:
    """Start command ``name`` under ``key`` (no key: no protection asked for, ``(None, None)``).

    Returns the command to :func:`finish`, and the ids of the first result when this is a retry
    (the caller answers with them and writes nothing)."""
    if key is None:
        return None, None
    command = Command(name, scope, key, fingerprint(request), variant)
    return command, _claim(uow, command)


def finish(uow: UnitOfWork, command: Command | None, ids: list[int]) -> None:
    """What the key's first use produced (the ids a retry is answered with), committed with the command."""
    if command is None:
        return
    record = uow.session.scalars(select(IdempotencyRecord).where(*command.where())).one()
    record.result = json.dumps(ids)


def _claim(uow: UnitOfWork, command: Command) -> list[int] | None:
    """``None`` when this is the key's first use (the key is now held by this transaction), or the
    ids the first use produced; ``IDEMPOTENCY_KEY_REUSED`` when the key came with another request."""
    session = uow.session
    earlier = session.scalars(select(IdempotencyRecord).where(*command.where())).first()
    if earlier is None:
        try:
            with session.begin_nested():
                session.add(
                    IdempotencyRecord(
                        scope=command.scope, command=command.name, key=command.key, fingerprint=command.fingerprint
                    )
                )
            return None
        except IntegrityError:  # the same key, committed by a concurrent transaction meanwhile
            earlier = session.scalars(
                select(IdempotencyRecord).where(*command.where()).execution_options(populate_existing=True)
            ).one()
    if earlier.fingerprint != command.fingerprint:
        context = {"variant": command.variant} if command.variant else {}
        raise ConflictError(WorkflowCode.IDEMPOTENCY_KEY_REUSED, context)
    ids: list[int] = json.loads(earlier.result)
    return ids
