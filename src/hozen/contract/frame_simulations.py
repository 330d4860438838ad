"""Wire contract of the frame need simulation (SPEC §14.2)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from hozen.contract.base import Contract, RateText, YenAmount
from hozen.contract.quotes import QuoteOutput

DayIn = Annotated[int, Field(ge=1, le=28, strict=True)] | Literal["month_end"]
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Ratio = Annotated[str, StringConstraints(pattern=r"^(0(\.\d{1,6})?|1(\.0{1,6})?)$")]


class ProgressIn(Contract):
    month: Month = Field(description="YYYY-MM")
    amount: YenAmount = Field(ge=0)


class FrameSimulationInput(Contract):
    work_start: dt.date
    progress: list[ProgressIn] = Field(min_length=1)
    closing_day: DayIn
    payment_month_offset: int = Field(ge=0, le=12, strict=True)
    payment_day: DayIn
    cash_ratio: Ratio = Field(description='share paid in cash, e.g. "0.4"')
    note_site_days: int = Field(ge=0, le=365, strict=True)
    limit_unit: YenAmount = Field(100_000, gt=0)
    rate: RateText | None = Field(None, description="gross rate to quote the fee")
    policy: str | None = None


class BalanceOut(BaseModel):
    date: dt.date
    balance: int


class PeriodOut(BaseModel):
    start: dt.date
    end: dt.date


class FrameSimulationOutput(BaseModel):
    timeline: list[BalanceOut]
    peak_balance: int
    recommended_limit: int
    period: PeriodOut
    days: int
    quote: QuoteOutput | None
