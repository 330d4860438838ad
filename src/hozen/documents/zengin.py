"""The 全銀協 総合振込 file (SPEC §16, docs/transfers.md): fixed records of 120 bytes, each followed
by CRLF, in Shift_JIS (cp932) — every character of the 全銀 set is one byte.

Numbers are right-aligned and zero-padded, text is left-aligned and space-padded. A header record
``1``, one data record ``2`` per payment, a trailer ``8`` with the count and the sum, an end record
``9``. Pure: the same payments give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from hozen.domain.codes import TransferCode
from hozen.domain.errors import DomainError
from hozen.domain.zengin import BankAccount, Originator

RECORD_LENGTH = 120
ENCODING = "cp932"
NEWLINE = b"\r\n"
TYPE_CODE = "21"  # 種別コード: 総合振込
CODE_SECTION = "0"  # コード区分: Shift_JIS (JIS X 0201 katakana)
NEW_CODE = "0"  # 新規コード: no statement about the account being new or changed
TRANSFER_METHOD = "7"  # 振込指定区分: telegraphic transfer (テレ振込)
MAX_AMOUNT = 9_999_999_999  # 振込金額 is 10 digits


@dataclass(frozen=True, slots=True)
class Transfer:
    """One payment as a data record: the payee's account, the amount, and two reference codes (10 digits
    each: 顧客コード1 and 2) that come back on the bank's result so the payment can be found again."""

    account: BankAccount
    amount: int
    customer_code: int
    reference_code: int


def _number(value: int, width: int) -> str:
    text = str(value)
    if value < 0 or len(text) > width:
        raise ValueError(f"{value} does not fit {width} digits")
    return text.zfill(width)


def _text(value: str, width: int) -> str:
    if len(value) > width:
        raise ValueError(f"{value!r} is longer than {width}")
    return value.ljust(width)


def _record(*parts: str) -> bytes:
    line = "".join(parts).encode(ENCODING)
    if len(line) != RECORD_LENGTH:
        raise ValueError(f"a record of {len(line)} bytes")
    return line + NEWLINE


def header(originator: Originator, transfer_date: dt.date) -> bytes:
    account = originator.account
    return _record(
        "1",
        TYPE_CODE,
        CODE_SECTION,
        originator.code,
        _text(originator.name, 40),
        transfer_date.strftime("%m%d"),
        account.bank_code,
        _text(account.bank_name, 15),
        account.branch_code,
        _text(account.branch_name, 15),
        account.account_type.value,
        account.account_number,
        " " * 17,
    )


def data_record(transfer: Transfer) -> bytes:
    if not 0 < transfer.amount <= MAX_AMOUNT:
        raise DomainError(TransferCode.TRANSFER_AMOUNT_TOO_LARGE, {"amount": transfer.amount})
    account = transfer.account
    return _record(
        "2",
        account.bank_code,
        _text(account.bank_name, 15),
        account.branch_code,
        _text(account.branch_name, 15),
        " " * 4,  # 手形交換所番号: unused
        account.account_type.value,
        account.account_number,
        _text(account.holder_name, 30),
        _number(transfer.amount, 10),
        NEW_CODE,
        _number(transfer.customer_code, 10),
        _number(transfer.reference_code, 10),
        TRANSFER_METHOD,
        " ",  # 識別表示: not EDI
        " " * 7,
    )


def trailer(transfers: Sequence[Transfer]) -> bytes:
    return _record("8", _number(len(transfers), 6), _number(sum(t.amount for t in transfers), 12), " " * 101)


def end() -> bytes:
    return _record("9", " " * 119)


def transfer_file(originator: Originator, transfer_date: dt.date, transfers: Sequence[Transfer]) -> bytes:
    """The whole file for one transfer date."""
    return b"".join(
        [header(originator, transfer_date), *(data_record(t) for t in transfers), trailer(transfers), end()]
    )
