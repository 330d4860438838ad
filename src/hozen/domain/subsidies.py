"""The subsidy ledger, the subsidy claim and the loss-compensation claim (SPEC §3, §11).

The subsidy of a guarantee or purchase is fixed when it is priced and booked as a ledger entry;
a cancellation books the same amount negated on the day it is cancelled. A claim for a period sums
the entries booked in it, so an entry cancelled later appears as a reversal in the later period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from hozen.domain.money import Rounding, Yen, round_yen


@dataclass(frozen=True, slots=True)
class SubsidyEntry:
    reference: str  # certificate or purchase number
    customer: str
    debtor: str
    product: str
    amount: Yen
    gross_rate: str  # as priced, for the report
    subsidy_rate: str
    days: int
    subsidy: Yen  # negative for a reversal
    booked_on: dt.date
    reversal: bool = False


@dataclass(frozen=True, slots=True)
class SubsidyClaim:
    period_start: dt.date
    period_end: dt.date
    rows: tuple[SubsidyEntry, ...]

    @property
    def total(self) -> Yen:
        return sum(row.subsidy for row in self.rows)

    @property
    def total_amount(self) -> Yen:
        return sum(row.amount if not row.reversal else -row.amount for row in self.rows)


def reversal_of(entry: SubsidyEntry, cancelled_on: dt.date) -> SubsidyEntry:
    return SubsidyEntry(
        entry.reference,
        entry.customer,
        entry.debtor,
        entry.product,
        entry.amount,
        entry.gross_rate,
        entry.subsidy_rate,
        entry.days,
        -entry.subsidy,
        cancelled_on,
        reversal=True,
    )


def subsidy_claim(entries: Iterable[SubsidyEntry], start: dt.date, end: dt.date) -> SubsidyClaim:
    rows = sorted(
        (e for e in entries if start <= e.booked_on <= end), key=lambda e: (e.booked_on, e.reference, e.reversal)
    )
    return SubsidyClaim(start, end, tuple(rows))


@dataclass(frozen=True, slots=True)
class LossCompensation:
    payouts: Yen
    recoveries: Yen
    ratio: Fraction
    compensation: Yen

    @property
    def net_loss(self) -> Yen:
        return self.payouts - self.recoveries


def loss_compensation(payouts: Sequence[Yen], recoveries: Sequence[Yen], ratio: Fraction) -> LossCompensation:
    """(Σ payouts − Σ recoveries) × the programme ratio, rounded down; never below zero."""
    paid, recovered = sum(payouts), sum(recoveries)
    net = max(paid - recovered, 0)
    return LossCompensation(paid, recovered, ratio, round_yen(net * ratio, Rounding.DOWN))
