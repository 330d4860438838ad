"""Customers and debtors: corporate numbers, registration documents (SPEC §8.1)."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class CompanyCode(Code):
    """A company or its registration cannot be recorded as asked."""

    INVALID_CORPORATE_NUMBER = (
        auto(),
        "法人番号の不正",
        "法人番号は13桁の数字です（{field}: {value}）。",
        "A corporate number has 13 digits ({field}: {value}).",
        "",
        {
            "check_digit": (
                "法人番号のチェックデジット（先頭の1桁）が一致しません（{field}: {value}）。番号をご確認ください。",
                "The check digit (first digit) of the corporate number does not match ({field}: {value}).",
            )
        },
    )
    DUPLICATE_CORPORATE_NUMBER = (
        auto(),
        "法人番号の重複",
        "法人番号 {corporate_number} の{company:label}は既に登録されています。",
        "A {company:words} with corporate number {corporate_number} is already registered.",
    )
    UNKNOWN_DEBTOR = (
        auto(),
        "未登録の注文者",
        "未登録の注文者（法人番号 {corporate_numbers:words}）があります。先に注文者の登録を依頼してください。",
        "Unknown debtor(s) with corporate number {corporate_numbers:words}; the debtor must be registered first.",
        "",
        {
            "row": (
                "未登録の注文者です（{debtor}）。先に注文者の登録（法人番号・でんさい利用者番号）を依頼してください。",
                "Unknown debtor ({debtor}); register the debtor first (corporate number, densai user number).",
            )
        },
    )
    UNKNOWN_DOCUMENT_KIND = (
        auto(),
        "書類の種類の不正",
        "書類の種類「{kind}」はありません。",
        "There is no document kind '{kind}'.",
    )
    REGISTRATION_INCOMPLETE = (
        auto(),
        "登録書類の不足",
        "登録書類が揃っていません（未提出または期限切れ）: {missing:label}",
        "Registration documents are missing or stale: {missing:words}",
    )
    REASON_REQUIRED = (
        auto(),
        "理由の入力なし",
        "変更の理由を入力してください。理由は履歴に記録されます。",
        "Give the reason for the change; it is recorded in the history.",
        "A limit change, a change to a company's registered facts and the rejection of a limit change "
        "each need a reason.",
        {
            "reject": (
                "否決の理由を入力してください。",
                "Give the reason for rejecting the limit change.",
            )
        },
    )
    LIMIT_CHANGE_PENDING = (
        auto(),
        "承認待ちの限度額変更あり",
        "この{company:label}には承認待ちの限度額の変更（依頼 {change_id}）があります。"
        "承認または否決の後に依頼してください。",
        "This {company:words} already has a limit change awaiting approval (request {change_id}).",
        "One pending limit change per company: approve or reject it first.",
    )
    LIMIT_CHANGE_DECIDED = (
        auto(),
        "判断済みの限度額変更",
        "この限度額の変更依頼は既に判断されています（{state:label}）。",
        "This limit change was already decided ({state}).",
    )
