"""Codes of input that does not have the contract's shape (see :mod:`hozen.contract.errors`)."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class InputCode(Code):
    """Input that does not have the contract's shape (field by field, see :mod:`hozen.contract.errors`)."""

    INVALID_INPUT = (
        auto(),
        "入力不備",
        "入力を確認してください（{fields_ja}）。",
        "Invalid input ({fields_en}).",
        "HTTP 422: the request does not have the contract's shape; ``errors`` names each field with its code.",
        {"beside_fields": ("入力を確認してください。", "Check the input.")},
    )
    FIELD_REQUIRED = (auto(), "未入力", "入力してください。", "This field is required.")
    FIELD_NOT_ALLOWED = (auto(), "不要な項目", "この項目は受け付けていません。", "This field is not accepted.")
    NOT_AN_INTEGER = (auto(), "整数でない", "整数（半角数字）で入力してください。", "Give a whole number.")
    NUMBER_TOO_LARGE = (auto(), "桁数超過", "数値の桁数が大きすぎます。", "The number is too large.")
    NOT_A_NUMBER = (auto(), "数値でない", "数値で入力してください。", "Give a number.")
    VALUE_BELOW_MINIMUM = (auto(), "下限未満", "{limit}以上の値を入力してください。", "Give at least {limit}.")
    VALUE_NOT_ABOVE = (auto(), "下限以下", "{limit}より大きい値を入力してください。", "Give more than {limit}.")
    VALUE_ABOVE_MAXIMUM = (auto(), "上限超過", "{limit}以下の値を入力してください。", "Give at most {limit}.")
    VALUE_NOT_BELOW = (auto(), "上限以上", "{limit}未満の値を入力してください。", "Give less than {limit}.")
    NOT_TEXT = (auto(), "文字列でない", "文字で入力してください。", "Give text.")
    TEXT_TOO_SHORT = (
        auto(),
        "文字数不足",
        "{limit}文字以上で入力してください。",
        "Give at least {limit} characters.",
    )
    TEXT_TOO_LONG = (auto(), "文字数超過", "{limit}文字以内で入力してください。", "Give at most {limit} characters.")
    TEXT_FORMAT_INVALID = (
        auto(),
        "形式不正",
        "入力の形式が正しくありません。",
        "The text does not have the expected form.",
    )
    DATE_INVALID = (
        auto(),
        "日付不正",
        "日付を 2026-04-01 の形式で、実在する日で入力してください。",
        "Give a real date as YYYY-MM-DD.",
    )
    DATE_OUT_OF_RANGE = (
        auto(),
        "日付の範囲外",
        "{first}年から{last}年までの日付を入力してください。",
        "Give a date in the years {first} to {last}.",
    )
    TEXT_CONTROL_CHARACTER = (
        auto(),
        "制御文字",
        "制御文字（NUL など）は入力できません。",
        "Control characters (NUL and the like) are not accepted.",
    )
    CHOICE_INVALID = (auto(), "選択肢外", "選択肢の中から選んでください（{expected}）。", "Choose one of {expected}.")
    NOT_A_BOOLEAN = (auto(), "真偽値でない", "はい・いいえ（true / false）で指定してください。", "Give true or false.")
    NOT_A_LIST = (auto(), "一覧でない", "一覧（配列）で指定してください。", "Give a list.")
    LIST_TOO_SHORT = (auto(), "件数不足", "{limit}件以上指定してください。", "Give at least {limit} items.")
    LIST_TOO_LONG = (auto(), "件数超過", "{limit}件以内で指定してください。", "Give at most {limit} items.")
    NOT_AN_OBJECT = (auto(), "形式不正", "項目の組（オブジェクト）で指定してください。", "Give an object.")
    JSON_INVALID = (auto(), "JSON不正", "JSON として読み取れません。", "The body is not valid JSON.")
    VALUE_INVALID = (auto(), "値不正", "入力値が正しくありません。", "The value is not valid.")
    RATE_NOT_TEXT = (
        auto(),
        "料率の形式不正",
        '料率は "4.5" のような文字列で指定してください（小数の数値は受け付けません）。',
        'Give the rate as a string such as "4.5": floats are refused.',
    )
    GUARANTEE_AMOUNT_REQUIRED = (
        auto(),
        "保証金額なし",
        "個別保証には保証金額（amount）が必要です。",
        "An individual guarantee needs its amount.",
    )
    FRAME_LIMIT_REQUIRED = (
        auto(),
        "極度額なし",
        "枠保証には極度額（limit）が必要です。",
        "A frame guarantee needs its limit.",
    )
