"""Money going out (SPEC §16): customers' payout bank accounts and the 全銀 総合振込 transfer files."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code, Labelled


class AccountType(Labelled):
    """預金種目: the kind of a bank account, by its 全銀 digit."""

    ORDINARY = ("1", "普通")
    CURRENT = ("2", "当座")
    SAVINGS = ("4", "貯蓄")


class BankField(Labelled):
    """A field of a bank account or of the company's own transfer settings, as people read its name."""

    BANK_CODE = ("bank_code", "金融機関コード")
    BANK_NAME = ("bank_name", "金融機関名（カナ）")
    BRANCH_CODE = ("branch_code", "支店コード")
    BRANCH_NAME = ("branch_name", "支店名（カナ）")
    ACCOUNT_TYPE = ("account_type", "預金種目")
    ACCOUNT_NUMBER = ("account_number", "口座番号")
    HOLDER_NAME = ("holder_name", "受取人名（カナ）")
    ORIGINATOR_CODE = ("originator_code", "委託者コード")
    ORIGINATOR_NAME = ("originator_name", "委託者名（カナ）")


class TransferKind(Labelled):
    """What an outgoing payment is for."""

    PURCHASE = ("purchase", "買取代金")
    DISCOUNT = ("discount", "割引代金")
    CLAIM = ("claim", "保証履行の支払")


class TransferCode(Code):
    """Bank accounts, the 全銀 character set, and the exports of transfer files."""

    ZENGIN_CHARACTER_INVALID = (
        auto(),
        "全銀で使えない文字",
        "{field:label}に全銀の振込データで使えない文字「{character}」があります。"
        "半角カナ・英大文字・数字・スペースと ( ) - . / , で入力してください。",
        "The {field:words} contains “{character}”, which a Zengin transfer cannot carry; use half-width katakana, "
        "capital letters, digits, spaces and ( ) - . / ,.",
        "The text is converted to the 全銀 character set first (full-width → half-width, hiragana → katakana, "
        "small kana → large); a character that has no form in it (kanji, ヲ, ¥, 「」, ・ and others) is named.",
    )
    ZENGIN_TEXT_TOO_LONG = (
        auto(),
        "全銀の桁数超過",
        "{field:label}は半角で{limit}文字までです（変換後 {length} 文字: {converted}）。"
        "「カ)」「(カ」などの略称をお使いください。",
        "The {field:words} holds at most {limit} half-width characters ({length} after conversion: {converted}); "
        "use the usual abbreviations of company kinds.",
        "Voiced kana take two half-width characters (ｶﾞ), so a name may grow when it is converted.",
    )
    ZENGIN_TEXT_REQUIRED = (
        auto(),
        "未入力",
        "{field:label}を入力してください。",
        "Enter the {field:words}.",
    )
    DIGITS_INVALID = (
        auto(),
        "桁数の誤り",
        "{field:label}は{digits}桁の数字で入力してください（入力: {value}）。",
        "The {field:words} must be {digits} digits (got {value}).",
        "Bank codes have 4 digits, branch codes 3, the company's 委託者コード 10; full-width digits are read.",
        {
            "up_to": (
                "{field:label}は{digits}桁までの数字で入力してください（入力: {value}）。",
                "The {field:words} must be at most {digits} digits (got {value}).",
            )
        },
    )
    ACCOUNT_TYPE_INVALID = (
        auto(),
        "預金種目の誤り",
        "預金種目は 1（普通）、2（当座）、4（貯蓄）のいずれかです（入力: {value}）。",
        "The account type is 1 (ordinary), 2 (current) or 4 (savings), not {value}.",
    )
    BANK_ACCOUNT_MISSING = (
        auto(),
        "振込先口座の未登録",
        "お客様「{customer}」の振込先口座が登録されていません。",
        "Customer {customer} has no payout bank account.",
        "A payment due to this customer is listed as blocked and left out of the transfer file until the "
        "account is registered.",
    )
    TRANSFER_AMOUNT_TOO_LARGE = (
        auto(),
        "振込金額の桁数超過",
        "振込金額 {amount:,}円 は全銀の振込データ（10桁）に収まりません。",
        "The amount ¥{amount:,} does not fit a Zengin transfer record (10 digits).",
    )
    NOTHING_TO_EXPORT = (
        auto(),
        "振込対象なし",
        "{date}の振込で、まだ振込データにしていない支払はありません。",
        "There is no payment due on {date} that has not been exported yet.",
        "Every payment is exported once: a second export of the same date finds nothing new "
        "(download the earlier file again instead).",
    )
    ZENGIN_SETTINGS_INVALID = (
        auto(),
        "振込元設定の誤り",
        "振込元（委託者）の設定 HOZEN_ZENGIN_{setting} が正しくありません: {problem_ja}",
        "The transfer originator setting HOZEN_ZENGIN_{setting} is invalid: {problem_en}",
        "Checked when the server starts, like the invoice registration number.",
    )
    OUTPUT_NOT_WRITABLE = (
        auto(),
        "書き出し先の誤り",
        "ファイル {path} に書き出せません: {error}",
        "Cannot write the file {path}: {error}",
        "The command line opens the output file before it exports, so nothing is exported when it cannot be written.",
    )
