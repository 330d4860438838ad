"""The audit trail's verification: the hash chain over the whole history."""

from __future__ import annotations

from hozen.domain.roles import Actor, Permission
from hozen.services.common import UnitOfWork
from hozen.store import audit_chain
from hozen.store.audit_chain import ChainReport


def verify_history(uow: UnitOfWork, actor: Actor) -> ChainReport:
    """Walk the chain from its first row; the report names the first row that does not match."""
    actor.require(Permission.VIEW_PORTFOLIO)
    return audit_chain.verify(uow.session)
