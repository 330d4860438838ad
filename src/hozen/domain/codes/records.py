"""Past work (the records pages): the kinds of work one can look up, the words of the history, and
the refusals of a list's filter."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code, Labelled


class RecordKind(Labelled):
    """A kind of past work with its own list and detail page; the value is the page's path segment."""

    REVIEW = ("reviews", "審査依頼")
    APPLICATION = ("applications", "申込")
    GUARANTEE = ("guarantees", "保証")
    INVOICE = ("invoices", "請求書")
    PURCHASE = ("purchases", "買取")
    DISCOUNT = ("discounts", "割引")
    FRAME_CHANGE = ("frame-changes", "枠保証の変更")
    CLAIM = ("claims", "保証債務の履行請求")


class ReviewProduct(Labelled):
    """What a review request is for (its lines may be guarantees of several products)."""

    INDIVIDUAL = ("individual", "個別保証")
    PURCHASE = ("purchase", "買取")
    FRAME = ("frame", "枠保証")


class HistoryReason(Labelled):
    """Why the system changed a state, as people read it in a history. The value is the start of the
    reason the services store; a reason a person typed (a decline, a return) is shown as typed."""

    SUBMITTED = ("review request submitted", "審査依頼の受付")
    FRAME_REQUESTED = ("frame guarantee requested", "枠保証の依頼")
    STARTED = ("review started", "審査開始")
    APPROVED = ("approved", "決裁")
    APPLIED = ("applied", "お申込み")
    WITHDRAWN = ("withdrawn", "取下げ")
    RESULT_EXPIRED = ("no application within", "審査結果の有効期間内にお申込みなし")
    RESERVED_AFTER_DECISION = ("limits reserved after", "限度額の判断の後に確保")
    RESERVED = ("limits reserved", "限度額を確保")
    FEE_RECEIVED = ("fee received", "保証料の入金")
    INVOICE_ISSUED = ("invoice issued", "請求書の発行")
    FEE_NOT_RECEIVED = ("fee not received", "期限までに保証料の入金なし")
    EFFECT_DATE = ("effect date reached", "保証開始日の到来")
    DEBTOR_PAID = ("debtor paid on", "注文者の支払を確認")
    PAYMENT_ASSUMED = ("no claim by", "請求期限までに請求なし（支払済みとみなす）")
    PAID_AT_MATURITY = ("paid at maturity", "期日に決済")
    PAPERS_RECEIVED = ("papers received", "書類の受領")
    PROCEEDS_PAID = ("proceeds", "買取代金のお振込み")
    DISCOUNT_ADVANCED = ("proceeds advanced", "割引代金のお振込み")
    PURCHASE_EXECUTED = ("purchase executed", "買取の実行")
    NOT_EXECUTED = ("not executed within", "期限までに買取の実行なし")
    COLLECTED = ("collected from the debtor", "注文者からの取立")
    DISHONOURED = ("dishonoured", "不渡り（損失は当社負担）")
    CLAIM_FILED = ("claim filed", "履行請求の受付")
    ASSESSED = ("assessed", "査定")
    NOTHING_PAYABLE = ("claim rejected", "お支払いできる額なし")
    PAYOUT = ("payout", "お支払いと債権の譲受け")
    SET_OFF = ("set off against", "相殺（現金の移動なし）")


class RecordCode(Code):
    """A filter of a list of past work that cannot be used."""

    UNKNOWN_RECORD_KIND = (
        auto(),
        "一覧の種類の誤り",
        "この種類の一覧はありません。",
        "There is no such list.",
        "A records page was asked for a kind of work that has none (404).",
    )
    UNKNOWN_STATE_FILTER = (
        auto(),
        "状態の指定の誤り",
        "{kind:label}に「{state}」という状態はありません。状態は一覧から選んでください。",
        "A {kind:words} has no state {state}; choose one from the list.",
        "The state filter is not a state of that kind of work (422).",
    )
    UNKNOWN_ORDER = (
        auto(),
        "並び順の指定の誤り",
        "並び順は「新しい順」か「古い順」を選んでください。",
        "Order by newest or oldest.",
        "A list was asked for an order it does not offer (422).",
    )
    DATES_REVERSED = (
        auto(),
        "期間の指定の誤り",
        "期間の終わりが始まりより前です。",
        "The end of the period is before its start.",
        "A list was filtered from a date later than its end date (422).",
    )
