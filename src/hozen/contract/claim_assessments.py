"""Wire contract of the claim assessment calculator (SPEC §14.4)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hozen.contract.base import Contract, YenAmount
from hozen.contract.errors import invalid
from hozen.domain.codes import InputCode, PricingCode


class GuaranteeIn(Contract):
    type: Literal["individual", "frame"]
    amount: YenAmount | None = Field(None, gt=0, description="individual: the guaranteed amount")
    limit: YenAmount | None = Field(None, gt=0, description="frame: the guarantee limit")
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _amount_or_limit(self) -> GuaranteeIn:
        if self.type == "individual" and self.amount is None:
            raise invalid(InputCode.GUARANTEE_AMOUNT_REQUIRED)
        if self.type == "frame" and self.limit is None:
            raise invalid(InputCode.FRAME_LIMIT_REQUIRED)
        if self.end < self.start:
            raise invalid(PricingCode.END_BEFORE_START, start=self.start.isoformat(), end=self.end.isoformat())
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
