"""Stress tests (SPEC §19): ``POST /api/v1/stress-tests`` and ``hozen stress --json``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints

from hozen.contract.base import Contract, IsoDate, YenAmount

MAX_DEBTORS_PER_SCENARIO = 50
MAX_SCENARIOS = 5
MAX_RANKED = 1000
DebtorId = Annotated[int, Field(ge=1, le=2_147_483_647, strict=True)]
StressDate = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))]
Share = Annotated[str, StringConstraints(pattern=r"^(0(\.\d{1,3})?|1(\.0{1,3})?)$")]


class Scenario(Contract):
    """Debtors failing together on the date."""

    debtor_ids: list[DebtorId] = Field(min_length=1, max_length=MAX_DEBTORS_PER_SCENARIO)


class StressTestInput(Contract):
    date: StressDate
    scenarios: list[Scenario] = Field(default_factory=list, max_length=MAX_SCENARIOS)
    unpaid_share: Share = Field("1", description="share of each individual guarantee's amount left unpaid, 0 < s ≤ 1")
    each_debtor: bool = Field(False, description="also rank every debtor failing alone")
    top: Annotated[int, Field(ge=1, le=MAX_RANKED, strict=True)] = 20


class LossOut(Contract):
    individual: YenAmount
    frame: YenAmount
    purchase: YenAmount
    payouts: YenAmount
    recoveries: YenAmount
    compensation: YenAmount
    net_loss: YenAmount

    def amounts(self) -> tuple[int, ...]:
        """The figures in the order of the result tables' columns."""
        return (
            self.individual,
            self.frame,
            self.purchase,
            self.payouts,
            self.recoveries,
            self.compensation,
            self.net_loss,
        )


class CustomerLossOut(LossOut):
    customer_id: int
    customer: str


class DebtorLossOut(LossOut):
    debtor_id: int
    debtor: str


class ScenarioOut(Contract):
    debtor_ids: list[int]
    by_customer: list[CustomerLossOut]
    by_debtor: list[DebtorLossOut]
    total: LossOut


class StressTestOutput(Contract):
    date: IsoDate
    unpaid_share: str
    recovery_ratio: str
    compensation_ratio: str
    scenarios: list[ScenarioOut]
    each_debtor: list[DebtorLossOut] | None = None
