"""Consumption tax on invoices (SPEC §15): per-rate totals, the tax computed once per rate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hozen.domain.tax import TaxCategory, TaxedItem, tax_included_in, totals_per_rate

STANDARD, EXEMPT = TaxCategory.STANDARD, TaxCategory.EXEMPT


def office(amount: int) -> TaxedItem:
    return TaxedItem("事務手数料", amount, STANDARD)


def fee(amount: int) -> TaxedItem:
    return TaxedItem("保証料", amount, EXEMPT)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # the published schedule: ¥1,100 = ¥1,000 + ¥100; ¥3,300 = ¥3,000 + ¥300
        ([fee(15_288), office(1_100)], [(STANDARD, 1_100, 1_000, 100), (EXEMPT, 15_288, 15_288, 0)]),
        ([fee(84_246), office(3_300)], [(STANDARD, 3_300, 3_000, 300), (EXEMPT, 84_246, 84_246, 0)]),
        # several office fees are summed first, the tax taken once: 3 × ¥1,100 → ¥300, not 3 × ¥100 rounded
        ([office(1_100), office(1_100), office(1_100)], [(STANDARD, 3_300, 3_000, 300)]),
        # ¥660 + ¥550 = ¥1,210 → tax ¥110; per line it would be ¥60 + ¥50 = ¥110 as well, but
        # ¥105 + ¥105 = ¥210 → ¥19 once (19.09…), where per line ¥9 + ¥9 = ¥18
        ([office(660), office(550)], [(STANDARD, 1_210, 1_100, 110)]),
        ([office(105), office(105)], [(STANDARD, 210, 191, 19)]),
        # an exempt-only invoice lists only its one rate; a zero office fee still shows its rate
        ([fee(4_795)], [(EXEMPT, 4_795, 4_795, 0)]),
        ([fee(4_795), office(0)], [(STANDARD, 0, 0, 0), (EXEMPT, 4_795, 4_795, 0)]),
        ([], []),
    ],
)
def test_totals_per_rate(items: list[TaxedItem], expected: list[tuple[TaxCategory, int, int, int]]) -> None:
    assert [(t.category, t.gross, t.net, t.tax) for t in totals_per_rate(items)] == expected


@pytest.mark.parametrize(("gross", "tax"), [(1_100, 100), (3_300, 300), (1, 0), (11, 1), (109, 9), (1_099, 99)])
def test_the_tax_in_a_tax_included_amount_is_rounded_down(gross: int, tax: int) -> None:
    assert tax_included_in(gross, STANDARD) == tax
    assert tax_included_in(gross, EXEMPT) == 0


def test_a_negative_item_is_refused() -> None:
    with pytest.raises(ValueError, match="never negative"):
        totals_per_rate([office(-1)])


items_strategy = st.lists(
    st.builds(
        TaxedItem, st.just("明細"), st.integers(min_value=0, max_value=1_000_000_000_000), st.sampled_from(TaxCategory)
    ),
    max_size=30,
)


@given(items_strategy)
def test_net_plus_tax_is_gross_and_the_tax_is_taken_once_per_rate(items: list[TaxedItem]) -> None:
    totals = totals_per_rate(items)
    for total in totals:
        gross = sum(item.amount for item in items if item.category is total.category)
        assert total.gross == gross and total.net + total.tax == gross
        # the tax is the largest whole yen not above gross × 10/110 (0 for exempt)
        assert total.tax * (100 + total.category.rate_percent) <= gross * total.category.rate_percent
        assert (total.tax + 1) * (100 + total.category.rate_percent) > gross * total.category.rate_percent
    assert sum(t.gross for t in totals) == sum(item.amount for item in items)
