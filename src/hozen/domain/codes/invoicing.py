"""Qualified invoices (SPEC §15): the issuer's registration."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class InvoicingCode(Code):
    """The issuer of qualified invoices is not configured as the law requires."""

    INVALID_REGISTRATION_NUMBER = (
        auto(),
        "登録番号の不正",
        "適格請求書発行事業者の登録番号「{value}」が不正です。T に続く13桁の法人番号（チェックデジット付き）を"
        "HOZEN_ISSUER_REGISTRATION_NUMBER に設定してください。",
        "The qualified invoice registration number '{value}' is invalid; set HOZEN_ISSUER_REGISTRATION_NUMBER "
        "to T followed by the 13-digit corporate number with its check digit.",
        "Checked when the server starts: every invoice carries the issuer's registration number.",
    )
    REGISTRATION_NUMBER_REQUIRED = (
        auto(),
        "登録番号の設定なし",
        "HOZEN_ISSUER_REGISTRATION_NUMBER に適格請求書発行事業者の登録番号（T＋13桁）を設定してください"
        "（デモでは HOZEN_DEMO=true）。",
        "Set HOZEN_ISSUER_REGISTRATION_NUMBER to the qualified invoice registration number (T + 13 digits), "
        "or HOZEN_DEMO=true for a demonstration.",
        "A server refuses to start outside demo mode without the number its invoices must carry.",
    )
