"""National programme rules as effective-dated versions (SPEC §3).

A transaction is priced and checked under the version in force on its start date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from hozen.domain.codes import PricingCode
from hozen.domain.errors import DomainError
from hozen.domain.money import Yen


@dataclass(frozen=True, slots=True)
class ProgrammeRules:
    """One version of the programme's rules."""

    effective_from: dt.date
    subsidy_ratio: Fraction  # share of the gross annual rate paid by the state (1/3)
    subsidy_cap: Fraction  # % p.a. of the guaranteed amount (1.5)
    ar_guaranteed_share: Fraction  # share of an invoice that may be guaranteed without a payment notice
    creditor_limit: Yen
    debtor_limit: Yen
    creditor_max_capital: Yen
    creditor_max_employees: int
    programme_end: dt.date
    loss_compensation_ratio: Fraction
    note_site_days: int  # the programme FAQ's default for a policy that is silent

    def receives_applications_on(self, day: dt.date) -> bool:
        """The programme end is the last day a new application may be received (SPEC §3)."""
        return day <= self.programme_end

    def subsidy_rate(self, gross_rate: Fraction) -> Fraction:
        """min(gross × ratio, cap): the state's share of the annual rate."""
        return min(gross_rate * self.subsidy_ratio, self.subsidy_cap)


@dataclass(frozen=True, slots=True)
class ProgrammeHistory:
    """All versions, ordered by effective date."""

    versions: tuple[ProgrammeRules, ...]

    @classmethod
    def of(cls, versions: Sequence[ProgrammeRules]) -> ProgrammeHistory:
        ordered = tuple(sorted(versions, key=lambda v: v.effective_from))
        dates = [v.effective_from for v in ordered]
        if not ordered or len(set(dates)) != len(dates):
            raise ValueError("programme versions need distinct effective dates")
        return cls(ordered)

    def in_force(self, day: dt.date) -> ProgrammeRules:
        """The version in force on ``day``: the latest one whose effective date is not after it."""
        current = None
        for version in self.versions:
            if version.effective_from <= day:
                current = version
        if current is None:
            first = self.versions[0].effective_from
            raise DomainError(PricingCode.BEFORE_PROGRAMME_START, {"date": day.isoformat(), "first": first.isoformat()})
        return current
