"""The wire contract (SPEC §14): request and response bodies shared by the API and the CLI.

Amounts are JSON integers (yen), rates JSON strings, dates ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from hozen.domain.errors import DomainError
from hozen.domain.money import Rounding, parse_rate
from hozen.domain.policy import FrameChange, Method, Product


def _rate_text(value: Any) -> Any:
    """Rates travel as strings; an integer is accepted, a binary float never."""
    if isinstance(value, (bool, float)):
        raise ValueError('give the rate as a string such as "4.5": floats are refused')
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        try:
            parse_rate(value)
        except DomainError as error:
            raise ValueError(error.message_en) from None
    return value


RateText = Annotated[str, BeforeValidator(_rate_text), Field(examples=["4.5"])]
YenAmount = Annotated[int, Field(strict=True, description="whole yen")]
IsoDate = Annotated[dt.date, PlainSerializer(lambda d: d.isoformat(), return_type=str)]


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid")


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


class Problem(BaseModel):
    """application/problem+json (RFC 9457) with a stable ``code``."""

    type: str = "about:blank"
    title: str
    status: int
    code: str
    detail: str
    message_ja: str
    message_en: str
    errors: list[dict[str, Any]] = Field(default_factory=list)
