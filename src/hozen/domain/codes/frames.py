"""The frame guarantee need simulation (SPEC §7, §14.2): input it cannot simulate.

Every error names the input ``field`` at fault in its context.
"""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class SimulationCode(Code):
    """Payment terms or progress the simulation cannot use."""

    INVALID_DAY = (
        auto(),
        "日付指定の不正",
        "{field} は1〜28または month_end です。",
        "{field} is 1–28 or month_end.",
    )
    INVALID_CASH_RATIO = (
        auto(),
        "現金割合の不正",
        "現金の割合（{field}）は0〜1です。",
        "{field} lies between 0 and 1.",
    )
    INVALID_TERMS = (
        auto(),
        "支払条件の不正",
        "支払月・サイトに負の値は指定できません。",
        "payment_month_offset and note_site_days are not negative.",
    )
    INVALID_LIMIT_UNIT = (
        auto(),
        "極度額単位の不正",
        "極度額の単位（{field}）は1円以上です。",
        "{field} is at least ¥1.",
    )
    NO_PROGRESS = (
        auto(),
        "出来高なし",
        "出来高を1か月以上入力してください。",
        "Give at least one month of progress.",
    )
    DUPLICATE_MONTH = (
        auto(),
        "出来高の月が重複",
        "同じ月の出来高が重複しています。",
        "A month appears twice in progress.",
    )
    PROGRESS_BEFORE_START = (
        auto(),
        "工期開始前の出来高",
        "{year}年{month}月は工期開始より前です。",
        "{year}-{month:02d} is before the work starts.",
    )
    NEGATIVE_AMOUNT = (
        auto(),
        "出来高が負",
        "出来高に負の値は指定できません。",
        "Progress amounts are not negative.",
    )
    PAYMENT_BEFORE_CLOSING = (
        auto(),
        "支払日が締め日より前",
        "支払日が締め日より前になります。支払月・支払日を確認してください。",
        "The payment day falls before the closing day; check the payment month and day.",
    )
