"""Wire contract of review requests and their receivable lines (保証希望銘柄リスト)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from hozen.api.schemas import Contract, YenAmount


class ReceivableKind(StrEnum):
    AR = "ar"  # 売掛金
    NOTE = "note"  # 約束手形
    ERECORD = "erecord"  # 電子記録債権


CorporateNumber = Annotated[str, StringConstraints(pattern=r"^\d{13}$")]


class ReceivableLineInput(Contract):
    """One receivable the customer wants protected."""

    kind: ReceivableKind
    debtor_corporate_number: CorporateNumber = Field(description="the debtor's 13-digit corporate number")
    reference: str = Field("", max_length=100, description="note number, invoice number…")
    amount: YenAmount = Field(gt=0, description="invoice amount, notified amount or face value")
    issue_date: dt.date = Field(description="invoice / payment-notice / issue / occurrence date")
    due_date: dt.date
    notified: bool = Field(False, description="AR: the amount is stated by the debtor's payment notice")
    endorsed: bool = False
    bill_of_exchange: bool = False
    transferred: bool = False
    has_contract: bool = True
    has_amount_document: bool = True
