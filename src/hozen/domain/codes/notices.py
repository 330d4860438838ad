"""Notifications (SPEC §19): the alerts and reminders of the daily run, their delivery by e-mail and
webhook, and the webhook endpoints an administrator registers."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class NoticeKind(Code):
    """What a notification is about; the message is its text in the notification centre and e-mail."""

    INVOICE_DUE = (
        auto(),
        "保証料の支払期限間近",
        "保証料請求書 {number}（{amount:,}円）のお支払期限は{due}です。",
        "Fee invoice {number} (¥{amount:,}) is due on {due}.",
        "A fee invoice still open three business days or less before its due date.",
    )
    INVOICE_OVERDUE = (
        auto(),
        "保証料の支払期限超過",
        "保証料請求書 {number}（{amount:,}円）のお支払期限（{due}）を過ぎています。お振込みをご確認ください。",
        "Fee invoice {number} (¥{amount:,}) was due on {due} and is unpaid.",
        "A fee invoice still open after its due date.",
    )
    MATURITY_SOON = (
        auto(),
        "保証期日の到来間近",
        "保証 {number}（{amount:,}円）の期日は{due}です。",
        "Guarantee {number} (¥{amount:,}) matures on {due}.",
        "A live guarantee whose end date falls within seven days.",
    )


class NoticeCode(Code):
    """Reading notifications, e-mail addresses and webhook endpoints."""

    INVALID_EMAIL = (
        auto(),
        "メールアドレスの不正",
        "メールアドレス「{email}」は使えません。{maximum}文字以内の name@example.jp の形で入力してください。",
        "The e-mail address '{email}' is not valid; give name@example.jp, at most {maximum} characters.",
    )
    WEBHOOK_URL_INVALID = (
        auto(),
        "送信先URLの不正",
        "送信先URLは http:// または https:// で始まる{maximum}文字以内のURLで指定してください。",
        "The endpoint URL must start with http:// or https:// and be at most {maximum} characters.",
    )
    WEBHOOK_ENDPOINT_DISABLED = (
        auto(),
        "停止済みの送信先",
        "送信先 {endpoint_id} は既に停止されています。",
        "Webhook endpoint {endpoint_id} is already disabled.",
    )
