"""Wire contract of customers (subcontractors) and debtors."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from hozen.contract.base import Contract, YenAmount

SanctionKind = Literal["business_suspension", "nomination_suspension", "license_revocation"]


class SanctionInput(Contract):
    kind: SanctionKind
    from_date: dt.date = Field(alias="from")
    to_date: dt.date | None = Field(None, alias="to")


class CustomerInput(Contract):
    name: str = Field(min_length=1, max_length=200)
    corporate_number: str = Field(description="13 digits with a valid check digit")
    licence_number: str = Field("", max_length=50, description="建設業許可番号")
    capital: YenAmount = Field(ge=0)
    employees: int = Field(ge=0, strict=True)
    direct: bool = Field(True, description="contracts directly with its debtors")
    own_limit: YenAmount | None = Field(None, ge=0)
    sanctions: list[SanctionInput] = Field(default_factory=list)


class DocumentInput(Contract):
    kind: str
    issue_date: dt.date | None = None
    received_on: dt.date


class FilingInput(Contract):
    date: dt.date
    kind: str = ""
    concluded: bool = False


class DebtorInput(Contract):
    name: str = Field(min_length=1, max_length=200)
    corporate_number: str
    densai_user_number: str | None = Field(
        None,
        pattern=r"^[0-9A-Z]{9}$",
        description="でんさいネットの利用者番号 (9 digits or capitals): how a でんさい 開示 CSV names the debtor",
    )
    net_assets: int | None = Field(None, strict=True, description="純資産額 (yen; may be negative)")
    review_base_date: dt.date | None = None
    public_works_orders: list[dt.date] = Field(default_factory=list)
    insolvency_filings: list[FilingInput] = Field(default_factory=list)
    trading_suspended: bool = False
    dishonoured: bool = False
    unsound: bool = False
    own_limit: YenAmount | None = Field(None, ge=0)


class LimitInput(Contract):
    own_limit: YenAmount | None = Field(None, ge=0, description="a lower limit for this company; null removes it")
    reason: str = Field("", max_length=500, description="why the limit changes; recorded in the history")


class ChecklistItemOut(BaseModel):
    kind: str
    label_ja: str
    status: str


class CustomerOut(BaseModel):
    id: int
    name: str
    corporate_number: str
    licence_number: str
    capital: int
    employees: int
    direct: bool
    registered_on: dt.date | None
    exposure: int
    limit: int
    checklist: list[ChecklistItemOut]


class DebtorOut(BaseModel):
    id: int
    name: str
    corporate_number: str
    densai_user_number: str | None
    net_assets: int | None
    review_base_date: dt.date | None
    trading_suspended: bool
    dishonoured: bool
    unsound: bool
    exposure: int
    limit: int
