"""Portfolio risk (SPEC §19): the stress test's input and the kinds of loss it reports."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code, Labelled


class RiskCode(Code):
    """A stress test that cannot be run as asked."""

    INVALID_SHARE = (
        auto(),
        "未回収割合の不正",
        "未回収割合（{field}）は0より大きく1以下、小数3桁までで指定してください。",
        "{field} lies above 0 and at most 1, with at most three decimals.",
    )
    STRESS_UNKNOWN_DEBTOR = (
        auto(),
        "注文者が見つからない",
        "注文者（ID {debtor_id}）は登録されていません。",
        "Debtor {debtor_id} does not exist.",
    )


class LossKind(Labelled):
    """What pays out when a debtor fails (SPEC §19)."""

    INDIVIDUAL = ("individual", "個別保証")
    FRAME = ("frame", "枠保証")
    PURCHASE = ("purchase", "買取手形")


class ConcentrationCode(Code):
    """A debtor's classification for the concentration report that cannot be stored as given."""

    DEBTOR_GROUP_NAME_CONFLICT = (
        auto(),
        "企業グループ名の不一致",
        "企業グループコード {group_code} は「{registered}」として登録済みです。同じ名称を指定してください。",
        "Group code {group_code} is registered as '{registered}'; give the same name.",
        "Every debtor of one corporate group carries the same group name.",
    )
    DEBTOR_GROUP_INCOMPLETE = (
        auto(),
        "企業グループの指定不足",
        "企業グループはコードと名称の両方を指定してください（どちらも省略するとグループなし）。",
        "Give both the group code and the group name, or neither (no group).",
    )


class ConcentrationBy(Labelled):
    """A dimension of the concentration report (SPEC §19)."""

    DEBTOR = ("debtor", "注文者")
    GROUP = ("group", "企業グループ")
    PREFECTURE = ("prefecture", "都道府県")
    TRADE = ("trade", "業種")


class Trade(Labelled):
    """The debtor's trade: the three middle groups of JSIC major group D, construction (日本標準産業分類)."""

    GENERAL = ("06", "総合工事業")
    SPECIALIST = ("07", "職別工事業（設備工事業を除く）")
    EQUIPMENT = ("08", "設備工事業")


class Prefecture(Labelled):
    """The prefecture of the debtor's head office, by its JIS X 0401 code."""

    HOKKAIDO = ("01", "北海道")
    AOMORI = ("02", "青森県")
    IWATE = ("03", "岩手県")
    MIYAGI = ("04", "宮城県")
    AKITA = ("05", "秋田県")
    YAMAGATA = ("06", "山形県")
    FUKUSHIMA = ("07", "福島県")
    IBARAKI = ("08", "茨城県")
    TOCHIGI = ("09", "栃木県")
    GUNMA = ("10", "群馬県")
    SAITAMA = ("11", "埼玉県")
    CHIBA = ("12", "千葉県")
    TOKYO = ("13", "東京都")
    KANAGAWA = ("14", "神奈川県")
    NIIGATA = ("15", "新潟県")
    TOYAMA = ("16", "富山県")
    ISHIKAWA = ("17", "石川県")
    FUKUI = ("18", "福井県")
    YAMANASHI = ("19", "山梨県")
    NAGANO = ("20", "長野県")
    GIFU = ("21", "岐阜県")
    SHIZUOKA = ("22", "静岡県")
    AICHI = ("23", "愛知県")
    MIE = ("24", "三重県")
    SHIGA = ("25", "滋賀県")
    KYOTO = ("26", "京都府")
    OSAKA = ("27", "大阪府")
    HYOGO = ("28", "兵庫県")
    NARA = ("29", "奈良県")
    WAKAYAMA = ("30", "和歌山県")
    TOTTORI = ("31", "鳥取県")
    SHIMANE = ("32", "島根県")
    OKAYAMA = ("33", "岡山県")
    HIROSHIMA = ("34", "広島県")
    YAMAGUCHI = ("35", "山口県")
    TOKUSHIMA = ("36", "徳島県")
    KAGAWA = ("37", "香川県")
    EHIME = ("38", "愛媛県")
    KOCHI = ("39", "高知県")
    FUKUOKA = ("40", "福岡県")
    SAGA = ("41", "佐賀県")
    NAGASAKI = ("42", "長崎県")
    KUMAMOTO = ("43", "熊本県")
    OITA = ("44", "大分県")
    MIYAZAKI = ("45", "宮崎県")
    KAGOSHIMA = ("46", "鹿児島県")
    OKINAWA = ("47", "沖縄県")
