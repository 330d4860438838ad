"""Wire contract of customers (subcontractors) and debtors, their edits and their limit changes.

Each field's ``title`` is the Japanese label a person reads: a refused field is named by it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, model_validator

from hozen.contract.base import Contract, YenAmount
from hozen.contract.errors import invalid
from hozen.domain.codes import CompanyCode
from hozen.domain.codes.risk import ConcentrationCode, Prefecture, Trade
from hozen.domain.errors import DomainError
from hozen.domain.identifiers import parse_corporate_number

SanctionKind = Literal["business_suspension", "nomination_suspension", "license_revocation"]
REASON_LENGTH = 500


def _corporate_number(text: str) -> str:
    """13 digits whose first is the check digit (full-width digits and separators accepted)."""
    try:
        return parse_corporate_number(text, field="法人番号")
    except DomainError as error:
        raise invalid(CompanyCode.INVALID_CORPORATE_NUMBER, **error.context) from None


CorporateNumber = Annotated[
    str,
    Field(title="法人番号", max_length=40, description="13 digits with a valid check digit"),
    AfterValidator(_corporate_number),
]
Name = Annotated[str, Field(title="商号", min_length=1, max_length=200)]
Reason = Annotated[
    str, Field(title="変更の理由", min_length=1, max_length=REASON_LENGTH, description="recorded in the history")
]


class SanctionInput(Contract):
    kind: SanctionKind = Field(title="処分の種類")
    from_date: dt.date = Field(alias="from", title="処分の開始日")
    to_date: dt.date | None = Field(None, alias="to", title="処分の終了日")


class CustomerInput(Contract):
    name: Name
    corporate_number: CorporateNumber
    licence_number: str = Field("", title="建設業許可番号", max_length=50, description="建設業許可番号")
    capital: YenAmount = Field(title="資本金", ge=0)
    employees: int = Field(title="常時使用する従業員数", ge=0, strict=True)
    direct: bool = Field(True, title="注文者と直接の取引", description="contracts directly with its debtors")
    own_limit: YenAmount | None = Field(None, title="個別限度額", ge=0)
    sanctions: list[SanctionInput] = Field(default_factory=list, title="行政処分")


class DocumentInput(Contract):
    kind: str = Field(title="書類の種類", max_length=40)
    issue_date: dt.date | None = Field(None, title="発行日")
    received_on: dt.date = Field(title="受領日")


class FilingInput(Contract):
    date: dt.date = Field(title="申立日")
    kind: str = Field("", title="手続の種類", max_length=40)
    concluded: bool = Field(False, title="終結決定")


GroupCode = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z_-]{0,19}$")]


class DebtorClassificationInput(Contract):
    """Where a debtor counts in the concentration report (SPEC §19); every field optional, null clears it."""

    group_code: GroupCode | None = Field(
        None, title="企業グループコード", description="corporate group code (letters, digits, - and _)"
    )
    group_name: str | None = Field(
        None, title="企業グループ名", min_length=1, max_length=100, description="企業グループ名"
    )
    prefecture: Prefecture | None = Field(
        None, title="都道府県", description="JIS X 0401 code of the head office, 01 … 47"
    )
    trade: Trade | None = Field(None, title="業種", description="業種: 06 総合工事業, 07 職別工事業, 08 設備工事業")

    @model_validator(mode="after")
    def _group_complete(self) -> DebtorClassificationInput:
        if (self.group_code is None) != (self.group_name is None):
            raise invalid(ConcentrationCode.DEBTOR_GROUP_INCOMPLETE)
        return self


class DebtorInput(DebtorClassificationInput):
    name: Name
    corporate_number: CorporateNumber
    densai_user_number: str | None = Field(
        None,
        title="でんさい利用者番号",
        pattern=r"^[0-9A-Z]{9}$",
        description="でんさいネットの利用者番号 (9 digits or capitals): how a でんさい 開示 CSV names the debtor",
    )
    net_assets: int | None = Field(None, title="純資産額", strict=True, description="純資産額 (yen; may be negative)")
    review_base_date: dt.date | None = Field(None, title="経審の審査基準日")
    public_works_orders: list[dt.date] = Field(default_factory=list, title="公共工事の受注日")
    insolvency_filings: list[FilingInput] = Field(default_factory=list, title="法的整理の申立て")
    trading_suspended: bool = Field(False, title="取引停止処分")
    dishonoured: bool = Field(False, title="不渡り・支払不能")
    unsound: bool = Field(False, title="財務の著しい悪化・不正のおそれ")
    own_limit: YenAmount | None = Field(None, title="個別限度額", ge=0)


class CustomerUpdate(Contract):
    """The registered facts of a customer to change (a field left out stays as it is) and why."""

    name: Name | None = Field(None, title="商号")
    corporate_number: CorporateNumber | None = Field(None, title="法人番号")
    licence_number: str | None = Field(None, title="建設業許可番号", max_length=50)
    capital: YenAmount | None = Field(None, title="資本金", ge=0)
    employees: int | None = Field(None, title="常時使用する従業員数", ge=0, strict=True)
    direct: bool | None = Field(None, title="注文者と直接の取引")
    sanctions: list[SanctionInput] | None = Field(None, title="行政処分", description="replaces the whole list")
    reason: Reason


class DebtorUpdate(Contract):
    """The registered facts of a debtor to change (a field left out stays as it is; ``null`` clears
    net assets, the review base date or the でんさい user number) and why."""

    name: Name | None = Field(None, title="商号")
    corporate_number: CorporateNumber | None = Field(None, title="法人番号")
    densai_user_number: str | None = Field(
        None,
        title="でんさい利用者番号",
        pattern=r"^[0-9A-Z]{9}$",
        description="でんさいネットの利用者番号 (9 digits or capitals): how a でんさい 開示 CSV names the debtor",
    )
    net_assets: int | None = Field(None, title="純資産額", strict=True)
    review_base_date: dt.date | None = Field(None, title="経審の審査基準日")
    public_works_orders: list[dt.date] | None = Field(
        None, title="公共工事の受注日", description="replaces the whole list"
    )
    insolvency_filings: list[FilingInput] | None = Field(
        None, title="法的整理の申立て", description="replaces the whole list"
    )
    trading_suspended: bool | None = Field(None, title="取引停止処分")
    dishonoured: bool | None = Field(None, title="不渡り・支払不能")
    unsound: bool | None = Field(None, title="財務の著しい悪化・不正のおそれ")
    reason: Reason


class LimitInput(Contract):
    own_limit: YenAmount | None = Field(
        None, title="個別限度額", ge=0, description="a lower limit for this company; null removes it"
    )
    reason: Reason
    application_id: int | None = Field(
        None, description="the held application this change is meant to release (released on approval)"
    )


class DecisionInput(Contract):
    reason: str = Field("", title="判断の理由", max_length=REASON_LENGTH, description="required to reject")


class LimitChangeOut(BaseModel):
    id: int
    company: str
    company_id: int
    before_limit: int | None
    requested_limit: int | None
    reason: str
    state: str
    requested_by: int
    requested_on: dt.date
    decided_by: int | None
    decided_on: dt.date | None
    decision_reason: str
    application_id: int | None


class LimitDecisionOut(BaseModel):
    change: LimitChangeOut
    released_application_id: int | None = Field(None, description="the held application the approval released")


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
    own_limit: int | None
    exposure: int
    limit: int
    checklist: list[ChecklistItemOut]
    pending_limit_change: LimitChangeOut | None = Field(None, description="a limit change awaiting a second person")


class DebtorOut(BaseModel):
    id: int
    name: str
    corporate_number: str
    densai_user_number: str | None
    net_assets: int | None
    review_base_date: dt.date | None
    public_works_orders: list[dt.date] = Field(default_factory=list)
    trading_suspended: bool
    dishonoured: bool
    unsound: bool
    own_limit: int | None
    group_code: str | None = None
    group_name: str | None = None
    prefecture: str | None = Field(None, description="JIS X 0401 code")
    prefecture_ja: str | None = None
    trade: str | None = None
    trade_ja: str | None = None
    exposure: int
    limit: int
    pending_limit_change: LimitChangeOut | None = Field(None, description="a limit change awaiting a second person")
