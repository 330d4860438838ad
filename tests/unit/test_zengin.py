"""The 全銀 character set, bank accounts and the 総合振込 file, read back by the byte offsets of SPEC §16."""

from __future__ import annotations

import datetime as dt

import pytest

from hozen.config import Settings
from hozen.documents.zengin import Transfer, transfer_file
from hozen.domain.codes import AccountType, BankField, TransferCode
from hozen.domain.errors import DomainError
from hozen.domain.zengin import BankAccount, Originator, bank_account, digits, to_zengin

NAME = BankField.HOLDER_NAME


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ｺｳｺｳｷﾞｮｳ(ｶ", "ｺｳｺｳｷﾞﾖｳ(ｶ"),  # already half-width; the small ｮ becomes ﾖ
        ("コウコウギョウ（カ", "ｺｳｺｳｷﾞﾖｳ(ｶ"),  # full-width katakana and brackets
        ("こうこうぎょう（か", "ｺｳｺｳｷﾞﾖｳ(ｶ"),  # hiragana
        ("カ）パピプペポ", "ｶ)ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"),  # semi-voiced marks split off
        ("ヴァッハ", "ｳﾞｱﾂﾊ"),  # ヴ, and the small ァ and ッ
        ("ぁぃぅぇぉゃゅょっゎ", "ｱｲｳｴｵﾔﾕﾖﾂﾜ"),
        ("ｧｨｩｪｫｬｭｮｯ", "ｱｲｳｴｵﾔﾕﾖﾂ"),
        ("ヤマダ・エージェンシー", "ﾔﾏﾀﾞ.ｴ-ｼﾞｴﾝｼ-"),  # ・ → . and the long vowel → -
        ("ｾｰﾙｽ", "ｾ-ﾙｽ"),
        ("ａｂｃ　ＸＹＺ　１２３", "ABC XYZ 123"),  # full-width letters, digits and space; capitals
        ("abc-1.2/3,4", "ABC-1.2/3,4"),
        ("  ｶ) ﾎｾﾞﾝ  ", "ｶ) ﾎｾﾞﾝ"),  # outer spaces dropped, inner kept
    ],
)
def test_typed_names_become_the_zengin_character_set(typed: str, expected: str) -> None:
    assert to_zengin(typed, NAME, 30) == expected


@pytest.mark.parametrize(
    ("typed", "refused"), [("山田", "山"), ("ｶ)ヲ", "ヲ"), ("A¥B", "¥"), ("「カ」", "「"), ("A&B", "&")]
)
def test_a_character_without_a_zengin_form_is_refused_by_name(typed: str, refused: str) -> None:
    with pytest.raises(DomainError) as caught:
        to_zengin(typed, NAME, 30)
    assert caught.value.code is TransferCode.ZENGIN_CHARACTER_INVALID
    assert f"「{refused}」" in caught.value.message_ja
    assert "受取人名（カナ）" in caught.value.message_ja
    assert refused in caught.value.message_en


def test_a_name_longer_than_its_field_after_conversion_is_refused() -> None:
    # 15 voiced kana are 30 half-width characters: they fit 30, not 29
    assert len(to_zengin("ガ" * 15, NAME, 30)) == 30
    with pytest.raises(DomainError) as caught:
        to_zengin("ガ" * 15, NAME, 29)
    assert caught.value.code is TransferCode.ZENGIN_TEXT_TOO_LONG
    assert caught.value.context["length"] == 30


def test_an_empty_name_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        to_zengin("　 ", NAME, 30)
    assert caught.value.code is TransferCode.ZENGIN_TEXT_REQUIRED


def test_codes_have_their_exact_digits_and_account_numbers_are_zero_padded() -> None:
    assert digits("０００５", BankField.BANK_CODE, 4) == "0005"
    assert digits("12", BankField.ACCOUNT_NUMBER, 7, pad=True) == "0000012"
    for bad in ("123", "12345", "12a4", "", "１２３４５"):
        with pytest.raises(DomainError) as caught:
            digits(bad, BankField.BANK_CODE, 4)
        assert caught.value.code is TransferCode.DIGITS_INVALID
    with pytest.raises(DomainError):
        digits("12345678", BankField.ACCOUNT_NUMBER, 7, pad=True)


def test_a_bank_account_is_checked_and_converted() -> None:
    account = bank_account(
        bank_code="0005",
        bank_name="みつびし",
        branch_code="１２３",
        branch_name="まるのうち",
        account_type="2",
        account_number="98765",
        holder_name="こうこうぎょう（か",
    )
    assert account == BankAccount("0005", "ﾐﾂﾋﾞｼ", "123", "ﾏﾙﾉｳﾁ", AccountType.CURRENT, "0098765", "ｺｳｺｳｷﾞﾖｳ(ｶ")
    with pytest.raises(DomainError) as caught:
        bank_account(**{**_typed(), "account_type": "3"})
    assert caught.value.code is TransferCode.ACCOUNT_TYPE_INVALID


def _typed() -> dict[str, str]:
    return {
        "bank_code": "0005",
        "bank_name": "ミツビシ",
        "branch_code": "123",
        "branch_name": "マルノウチ",
        "account_type": "1",
        "account_number": "1",
        "holder_name": "カ)コウ",
    }


# --- the file, read back by the offsets of SPEC §16 ------------------------------------------

ORIGINATOR = Originator(
    code="1234567890",
    name="ﾎｾﾞﾝﾌｱｸﾀﾘﾝｸﾞ(ｶ",
    account=BankAccount("0999", "ﾐｽﾞﾅﾐ", "001", "ﾎﾝﾃﾝ", AccountType.ORDINARY, "1234567", "ﾎｾﾞﾝ"),
)
KOU = BankAccount("0005", "ﾐﾂﾋﾞｼ", "123", "ﾏﾙﾉｳﾁ", AccountType.CURRENT, "0098765", "ｺｳｺｳｷﾞﾖｳ(ｶ")
OTSU = BankAccount("0009", "ｽﾐﾄﾓ", "456", "ｳﾒﾀﾞ", AccountType.SAVINGS, "0000012", "ｵﾂｼﾖｳｼﾞ(ｶ")


def fields(record: bytes, widths: list[int]) -> list[str]:
    """Cut a record at the given widths (bytes), decoding each piece as Shift_JIS."""
    assert sum(widths) == 120
    found, at = [], 0
    for width in widths:
        found.append(record[at : at + width].decode("cp932"))
        at += width
    return found


HEADER = [1, 2, 1, 10, 40, 4, 4, 15, 3, 15, 1, 7, 17]
DATA = [1, 4, 15, 3, 15, 4, 1, 7, 30, 10, 1, 10, 10, 1, 1, 7]
TRAILER = [1, 6, 12, 101]
END = [1, 119]


def test_the_file_reads_back_field_by_field() -> None:
    transfers = [
        Transfer(KOU, 1_993_000, customer_code=1, reference_code=1_000_000_007),
        Transfer(OTSU, 12_345, customer_code=42, reference_code=3_000_000_002),
    ]
    content = transfer_file(ORIGINATOR, dt.date(2026, 11, 20), transfers)

    records = content.split(b"\r\n")
    assert records[-1] == b""  # every record, the last one too, ends with CRLF
    records = records[:-1]
    assert len(content) == 122 * 5 and all(len(r) == 120 for r in records)
    assert content.decode("cp932").encode("cp932") == content
    assert all(byte < 0x80 or 0xA1 <= byte <= 0xDF or byte in b"\r\n" for byte in content)  # single-byte only

    assert fields(records[0], HEADER) == [
        "1", "21", "0", "1234567890", "ﾎｾﾞﾝﾌｱｸﾀﾘﾝｸﾞ(ｶ" + " " * 26, "1120",
        "0999", "ﾐｽﾞﾅﾐ" + " " * 10, "001", "ﾎﾝﾃﾝ" + " " * 11, "1", "1234567", " " * 17,
    ]  # fmt: skip
    assert fields(records[1], DATA) == [
        "2", "0005", "ﾐﾂﾋﾞｼ" + " " * 10, "123", "ﾏﾙﾉｳﾁ" + " " * 10, "    ", "2", "0098765",
        "ｺｳｺｳｷﾞﾖｳ(ｶ" + " " * 20, "0001993000", "0", "0000000001", "1000000007", "7", " ", " " * 7,
    ]  # fmt: skip
    assert fields(records[2], DATA)[1:10] == [
        "0009", "ｽﾐﾄﾓ" + " " * 11, "456", "ｳﾒﾀﾞ" + " " * 11, "    ", "4", "0000012",
        "ｵﾂｼﾖｳｼﾞ(ｶ" + " " * 21, "0000012345",
    ]  # fmt: skip
    assert fields(records[3], TRAILER) == ["8", "000002", "000002005345", " " * 101]  # 1,993,000 + 12,345
    assert fields(records[4], END) == ["9", " " * 119]


def test_the_same_payments_give_the_same_bytes() -> None:
    transfers = [Transfer(KOU, 500, customer_code=1, reference_code=2)]
    day = dt.date(2026, 1, 5)
    assert transfer_file(ORIGINATOR, day, transfers) == transfer_file(ORIGINATOR, day, transfers)
    assert fields(transfer_file(ORIGINATOR, day, transfers)[:120], HEADER)[5] == "0105"


def test_an_amount_beyond_ten_digits_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        transfer_file(ORIGINATOR, dt.date(2026, 1, 5), [Transfer(KOU, 10_000_000_000, 1, 2)])
    assert caught.value.code is TransferCode.TRANSFER_AMOUNT_TOO_LARGE


def test_the_originator_settings_are_checked_when_read() -> None:
    originator = Settings(zengin_originator_name="ほぜんふぁくたりんぐ（かぶ").zengin_originator()
    assert originator.name == "ﾎｾﾞﾝﾌｱｸﾀﾘﾝｸﾞ(ｶﾌﾞ"
    for setting, value, named in [
        ("zengin_originator_code", "12345", "ORIGINATOR_CODE"),
        ("zengin_originator_name", "保全", "ORIGINATOR_NAME"),
        ("zengin_bank_code", "99", "BANK_CODE"),
        ("zengin_account_type", "3", "ACCOUNT_TYPE"),
    ]:
        with pytest.raises(DomainError) as caught:
            Settings(**{setting: value}).zengin_originator()
        assert caught.value.code is TransferCode.ZENGIN_SETTINGS_INVALID
        assert f"HOZEN_ZENGIN_{named}" in caught.value.message_ja
