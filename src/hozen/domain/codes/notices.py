"""Notifications (SPEC §19): the alerts and reminders of the daily run, their delivery by e-mail and
webhook, and the webhook endpoints an administrator registers."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code, Labelled


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
    CLAIM_DEADLINE_SOON = (
        auto(),
        "保証履行請求の期限間近",
        "保証 {number}（{amount:,}円）の保証履行請求の期限は{deadline}です。"
        "お支払がない場合は期限までにご請求ください。",
        "The claim deadline of guarantee {number} (¥{amount:,}) is {deadline}.",
        "A guarantee not claimed whose claim deadline falls within ten days; to the customer.",
    )
    CLAIM_DEADLINE_SOON_STAFF = (
        auto(),
        "保証履行請求の期限間近（未請求）",
        "{customer}様の保証 {number}（{amount:,}円）は未請求のまま、保証履行請求の期限（{deadline}）が近づいています。",
        "Guarantee {number} (¥{amount:,}) of {customer} is not claimed; its claim deadline is {deadline}.",
        "The same guarantee, to the claims staff.",
    )
    CERTIFICATE_EXPIRING = (
        auto(),
        "登録書類の有効期限間近",
        "ご提出の{document}（{issued}発行）は{until}まで有効です。新しい証明書をご提出ください。",
        "Your {document} issued on {issued} is valid until {until}; please send a new one.",
        "A customer's newest registry or seal certificate whose three months end within fourteen days.",
    )
    DEBTOR_LIMIT_THRESHOLD = (
        auto(),
        "注文者の限度額使用率",
        "注文者 {name} の保証残高 {exposure:,}円は限度額 {limit:,}円の{utilisation}%となり、{threshold}%に達しました。",
        "Debtor {name}: exposure ¥{exposure:,} is {utilisation}% of its ¥{limit:,} limit, at or past {threshold}%.",
        "A debtor's utilisation reached a policy threshold (alert_thresholds); to staff deciding limits.",
    )
    CUSTOMER_LIMIT_THRESHOLD = (
        auto(),
        "お客様の限度額使用率",
        "{name}様の保証残高 {exposure:,}円は限度額 {limit:,}円の{utilisation}%となり、{threshold}%に達しました。",
        "Customer {name}: exposure ¥{exposure:,} is {utilisation}% of its ¥{limit:,} limit, at or past {threshold}%.",
        "A customer's utilisation reached a policy threshold (alert_thresholds); to staff deciding limits.",
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


class DeliveryState(Labelled):
    """Where one delivery of an outbox event to one channel (e-mail, a webhook endpoint) stands."""

    PENDING = ("pending", "送信待ち")  # not yet delivered; retried with backoff
    DELIVERED = ("delivered", "送信済み")
    FAILED = ("failed", "送信失敗")  # every attempt failed; an administrator may retry it
    CANCELLED = ("cancelled", "取消")  # its webhook endpoint was disabled before delivery
