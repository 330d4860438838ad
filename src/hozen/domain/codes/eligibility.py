"""Reason codes of eligibility (SPEC §4): each failure of a check names one of these.

Receivable failures carry ``number`` (the receivable's 1-based position); the other fields are the
figures the rule compared.
"""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class EligibilityCode(Code):
    """A rule of SPEC §4 the customer, the debtor, a receivable or the application fails."""

    CREDITOR_TOO_LARGE = (
        auto(),
        "中小企業の要件外",
        "資本金 {capital:,}円 かつ常時雇用する従業員 {employees:,}人 で、中小企業の要件"
        "（資本金 {max_capital:,}円 以下 または 従業員 {max_employees:,}人 以下）を満たしません。",
        "Capital ¥{capital:,} and {employees:,} employees exceed both size limits "
        "(¥{max_capital:,} / {max_employees:,}).",
        "Capital above the programme's limit and employees above its limit, both at once (SPEC §4.1).",
    )
    CREDITOR_SANCTIONED = (
        auto(),
        "処分中",
        "{as_of} 時点で{sanction:label}処分中です（{start}〜{end}）。",
        "Under {sanction:words} on {as_of} ({start} – {end}).",
        "Business or nomination suspension in force on the day, or the construction licence revoked within "
        "the last five years.",
        {
            "open_ended": (
                "{as_of} 時点で{sanction:label}処分中です（{start}〜期限なし）。",
                "Under {sanction:words} on {as_of} ({start} – open).",
            ),
            "revoked": (
                "{start} に建設業許可の取消しを受けています（過去5年以内）。",
                "The construction licence was revoked on {start}, within the last five years.",
            ),
        },
    )
    CREDITOR_NOT_DIRECT = (
        auto(),
        "直接取引でない",
        "注文者と直接契約する下請建設企業または資材業者ではありません。",
        "The customer does not contract directly with the debtor.",
    )
    CREDITOR_NOT_REGISTERED = (
        auto(),
        "初回登録未了",
        "初回登録の書類が揃っていないか、期限が切れています。",
        "The first-time registration documents are missing or out of date.",
    )
    CREDITOR_LIMIT_EXCEEDED = (
        auto(),
        "お客様の限度額超過",
        "お客様の保証残高が限度額を超えます。",
        "The customer's exposure would exceed its limit.",
        "The customer's live reservations plus this application exceed the customer's limit (SPEC §5).",
    )
    DEBTOR_NO_PUBLIC_RECORD = (
        auto(),
        "公共工事実績・経審なし",
        "注文者に {previous_year}・{year}年度の公共工事の受注実績がなく、{as_of} 時点で有効な経営事項審査もありません"
        "（審査基準日: {base_date}）。",
        "The debtor won no public works in fiscal {previous_year} or {year} and has no valid management review "
        "on {as_of} (base date: {base_date}).",
        "Neither a public-works order in this or the previous fiscal year nor a valid management review (経審).",
        {
            "no_review": (
                "注文者に {previous_year}・{year}年度の公共工事の受注実績がなく、{as_of} 時点で有効な経営事項審査も"
                "ありません（審査基準日: なし）。",
                "The debtor won no public works in fiscal {previous_year} or {year} and has no valid management "
                "review on {as_of} (base date: none).",
            )
        },
    )
    DEBTOR_INSOLVENCY_FILED = (
        auto(),
        "法的整理の申立てあり",
        "注文者に法的整理の申立て（{filed_on}）があります。",
        "An insolvency filing against the debtor exists ({filed_on}).",
    )
    DEBTOR_SUSPENDED = (
        auto(),
        "取引停止処分中",
        "注文者は取引停止処分中です。",
        "The debtor is under trading suspension.",
    )
    DEBTOR_DISHONOURED = (
        auto(),
        "不渡り・支払不能あり",
        "注文者に不渡り・支払不能の事実があります。",
        "The debtor has dishonoured a note or failed to pay an e-receivable.",
    )
    DEBTOR_UNSOUND = (
        auto(),
        "財務内容の懸念",
        "注文者の財務内容の著しい悪化または不正のおそれがあります。",
        "The underwriter flagged the debtor's finances as seriously impaired or a risk of fraud.",
    )
    DEBTOR_LIMIT_EXCEEDED = (
        auto(),
        "注文者の限度額超過",
        "注文者の保証残高が限度額を超えます。",
        "The debtor's exposure would exceed its limit.",
        "The debtor's live reservations plus this application exceed the debtor's limit (SPEC §5).",
    )
    RECEIVABLE_NOT_CONSTRUCTION = (
        auto(),
        "建設工事の代金でない",
        "{number}件目: 建設工事・資材の代金ではありません。",
        "Receivable {number}: not a payment for construction work or materials.",
    )
    RECEIVABLE_NO_ORIGIN_DOCS = (
        auto(),
        "成因確認書類なし",
        "{number}件目: 成因確認書類（契約書・注文書・請求書または支払通知書）がありません。",
        "Receivable {number}: origin documents are missing (a written contract and an invoice or payment notice).",
        "",
        {
            "no_contract": (
                "{number}件目: 成因確認書類（契約書・注文書）がありません。",
                "Receivable {number}: origin documents are missing (a written contract and an invoice or "
                "payment notice).",
            ),
            "no_amount_document": (
                "{number}件目: 成因確認書類（請求書または支払通知書）がありません。",
                "Receivable {number}: origin documents are missing (a written contract and an invoice or "
                "payment notice).",
            ),
        },
    )
    RECEIVABLE_ALREADY_DUE = (
        auto(),
        "支払期日到来済み",
        "{number}件目: 支払期日 {due_date} が審査依頼日以前です。",
        "Receivable {number}: due {due_date}, on or before the request date.",
    )
    RECEIVABLE_TOO_SHORT = (
        auto(),
        "期日までの期間不足",
        "{number}件目: 審査依頼日から支払期日まで {days}日 で、{minimum}日 以上必要です。",
        "Receivable {number}: {days} days from the request to the due date; at least {minimum} are needed.",
        "Too little time left by the policy: days from the request to the due date, the guarantee period, "
        "or (purchase) months to the due date.",
        {
            "period": (
                "{number}件目: 保証期間が {days}日 で、{minimum}日 以上必要です。",
                "Receivable {number}: a guarantee period of {days} days; at least {minimum} are needed.",
            ),
            "purchase": (
                "{number}件目: 買取日から{months}か月以内に期日が来る手形です。",
                "Receivable {number}: due within {months} month(s) of the purchase date.",
            ),
        },
    )
    NOTE_SITE_TOO_LONG = (
        auto(),
        "サイト超過",
        "{number}件目: 振出日から支払期日までが{days}日を超えています。",
        "Receivable {number}: the term from issue to due date exceeds {days} days.",
        "",
        {
            "months": (
                "{number}件目: 振出日から支払期日までが{months}か月（休日調整後 {limit_date}）を超えています。",
                "Receivable {number}: the term from issue to due date exceeds {months} months "
                "(adjusted: {limit_date}).",
            )
        },
    )
    NOTE_ENDORSED = (
        auto(),
        "裏書手形",
        "{number}件目: 裏書により取得した手形です。",
        "Receivable {number}: the note was endorsed to the customer.",
    )
    NOTE_BILL_OF_EXCHANGE = (
        auto(),
        "為替手形",
        "{number}件目: 為替手形です。",
        "Receivable {number}: a bill of exchange.",
    )
    ERECEIVABLE_TRANSFERRED = (
        auto(),
        "譲渡記録による取得",
        "{number}件目: 譲渡記録により取得した電子記録債権です。",
        "Receivable {number}: acquired by a transfer record.",
    )
    RECEIVABLE_DISHONOURED = (
        auto(),
        "不渡り・期日延長あり",
        "{number}件目: 不渡り・支払不能、または支払期日の延長（ジャンプ）があります。",
        "Receivable {number}: dishonoured, or its due date was extended.",
    )
    RECEIVABLE_DUPLICATE = (
        auto(),
        "債権の重複",
        "{number}件目: 番号「{reference}」の同じ債権が既に{holder:label} {holder_id} にあります。",
        "Receivable {number}: number '{reference}' is already on {holder:words} {holder_id}.",
        "The same receivable is on a live review line, guarantee or purchase of the company (same note number "
        "or 記録番号 for the same debtor; for AR the same customer, debtor and invoice number, or the same "
        "amount and due date). A finding at review; a refusal (HTTP 409) when applying.",
        {
            "amount_and_due": (
                "{number}件目: 同じ金額（{amount:,}円）・同じ期日（{due_date}）の売掛債権が既に{holder:label} "
                "{holder_id} にあります。",
                "Receivable {number}: an AR of the same amount (¥{amount:,}) and due date ({due_date}) is already "
                "on {holder:words} {holder_id}.",
            ),
            "application": (
                "明細 {line_id}: 同じ債権が既に{holder:label} {holder_id} にあるため、お申込みできません。",
                "Line {line_id}: the same receivable is already on {holder:words} {holder_id}; it cannot be "
                "applied for.",
            ),
        },
    )
    APPLICATION_TOO_SMALL = (
        auto(),
        "最低額未満",
        "お申込み金額の合計 {total:,}円 が最低額 {minimum:,}円 に達していません。",
        "The application totals ¥{total:,}, below the minimum of ¥{minimum:,}.",
        "One application (to one debtor) totals less than the policy's minimum.",
    )
