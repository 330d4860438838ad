"""Wire contract of the claim assessment calculator (SPEC §14.4)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hozen.contract.base import Contract, YenAmount


class GuaranteeIn(Contract):
    type: Literal["individual", "frame"]
    amount: YenAmount | None = Field(None, gt=0, description="individual: the guaranteed amount")
    limit: YenAmount | None = Field(None, gt=0, description="frame: the guarantee limit")
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _amount_or_limit(self) -> GuaranteeIn:
        if self.type == "individual" and self.amount is None:
            raise ValueError("an individual guarantee needs its amount")
        if self.type == "frame" and self.limit is None:
            raise ValueError("a frame guarantee needs its limit")
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class EventIn(Contract):
    code: str = Field(min_length=1, max_length=40, description="a trigger code (e.g. LEGAL_PROCEEDING)")
    date: dt.date


class ClaimReceivableIn(Contract):
    model_config = ConfigDict(extra="forbid", title="ReceivableIn")

    id: str = Field(min_length=1, max_length=50)
    kind: Literal["ar", "note", "erecord"]
    acquired_on: dt.date
    due_on: dt.date
    amount: YenAmount = Field(gt=0)
    collected: YenAmount = Field(0, ge=0)
    due_extended: bool = False
    admitted_amount: YenAmount | None = Field(None, ge=0)


class ClaimAssessmentInput(Contract):
    guarantee: GuaranteeIn
    event: EventIn
    claim_date: dt.date
    receivables: list[ClaimReceivableIn] = Field(min_length=1)
    policy: str | None = None


class LineOut(BaseModel):
    id: str
    counted: int
    reasons: list[str]


class ClaimAssessmentOutput(BaseModel):
    payable: int
    accepted: bool
    reasons: list[str]
    lines: list[LineOut]
