"""Wire contract of the eligibility check (SPEC §14.3)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hozen.contract.base import Contract, YenAmount
from hozen.domain.eligibility import SanctionKind


class SanctionIn(Contract):
    kind: SanctionKind
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None


class CreditorIn(Contract):
    capital: YenAmount = Field(ge=0)
    employees: int = Field(ge=0, strict=True)
    sanctions: list[SanctionIn] = Field(default_factory=list)
    direct: bool = True
    registered: bool | None = Field(None, description="first-use registration complete; omitted: not checked")


class FilingIn(Contract):
    date: dt.date
    concluded: bool = False


class DebtorIn(Contract):
    public_works_orders: list[dt.date] = Field(default_factory=list)
    review_base_date: dt.date | None = None
    insolvency_filings: list[FilingIn] = Field(default_factory=list)
    trading_suspended: bool = False
    dishonoured: bool = False
    unsound: bool = False


class EligibilityReceivableIn(Contract):
    model_config = ConfigDict(extra="forbid", title="ReceivableIn")

    kind: Literal["ar", "note", "erecord"]
    amount: YenAmount = Field(gt=0)
    issue_date: dt.date | None = None
    due_date: dt.date
    endorsed: bool = False
    bill_of_exchange: bool = False
    transferred: bool = False
    has_contract: bool = True
    has_amount_document: bool = True
    dishonoured: bool = False
    due_extended: bool = False
    construction: bool = Field(True, description="a payment for construction work or materials")


class LimitsIn(Contract):
    """Optional: where the debtor and customer stand; omitted, the limit rules are not evaluated here."""

    creditor_exposure: YenAmount = Field(ge=0)
    creditor_limit: YenAmount = Field(ge=0)
    debtor_exposure: YenAmount = Field(ge=0)
    debtor_limit: YenAmount = Field(ge=0)


class EligibilityInput(Contract):
    as_of: dt.date
    request_date: dt.date
    product: Literal["ar", "note", "erecord", "frame", "purchase"]
    creditor: CreditorIn
    debtor: DebtorIn
    receivables: list[EligibilityReceivableIn] = Field(default_factory=list)
    policy: str | None = None
    limits: LimitsIn | None = None


class FailureOutput(BaseModel):
    code: str
    subject: str
    index: int | None
    message_ja: str
    message_en: str


class EligibilityOutput(BaseModel):
    eligible: bool
    failures: list[FailureOutput]
