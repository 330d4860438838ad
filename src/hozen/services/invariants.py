"""The database check (``hozen db check``): do the stored books still add up?

It reads only. Each invariant is a set-based query in :mod:`hozen.store.invariants`; this service runs
them in order and adds the one figure the store cannot know, the limits of today's programme rules and
the company's policy (SPEC §3, §5). Exposure over a limit is always reported, also when it was accepted
before the limit was lowered: the check cannot tell the two apart, and either way nothing new fits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from hozen.domain.codes import InvariantCode
from hozen.domain.limits import creditor_limit, debtor_limit
from hozen.domain.policy import Policy
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import Entity
from hozen.policies import programme
from hozen.services.common import UnitOfWork
from hozen.store import invariants
from hozen.store.invariants import Finding


def check(uow: UnitOfWork, actor: Actor, policy: Policy, today: dt.date) -> list[Finding]:
    """Every violation of the ledger's invariants, invariant by invariant; empty when the books add up."""
    actor.require(Permission.VIEW_PORTFOLIO)
    session = uow.session
    return [
        *invariants.orphaned_reservations(session),
        *invariants.reservations_of_live_objects(session),
        *invariants.unbalanced_exposure(session, Entity.DEBTOR),
        *invariants.unbalanced_exposure(session, Entity.CUSTOMER),
        *_over_limit(uow, policy, today),
        *invariants.applications_and_invoices(session),
        *invariants.held_with_reservations(session),
        *invariants.state_history(session),
        *invariants.subsidy_ledger(session),
    ]


def _over_limit(uow: UnitOfWork, policy: Policy, today: dt.date) -> Iterator[Finding]:
    rules = programme().in_force(today)
    debtor_cap = min(limit for limit in (rules.debtor_limit, policy.debtor_limit) if limit is not None)
    caps = {Entity.DEBTOR: debtor_cap, Entity.CUSTOMER: creditor_limit(rules, policy)}
    for party, cap in caps.items():
        for row in invariants.over_limit(uow.session, party, cap):
            if party is Entity.DEBTOR:
                limit = debtor_limit(rules, policy, row.net_assets, row.own_limit)
            else:
                limit = creditor_limit(rules, policy, row.own_limit)
            if row.exposure > limit:
                figures = {"exposure": row.exposure, "limit": limit}
                yield Finding(InvariantCode.EXPOSURE_OVER_LIMIT, party, row.id, figures)


def as_json(findings: list[Finding]) -> dict[str, Any]:
    """The check's result for machines: each violation with its code, object, figures and messages."""
    return {
        "violations": [
            {
                "code": finding.code.value,
                "entity": finding.entity.value,
                "id": finding.id,
                "figures": dict(finding.figures),
                "message_ja": finding.code.message_ja(finding.context()),
                "message_en": finding.code.message_en(finding.context()),
            }
            for finding in findings
        ],
        "count": len(findings),
    }
