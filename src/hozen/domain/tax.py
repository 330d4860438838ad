"""Consumption tax on what Hozen invoices (SPEC §15): categories, per-rate totals, the tax once per rate.

Guarantee fees (信用の保証料), discount fees (手形の割引料) and the margin on bought receivables are
非課税 (消費税法別表第二 第3号, 消費税法施行令 第10条, 消費税法基本通達 6-3-1). Office fees and
transfer fees charged to the customer are services taxed at the standard 10 %; the published fee
schedule states them tax-included (¥1,100 = ¥1,000 + ¥100 tax).

A qualified invoice (適格請求書) computes the tax once per invoice and per rate, never per line
(消費税法施行令 第70条の10): the tax-included amounts of one rate are summed first, then the tax
is taken from that sum and rounded down to the yen (:data:`TAX_ROUNDING`, docs/documents.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from hozen.domain.codes import Labelled
from hozen.domain.money import Rounding, Yen, round_yen

TAX_ROUNDING = Rounding.DOWN


class TaxCategory(Labelled):
    """The tax category of an invoice item; the order is the order of the per-rate totals."""

    STANDARD = ("standard", "10%対象")
    EXEMPT = ("exempt", "非課税")

    @property
    def rate_percent(self) -> Fraction:
        return Fraction(10) if self is TaxCategory.STANDARD else Fraction(0)


@dataclass(frozen=True, slots=True)
class TaxedItem:
    """One line of an invoice: what it is, its tax-included amount and its category."""

    description: str
    amount: Yen
    category: TaxCategory


@dataclass(frozen=True, slots=True)
class RateTotal:
    """The total of one tax rate on one invoice: tax-included gross = net + tax."""

    category: TaxCategory
    gross: Yen
    tax: Yen

    @property
    def net(self) -> Yen:
        return self.gross - self.tax


def tax_included_in(gross: Yen, category: TaxCategory) -> Yen:
    """The consumption tax contained in a tax-included amount of one rate: gross × r / (100 + r)."""
    rate = category.rate_percent
    return round_yen(Fraction(gross) * rate / (100 + rate), TAX_ROUNDING)


def totals_per_rate(items: Iterable[TaxedItem]) -> tuple[RateTotal, ...]:
    """The per-rate totals of an invoice, each rate's tax computed once from its summed amounts.

    Every category that occurs is listed (in :class:`TaxCategory` order), also with a zero sum.
    """
    sums: dict[TaxCategory, Yen] = {}
    for item in items:
        if item.amount < 0:
            raise ValueError("invoice items are never negative")
        sums[item.category] = sums.get(item.category, 0) + item.amount
    return tuple(
        RateTotal(category, sums[category], tax_included_in(sums[category], category))
        for category in TaxCategory
        if category in sums
    )
