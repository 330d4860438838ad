"""Wire contract of customers (subcontractors) and debtors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from hozen.contract.base import Contract, YenAmount
from hozen.contract.errors import invalid
from hozen.domain.codes.risk import ConcentrationCode, Prefecture, Trade

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


GroupCode = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z_-]{0,19}$")]


class DebtorClassificationInput(Contract):
    """Where a debtor counts in the concentration report (SPEC §19); every field optional, null clears it."""

    group_code: GroupCode | None = Field(None, description="corporate group code (letters, digits, - and _)")
    group_name: str | None = Field(None, min_length=1, max_length=100, description="企業グループ名")
    prefecture: Prefecture | None = Field(None, description="JIS X 0401 code of the head office, 01 … 47")
    trade: Trade | None = Field(None, description="業種: 06 総合工事業, 07 職別工事業, 08 設備工事業")

    @model_validator(mode="after")
    def _group_complete(self) -> DebtorClassificationInput:
        if (self.group_code is None) != (self.group_name is None):
            raise invalid(ConcentrationCode.DEBTOR_GROUP_INCOMPLETE)
        return self


class DebtorInput(DebtorClassificationInput):
    name: str = Field(min_length=1, max_length=200)
    corporate_number: str
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
    net_assets: int | None
    review_base_date: dt.date | None
    trading_suspended: bool
    dishonoured: bool
    unsound: bool
    group_code: str | None = None
    group_name: str | None = None
    prefecture: str | None = Field(None, description="JIS X 0401 code")
    prefecture_ja: str | None = None
    trade: str | None = None
    trade_ja: str | None = None
    exposure: int
    limit: int
