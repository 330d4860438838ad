"""Concentration arithmetic (SPEC §19): shares, top-N share and HHI, computed by hand from the rule."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hozen.domain.codes.risk import Prefecture, Trade
from hozen.domain.concentration import concentration, index_points, percent_text, utilisation


def test_empty_portfolio_has_no_exposure_and_index_zero() -> None:
    result = concentration({}, 5)
    assert result.empty and result.total == 0 and result.rows == ()
    assert result.hhi == 0 and result.top_share == 0 and index_points(result.hhi) == 0
    assert concentration({"a": 0, "b": 0}, 5).empty  # keys without exposure do not count


def test_one_debtor_holds_everything() -> None:
    result = concentration({7: 123_456_789}, 5)
    assert result.hhi == 10_000 and result.top_share == 1
    assert percent_text(result.top_share) == "100.00" and index_points(result.hhi) == 10_000


def test_shares_top_n_and_hhi_by_hand() -> None:
    # 6m, 3m, 1m of 10m: shares 60 %, 30 %, 10 %; HHI 3,600 + 900 + 100 = 4,600; top 2 = 90 %
    result = concentration({"x": 1_000_000, "y": 6_000_000, "z": 3_000_000}, 2)
    assert [(r.key, r.exposure) for r in result.rows] == [("y", 6_000_000), ("z", 3_000_000), ("x", 1_000_000)]
    assert [percent_text(r.share) for r in result.rows] == ["60.00", "30.00", "10.00"]
    assert result.hhi == 4_600 and result.top_share == Fraction(9, 10)
    assert [r.key for r in result.top] == ["y", "z"]


def test_hhi_is_exact_until_the_named_rounding() -> None:
    # thirds: each share 100/3 %, HHI 3 × (100/3)² = 10,000/3 = 3,333.33… points → 3,333
    result = concentration({"a": 1, "b": 1, "c": 1}, 1)
    assert result.hhi == Fraction(10_000, 3) and index_points(result.hhi) == 3_333
    assert percent_text(result.top_share) == "33.33"
    # 2 : 1 → shares 66.666… % and 33.333… %: HHI (4 + 1) / 9 × 10,000 = 5,555.55… → 5,556 (half up)
    two_to_one = concentration({"a": 2, "b": 1}, 1)
    assert index_points(two_to_one.hhi) == 5_556 and percent_text(two_to_one.top_share) == "66.67"


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [(Fraction(1, 8), "12.50"), (Fraction(1, 800), "0.13"), (Fraction(1, 1600), "0.06"), (Fraction(0), "0.00")],
)
def test_percent_rounds_half_up_to_two_decimals(ratio: Fraction, shown: str) -> None:
    assert percent_text(ratio) == shown


def test_ties_give_the_same_top_share_and_list_by_key() -> None:
    # four keys of 2m and one of 1m: top 2 is 4m / 9m whichever two of the tied keys are taken
    result = concentration({"d": 2_000_000, "b": 2_000_000, "e": 1_000_000, "a": 2_000_000, "c": 2_000_000}, 2)
    assert [r.key for r in result.rows] == ["a", "b", "c", "d", "e"]
    assert result.top_share == Fraction(4, 9)
    assert concentration({3: 5, 1: 5, 2: 5}, 1).rows[0].key == 1


def test_top_n_beyond_the_keys_is_everything() -> None:
    assert concentration({"a": 5, "b": 7}, 10).top_share == 1


def test_negative_exposure_and_a_zero_top_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        concentration({"a": -1}, 5)
    with pytest.raises(ValueError, match="top_n"):
        concentration({"a": 1}, 0)


@settings(deadline=None, max_examples=200)
@given(st.dictionaries(st.integers(1, 50), st.integers(0, 10**12), max_size=30), st.integers(1, 40))
def test_index_lies_between_even_spread_and_one_key(exposures: dict[int, int], top_n: int) -> None:
    result = concentration(exposures, top_n)
    held = [v for v in exposures.values() if v > 0]
    if not held:
        assert result.hhi == 0
        return
    assert Fraction(10_000, len(held)) <= result.hhi <= 10_000
    assert sum(r.share for r in result.rows) == 1
    assert result.top_share == Fraction(sum(sorted(held, reverse=True)[:top_n]), sum(held))


def test_utilisation_of_a_limit() -> None:
    assert utilisation(4_500_000, 5_000_000) == Fraction(9, 10)
    assert percent_text(Fraction(2, 3)) == "66.67"
    assert utilisation(1, 0) is None  # a limit of 0 has no percentage: any exposure is over it


def test_registry_of_prefectures_and_trades() -> None:
    assert len(Prefecture) == 47
    assert [p.value for p in Prefecture] == [f"{n:02d}" for n in range(1, 48)]
    assert (Prefecture.HOKKAIDO.label, Prefecture.TOKYO.label, Prefecture.OKINAWA.label) == (
        "北海道",
        "東京都",
        "沖縄県",
    )
    assert Prefecture.label_of("27") == "大阪府"
    assert [(t.value, t.label) for t in Trade] == [
        ("06", "総合工事業"),
        ("07", "職別工事業（設備工事業を除く）"),
        ("08", "設備工事業"),
    ]
