"""Concentration (SPEC §19): ``GET /api/v1/reports/concentration`` and ``hozen report concentration --json``.

Shares and utilisation travel as decimal strings in percent, rounded half up to two decimals
(``"37.25"``); the HHI as whole points (0 … 10,000, rounded half up) — see docs/risk.md.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from hozen.contract.base import Contract, IsoDate, YenAmount

MAX_TOP = 1000
DEFAULT_TOP = 5
Dimension = Literal["debtor", "group", "prefecture", "trade"]


class ShareOut(Contract):
    rank: int
    key: str = Field(
        description="debtor id, group code (or debtor:<id> for a debtor in no group), JIS "
        "prefecture code, trade code; empty when not set"
    )
    name: str
    exposure: YenAmount
    share: str = Field(description="percent of the dimension's total, two decimals")


class DimensionOut(Contract):
    by: Dimension
    label_ja: str
    total: YenAmount
    count: int = Field(description="keys with exposure")
    top_n: int
    top_share: str = Field(description="percent of the total held by the top_n largest keys")
    hhi: int = Field(description="Herfindahl–Hirschman index, 0 … 10,000 points")
    rows: list[ShareOut]


class UtilisationOut(Contract):
    party: Literal["debtor", "customer"]
    id: int
    name: str
    exposure: YenAmount
    limit: YenAmount
    utilisation: str | None = Field(description="percent of the limit, two decimals; null for a limit of 0")


class ConcentrationOutput(Contract):
    date: IsoDate
    total_exposure: YenAmount
    top_n: int
    dimensions: list[DimensionOut]
    limits: list[UtilisationOut]
