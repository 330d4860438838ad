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
