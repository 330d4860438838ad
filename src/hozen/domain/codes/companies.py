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
