"""The wire contract (SPEC §14): request and response bodies shared by the API and the CLI.

Amounts are JSON integers (yen), rates JSON strings, dates ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer
from pydantic_core import PydanticCustomError

from hozen.contract.errors import invalid
from hozen.domain.codes import InputCode
from hozen.domain.errors import DomainError
from hozen.domain.money import parse_rate


def _rate_text(value: Any) -> Any:
    """Rates travel as strings; an integer is accepted, a binary float never."""
    if isinstance(value, (bool, float)):
        raise invalid(InputCode.RATE_NOT_TEXT)
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        try:
            parse_rate(value)
        except DomainError as error:
            raise PydanticCustomError(error.code, error.message_en, error.context) from None
    return value


RateText = Annotated[str, BeforeValidator(_rate_text), Field(examples=["4.5"])]
YenAmount = Annotated[int, Field(strict=True, description="whole yen")]
IsoDate = Annotated[dt.date, PlainSerializer(lambda d: d.isoformat(), return_type=str)]


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
