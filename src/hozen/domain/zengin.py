"""The 全銀 character set and bank accounts (SPEC §16), as plain values.

Names in a 全銀協 総合振込 file are written in a subset of JIS X 0201: half-width katakana with the
separate voiced marks ﾞ and ﾟ, capital letters, digits, the space and a few symbols. People type
full-width katakana, hiragana, lower-case letters and full-width digits, so :func:`to_zengin` converts
what has a form in the set and refuses the rest, naming the first character it cannot carry:

1. NFKC (``unicodedata``) folds widths: full-width letters, digits and symbols become ASCII,
   half-width katakana become full-width (so that both are handled alike below);
2. hiragana become katakana; small kana (ァ ィ ゥ ェ ォ ャ ュ ョ ッ ヮ ヵ ヶ) their large forms, as banks
   register names; lower-case letters become capitals;
3. the long vowel ー and the dashes become ``-`` and the middle dot ・ becomes ``.`` — the spellings
   banks use in account names (ｰ and ・ are not in the set);
4. each katakana becomes its half-width form, a voiced one as two characters (ガ → ｶﾞ, パ → ﾊﾟ).

The accepted set and the reasons for its edges (ヲ, ¥ and 「」 refused) are in docs/transfers.md.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol

from hozen.domain.codes import AccountType, BankField, TransferCode
from hozen.domain.errors import DomainError

_HALF_KANA = "".join(chr(c) for c in range(0xFF71, 0xFF9E))  # ｱ … ﾝ (ｦ, the small kana and ｰ left out)
_FULL_TO_HALF = {unicodedata.normalize("NFKC", half): half for half in _HALF_KANA}
_MARKS = {"\u3099": "ﾞ", "\u309a": "ﾟ"}  # combining voiced / semi-voiced marks
_SMALL_TO_LARGE = str.maketrans("ァィゥェォャュョッヮヵヶ", "アイウエオヤユヨツワカケ")
_SPELLED = str.maketrans({"ー": "-", "‐": "-", "‑": "-", "–": "-", "—": "-", "―": "-", "−": "-", "・": "."})
SYMBOLS = frozenset(" ()-./,")
ALLOWED = frozenset(_HALF_KANA) | frozenset("ﾞﾟ") | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") | SYMBOLS
"""Every character a converted name may hold; one byte each in Shift_JIS (cp932)."""

BANK_NAME_WIDTH = BRANCH_NAME_WIDTH = 15
HOLDER_NAME_WIDTH = 30
ORIGINATOR_NAME_WIDTH = 40
ACCOUNT_NUMBER_DIGITS = 7


def _half_width(char: str) -> str | None:
    """The 全銀 form of one character after steps 1–3, or None when it has none."""
    if char in ALLOWED:
        return char
    if "ぁ" <= char <= "ゖ":  # hiragana → katakana
        char = chr(ord(char) + 0x60).translate(_SMALL_TO_LARGE)
    if char in _FULL_TO_HALF:
        return _FULL_TO_HALF[char]
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[:1], decomposed[1:]
    if base in _FULL_TO_HALF and marks in _MARKS:
        return _FULL_TO_HALF[base] + _MARKS[marks]
    return None


def to_zengin(text: str, field: BankField, width: int) -> str:
    """``text`` in the 全銀 character set, at most ``width`` characters, or a coded refusal."""
    folded = unicodedata.normalize("NFKC", text).strip().upper().translate(_SMALL_TO_LARGE).translate(_SPELLED)
    if not folded:
        raise DomainError(TransferCode.ZENGIN_TEXT_REQUIRED, {"field": field})
    converted = []
    for char in folded:
        half = _half_width(char.translate(_SMALL_TO_LARGE))
        if half is None:
            raise DomainError(TransferCode.ZENGIN_CHARACTER_INVALID, {"field": field, "character": char})
        converted.append(half)
    result = "".join(converted)
    if len(result) > width:
        context = {"field": field, "limit": width, "length": len(result), "converted": result}
        raise DomainError(TransferCode.ZENGIN_TEXT_TOO_LONG, context)
    return result


def digits(text: str, field: BankField, count: int, *, pad: bool = False) -> str:
    """Exactly ``count`` digits (full-width read); with ``pad``, 1…``count`` digits zero-padded on the left."""
    value = unicodedata.normalize("NFKC", text).strip()
    fits = 1 <= len(value) <= count if pad else len(value) == count
    if not (fits and value.isascii() and value.isdigit()):
        context = {"field": field, "digits": count, "value": text, **({"variant": "up_to"} if pad else {})}
        raise DomainError(TransferCode.DIGITS_INVALID, context)
    return value.zfill(count)


def parse_account_type(text: str) -> AccountType:
    value = unicodedata.normalize("NFKC", str(text)).strip()
    if value not in AccountType._value2member_map_:
        raise DomainError(TransferCode.ACCOUNT_TYPE_INVALID, {"field": BankField.ACCOUNT_TYPE, "value": text})
    return AccountType(value)


@dataclass(frozen=True, slots=True)
class BankAccount:
    """A payout account as the transfer file carries it: codes as digit strings, names converted."""

    bank_code: str
    bank_name: str
    branch_code: str
    branch_name: str
    account_type: AccountType
    account_number: str
    holder_name: str


def bank_account(
    *,
    bank_code: str,
    bank_name: str,
    branch_code: str,
    branch_name: str,
    account_type: str,
    account_number: str,
    holder_name: str,
) -> BankAccount:
    """Check and convert a typed bank account (the first bad field is refused)."""
    return BankAccount(
        bank_code=digits(bank_code, BankField.BANK_CODE, 4),
        bank_name=to_zengin(bank_name, BankField.BANK_NAME, BANK_NAME_WIDTH),
        branch_code=digits(branch_code, BankField.BRANCH_CODE, 3),
        branch_name=to_zengin(branch_name, BankField.BRANCH_NAME, BRANCH_NAME_WIDTH),
        account_type=parse_account_type(account_type),
        account_number=digits(account_number, BankField.ACCOUNT_NUMBER, ACCOUNT_NUMBER_DIGITS, pad=True),
        holder_name=to_zengin(holder_name, BankField.HOLDER_NAME, HOLDER_NAME_WIDTH),
    )


class AccountFields(Protocol):
    """Anything that holds an account's converted fields under their names (a stored row, an input)."""

    bank_code: str
    bank_name: str
    branch_code: str
    branch_name: str
    account_type: str
    account_number: str
    holder_name: str


def account_of(fields: AccountFields) -> BankAccount:
    """The account of fields that were checked and converted already (stored, or read by the contract)."""
    return BankAccount(
        bank_code=fields.bank_code,
        bank_name=fields.bank_name,
        branch_code=fields.branch_code,
        branch_name=fields.branch_name,
        account_type=AccountType(fields.account_type),
        account_number=fields.account_number,
        holder_name=fields.holder_name,
    )


@dataclass(frozen=True, slots=True)
class Originator:
    """The company itself (委託者): its code at its bank, its name, and the account payments leave from."""

    code: str
    name: str
    account: BankAccount
