"""Limits and exposure arithmetic (SPEC §3, §5).

Exposure of a debtor or customer = Σ live reservations (guaranteed amounts of individual guarantees,
limits of frames, face values of purchased notes not yet due). The store locks the limit rows; this
module only decides whether a new reservation fits.
"""

from __future__ import annotations

from dataclasses import dataclass

from hozen.domain.codes import EligibilityCode
from hozen.domain.money import Yen
from hozen.domain.policy import Policy
from hozen.domain.programme import ProgrammeRules

CREDITOR_LIMIT_EXCEEDED = EligibilityCode.CREDITOR_LIMIT_EXCEEDED
DEBTOR_LIMIT_EXCEEDED = EligibilityCode.DEBTOR_LIMIT_EXCEEDED


def _smallest(*limits: Yen | None) -> Yen:
    return min(limit for limit in limits if limit is not None)


def debtor_limit(rules: ProgrammeRules, policy: Policy, net_assets: Yen | None, own_limit: Yen | None = None) -> Yen:
    """min(programme ¥600m, the debtor's net assets, the policy's figure, a limit set for this debtor).

    Unknown or negative net assets leave no room: a debtor with no positive net assets has limit 0.
    """
    assets = 0 if net_assets is None else max(net_assets, 0)
    return _smallest(rules.debtor_limit, assets, policy.debtor_limit, own_limit)


def creditor_limit(rules: ProgrammeRules, policy: Policy, own_limit: Yen | None = None) -> Yen:
    """min(programme ¥600m, the policy's figure, a limit set for this customer)."""
    return _smallest(rules.creditor_limit, policy.creditor_limit, own_limit)


@dataclass(frozen=True, slots=True)
class Headroom:
    """Where a debtor and a customer stand against their limits."""

    debtor_exposure: Yen
    debtor_limit: Yen
    creditor_exposure: Yen
    creditor_limit: Yen

    def breaches(self, amount: Yen) -> tuple[EligibilityCode, ...]:
        """The limits a new reservation of ``amount`` would exceed (debtor first), as reason codes."""
        codes = []
        if self.debtor_exposure + amount > self.debtor_limit:
            codes.append(DEBTOR_LIMIT_EXCEEDED)
        if self.creditor_exposure + amount > self.creditor_limit:
            codes.append(CREDITOR_LIMIT_EXCEEDED)
        return tuple(codes)


def raises_limit(before: Yen | None, after: Yen | None) -> bool:
    """Whether setting a company's own limit from ``before`` to ``after`` lets it take more exposure
    (no own limit — ``None`` — is the highest: only the programme's and the policy's caps apply)."""
    if after is None:
        return before is not None
    return before is not None and after > before


def needs_second_person(before: Yen | None, after: Yen | None, four_eyes_above: Yen | None) -> bool:
    """A limit change a second person must approve (four eyes, docs/workflow.md): one that raises the
    limit to more than the policy's amount, or removes it. Lowering a limit never waits: it only
    reduces risk. With no amount in the policy, no change waits."""
    if four_eyes_above is None or not raises_limit(before, after):
        return False
    return after is None or after > four_eyes_above
