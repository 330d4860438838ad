"""Pricing and money (SPEC §2, §3, §6, §14.1): quote warnings and the errors of pricing a fee."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class PricingCode(Code):
    """A quote that cannot be priced as asked, or a warning on one that can."""

    AFTER_PROGRAMME_END = (
        auto(),
        "制度の申込受付期限後",
        "保証開始日が制度の新規申込受付期限（{programme_end}）より後です。助成の対象にならない場合があります。",
        "The start date is after the programme's last application day ({programme_end}); the subsidy may not apply.",
        "A warning in a quote whose start lies after the programme's last application day (priced under the "
        "last rules); an application received after that day is refused (HTTP 422).",
        {
            "application": (
                "制度の新規申込受付期限（{programme_end}）を過ぎているため、{received_on}のお申込みは受け付けられません。",
                "Applications closed on the programme's last application day ({programme_end}); "
                "an application received on {received_on} cannot be accepted.",
            ),
        },
    )
    RATE_OUT_OF_POLICY_RANGE = (
        auto(),
        "料率が範囲外",
        "料率 {rate}%（助成後 {net_rate}%）は保証料表で認められる範囲（{allowed_ja}）の外です。",
        "The rate {rate} % ({net_rate} % after subsidy) is outside the range the fee schedule allows ({allowed_en}).",
    )
    PRODUCT_NOT_OFFERED = (
        auto(),
        "取扱いのない商品",
        "ポリシー「{policy}」では商品「{product:label}」を取り扱っていません。",
        "Policy '{policy}' does not offer the product '{product}'.",
    )
    AMOUNT_REQUIRED = (
        auto(),
        "金額の指定不備",
        "金額（amount）を指定してください（invoice_amount / notified_amount は売掛金保証のみ）。",
        "Give the amount (amount); invoice_amount and notified_amount are for AR guarantees only.",
        "The amount is missing, or given in more than one way, or a top-up lacks the notified amount.",
        {
            "ar": (
                "売掛金保証は amount、invoice_amount、notified_amount のいずれか1つを指定してください。",
                "An AR guarantee needs exactly one of amount, invoice_amount or notified_amount.",
            ),
            "top_up": (
                "追加保証（already_guaranteed）には支払通知の金額（notified_amount）が必要です。",
                "A top-up (already_guaranteed) needs the notified amount (notified_amount).",
            ),
        },
    )
    AMOUNT_NOT_POSITIVE = (
        auto(),
        "金額が0円以下",
        "金額は1円以上で指定してください（指定値: {amount:,}円）。",
        "The amount must be at least ¥1 (given: ¥{amount:,}).",
    )
    END_BEFORE_START = (
        auto(),
        "終了日が開始日より前",
        "終了日（{end}）が開始日（{start}）より前です。",
        "The end date ({end}) is before the start date ({start}).",
    )
    OFFICE_FEE_NEGATIVE = (
        auto(),
        "事務手数料が負",
        "事務手数料に負の値は指定できません。",
        "The office fee must not be negative.",
    )
    DISCOUNT_RATE_REQUIRED = (
        auto(),
        "割引料率なし",
        "割引には割引料率（discount_rate）が必要です。",
        "A discount needs a discount rate (discount_rate).",
    )
    DISCOUNT_RATE_OVER_CAP = (
        auto(),
        "割引料率が上限超過",
        "割引料率 {discount_rate}% が上限 {cap}% を超えています。",
        "The discount rate {discount_rate} % exceeds the cap of {cap} %.",
    )
    TOP_UP_NOT_NEEDED = (
        auto(),
        "追加保証不要",
        "通知金額（{notified_amount:,}円）が保証済み金額（{already_guaranteed:,}円）を超えていないため、"
        "追加保証は不要です。",
        "The notified amount (¥{notified_amount:,}) does not exceed the amount already guaranteed "
        "(¥{already_guaranteed:,}); there is nothing to top up.",
    )
    INVALID_RATE = (
        auto(),
        "料率の形式不正",
        "{field} が数値ではありません: {value}",
        "{field} is not a number: {value}",
        "A rate is a decimal string of a non-negative percentage with at most three decimals.",
        {
            "float": (
                '{field} は文字列で指定してください（例: "4.5"）。浮動小数点数は受け付けません。',
                '{field} must be given as a string (e.g. "4.5"); binary floats are refused.',
            ),
            "too_many_decimals": (
                "{field} は小数点以下{places}桁までです: {value}",
                "{field} allows at most {places} decimals: {value}",
            ),
            "negative": (
                "{field} に負の値は指定できません: {value}",
                "{field} must not be negative: {value}",
            ),
            "too_large": (
                "{field} は{max}%以下で指定してください: {value}",
                "{field} must be at most {max} %: {value}",
            ),
        },
    )
    BULK_OUT_OF_BOUNDS = (
        auto(),
        "一括計算の範囲外",
        "一括計算できません: 金額・料率・日数が大きすぎます。",
        "Cannot price the batch: amounts, rates and days too large for int64.",
        "A batch whose exact integer arithmetic could overflow 64 bits, or that holds a negative value.",
        {
            "negative": (
                "一括計算できません: 負の値があります。",
                "Cannot price the batch: it holds a negative value.",
            )
        },
    )
    BEFORE_PROGRAMME_START = (
        auto(),
        "制度開始前",
        "{date} に有効な制度ルールがありません（最初の版は {first} から）。",
        "No programme rules are in force on {date} (the first version starts {first}).",
    )
