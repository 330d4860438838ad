"""Wire contract of payout bank accounts and 全銀 transfer exports (SPEC §16)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from hozen.contract.base import Contract, Day, IsoDate
from hozen.domain import zengin
from hozen.domain.codes import BankField
from hozen.domain.errors import DomainError


def _checked(check: Callable[[str], Any]) -> AfterValidator:
    """A domain check as a field validator: its refusal keeps its code (and names the field)."""

    def run(value: str) -> Any:
        try:
            return check(value)
        except DomainError as error:
            raise PydanticCustomError(error.code.value, error.message_en, error.context) from None

    return AfterValidator(run)


def _as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Typed = Annotated[str, BeforeValidator(_as_text), Field(max_length=100)]


class BankAccountInput(Contract):
    """A payout account as typed: full-width kana, hiragana and full-width digits are converted to the
    全銀 character set; what cannot be converted is refused, naming the character."""

    bank_code: Annotated[Typed, _checked(lambda v: zengin.digits(v, BankField.BANK_CODE, 4))] = Field(
        description="金融機関コード, 4 digits", examples=["0001"]
    )
    bank_name: Annotated[
        Typed, _checked(lambda v: zengin.to_zengin(v, BankField.BANK_NAME, zengin.BANK_NAME_WIDTH))
    ] = Field(description="金融機関名 in kana (15 half-width characters)", examples=["ミズホ"])
    branch_code: Annotated[Typed, _checked(lambda v: zengin.digits(v, BankField.BRANCH_CODE, 3))] = Field(
        description="支店コード, 3 digits", examples=["001"]
    )
    branch_name: Annotated[
        Typed, _checked(lambda v: zengin.to_zengin(v, BankField.BRANCH_NAME, zengin.BRANCH_NAME_WIDTH))
    ] = Field(description="支店名 in kana (15 half-width characters)", examples=["ホンテン"])
    account_type: Annotated[Typed, _checked(lambda v: zengin.parse_account_type(v).value)] = Field(
        description="預金種目: 1 普通, 2 当座, 4 貯蓄", examples=["1"]
    )
    account_number: Annotated[
        Typed, _checked(lambda v: zengin.digits(v, BankField.ACCOUNT_NUMBER, zengin.ACCOUNT_NUMBER_DIGITS, pad=True))
    ] = Field(description="口座番号: up to 7 digits, zero-padded on the left", examples=["1234567"])
    holder_name: Annotated[
        Typed, _checked(lambda v: zengin.to_zengin(v, BankField.HOLDER_NAME, zengin.HOLDER_NAME_WIDTH))
    ] = Field(description="受取人名 in kana (30 half-width characters)", examples=["コウコウギョウ（カ"])

    def account(self) -> zengin.BankAccount:
        """The converted account (every field was checked and converted when the input was read)."""
        return zengin.account_of(self)


class BankAccountOut(BaseModel):
    customer_id: int
    bank_code: str
    bank_name: str
    branch_code: str
    branch_name: str
    account_type: str
    account_type_label: str
    account_number: str
    holder_name: str
    updated_at: dt.datetime


class DuePaymentOut(BaseModel):
    """An outgoing payment of the day not exported yet; ``blocked`` names why it cannot be (else null)."""

    kind: str
    kind_label: str
    payment_id: int
    reference: str
    customer_id: int
    customer_name: str
    amount: int
    account: BankAccountOut | None
    blocked: str | None = Field(None, description="the code of the reason it is held back, e.g. BANK_ACCOUNT_MISSING")
    blocked_message_ja: str | None = None
    blocked_message_en: str | None = None


class TransfersDueOut(BaseModel):
    date: IsoDate
    payable: list[DuePaymentOut]
    blocked: list[DuePaymentOut]
    count: int = Field(description="payments that the next export of this date will hold")
    total: int


class TransferExportInput(Contract):
    date: Day = Field(description="the transfer date (取組日); payments dated that day are exported")


class TransferLineOut(BaseModel):
    kind: str
    payment_id: int
    customer_id: int
    amount: int


class TransferExportOut(BaseModel):
    id: int
    transfer_date: IsoDate
    created_at: dt.datetime
    created_by: int | None
    count: int
    total: int
    sha256: str = Field(description="SHA-256 of the file's bytes, in hex")
    file: str = Field(description="where the file can be downloaded, again and again, byte for byte")
    lines: list[TransferLineOut]
