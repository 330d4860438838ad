"""The filter of a list of past work (the records pages): every value bounded, empty means "any"."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from hozen.contract.base import FIRST_YEAR, LAST_YEAR, Contract
from hozen.contract.errors import invalid
from hozen.domain.codes import InputCode, RecordCode

PAGE_SIZE = 25
"""Rows per page of a records list (fixed: a page is read by a person, not exported)."""
MAX_PAGE = 10_000
ORDERS = ("newest", "oldest")


def _blank_is_none(value: Any) -> Any:
    """A form sends an untouched field as an empty string: that filter is not set."""
    return None if isinstance(value, str) and not value.strip() else value


ObjectId = Annotated[Annotated[int, Field(ge=1, le=2_147_483_647)] | None, BeforeValidator(_blank_is_none)]


def _within_years(value: dt.date | None) -> dt.date | None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise invalid(InputCode.DATE_OUT_OF_RANGE, first=FIRST_YEAR, last=LAST_YEAR)
    return value


Day = Annotated[dt.date | None, BeforeValidator(_blank_is_none), AfterValidator(_within_years)]


def _order(value: Any) -> Any:
    if value in ("", None):
        return "newest"
    if value not in ORDERS:
        raise invalid(RecordCode.UNKNOWN_ORDER)
    return value


class RecordFilter(Contract):
    """Which rows of one kind of work to list: by customer, debtor, state and a period of the kind's
    own date (a review's request date, a guarantee's start…), newest first unless asked otherwise."""

    customer_id: ObjectId = None
    debtor_id: ObjectId = None
    state: Annotated[
        Annotated[str, Field(max_length=30, pattern=r"^[a-z_]+$")] | None, BeforeValidator(_blank_is_none)
    ] = None
    date_from: Day = None
    date_to: Day = None
    order: Annotated[str, BeforeValidator(_order)] = "newest"
    page: Annotated[int, BeforeValidator(lambda v: 1 if v in ("", None) else v), Field(ge=1, le=MAX_PAGE)] = 1
