"""Quotes (SPEC §14.1): the calculator's input and output."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from hozen.contract.base import Contract, RateText, YenAmount
from hozen.domain.money import Rounding
from hozen.domain.policy import FrameChange, Method, Product


class QuoteInput(Contract):
    product: Product = Product.NOTE
    amount: YenAmount | None = Field(None, description="guaranteed / face / limit amount")
    invoice_amount: YenAmount | None = Field(None, description="AR: 80 % of it is guaranteed (floored)")
    notified_amount: YenAmount | None = Field(None, description="AR: guaranteed in full")
    already_guaranteed: YenAmount | None = Field(
        None, description="AR top-up: amount already guaranteed; the top-up covers notified − this"
    )
    rate: RateText = Field(description="gross annual rate in percent")
    start: dt.date
    end: dt.date = Field(description="inclusive")
    policy: str | None = Field(None, description="preset name (API) or policy file path (CLI)")
    frame_change: FrameChange | None = None
    method: Method | None = None
    fee_rounding: Rounding | None = None
    subsidy_rounding: Rounding | None = None
    office_fee: YenAmount | None = None
    subsidy: bool = True
    discount_rate: RateText | None = None


class QuoteOutput(BaseModel):
    product: Product
    guaranteed_amount: int
    days: int
    gross_rate: str
    subsidy_rate: str
    net_rate: str
    gross_fee: int
    subsidy: int
    net_fee: int
    office_fee: int
    discount_fee: int
    payable: int
    effective_rate: str
    warnings: list[str]
