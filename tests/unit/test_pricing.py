"""Pricing through the domain: the SPEC's worked examples and every product's rule."""

import datetime as dt
import re
from fractions import Fraction

import pytest

from hozen.domain.errors import DomainError
from hozen.domain.money import Rounding
from hozen.domain.policy import FrameChange, Method, Product
from hozen.domain.pricing import AFTER_PROGRAMME_END, PricingTerms, QuoteRequest, ar_guaranteed_amount, price
from hozen.policies import preset, programme

D = dt.date


def quote(policy: str = "north", **overrides: object):  # type: ignore[no-untyped-def]
    terms_overrides = {
        k: overrides.pop(k) for k in ("method", "fee_rounding", "subsidy_rounding", "subsidised") if k in overrides
    }
    fields: dict[str, object] = {
        "product": Product.NOTE,
        "amount": 2_000_000,
        "gross_rate": Fraction(9, 2),
        "start": D(2026, 4, 1),
        "end": D(2026, 6, 29),
    }
    fields.update(overrides)
    chosen = preset(policy)
    terms = PricingTerms.of(chosen, **terms_overrides)  # type: ignore[arg-type]
    return price(QuoteRequest(**fields), chosen, programme(), terms)  # type: ignore[arg-type]


def test_worked_example_1_note_guarantee_gross_minus_subsidy() -> None:
    q = quote()  # 2026-04-01 … 2026-06-29 is 90 days, both ends
    assert q.days == 90
    assert (q.gross_fee, q.office_fee, q.subsidy, q.payable) == (22_191, 1_100, 7_397, 15_894)


def test_worked_example_2_note_purchase_net_rate_half_up() -> None:
    q = quote(
        product=Product.PURCHASE,
        amount=1_000_000,
        gross_rate=Fraction(5),
        end=D(2026, 5, 20),
        method=Method.NET_RATE,
        fee_rounding=Rounding.HALF_UP,
    )
    assert q.days == 50
    assert q.net_rate == Fraction(7, 2)
    assert q.net_fee == 4_795


def test_net_rate_method_derives_subsidy_from_two_roundings() -> None:
    # ¥1,000,000 × 4 % × 100/365 = 10,958.90 → 10,958 (down); net 8/3 % → 7,305.93 → 7,305.
    q = quote("west", amount=1_000_000, gross_rate=Fraction(4), start=D(2026, 4, 1), end=D(2026, 7, 9))
    assert q.days == 100
    assert (q.gross_fee, q.net_fee, q.subsidy) == (10_958, 7_305, 3_653)
    assert q.office_fee == 0


def test_subsidy_is_capped_at_one_and_a_half_percent() -> None:
    q = quote(gross_rate=Fraction(6))
    assert q.subsidy_rate == Fraction(3, 2) and q.net_rate == Fraction(9, 2)


def test_without_subsidy_the_customer_pays_the_gross_fee() -> None:
    q = quote(subsidised=False)
    assert (q.subsidy, q.net_fee, q.subsidy_rate) == (0, q.gross_fee, 0)
    assert q.payable == 22_191 + 1_100


def test_ar_guarantees_eighty_percent_of_the_invoice_floored() -> None:
    rules = programme().in_force(D(2026, 4, 1))
    assert ar_guaranteed_amount(rules, invoice_amount=1_234_567) == 987_653  # 987,653.6 floored
    assert ar_guaranteed_amount(rules, notified_amount=1_234_567) == 1_234_567


@pytest.mark.parametrize(
    ("change", "office_fee", "priced"),
    [
        (FrameChange.NEW, 3_300, True),
        (FrameChange.INCREASE, 3_300, True),
        (FrameChange.EXTENSION, 3_300, True),
        (FrameChange.DECREASE, 1_100, False),
        (FrameChange.ABOLITION, 1_100, False),
    ],
)
def test_frame_changes_carry_their_office_fee(change: FrameChange, office_fee: int, priced: bool) -> None:
    q = quote(product=Product.FRAME, amount=9_200_000, frame_change=change)
    assert q.office_fee == office_fee
    assert (q.gross_fee > 0) is priced
    if not priced:
        assert q.payable == office_fee


def test_discount_adds_an_unsubsidised_discount_fee() -> None:
    # ¥2,000,000 × 1.5 % × 90 / 365 = 7,397.26 → 7,397 on top of the subsidised guarantee fee.
    q = quote(product=Product.DISCOUNT, discount_rate=Fraction(3, 2))
    assert q.discount_fee == 7_397
    assert q.payable == 15_894 + 7_397


def test_discount_rate_over_the_cap_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        quote(product=Product.DISCOUNT, discount_rate=Fraction(2001, 1000))
    assert caught.value.code == "DISCOUNT_RATE_OVER_CAP"
    assert quote(product=Product.DISCOUNT, discount_rate=Fraction(2)).discount_fee > 0


@pytest.mark.parametrize(
    ("policy", "rate", "ok"),
    [
        ("north", Fraction(3), True),
        ("north", Fraction(2999, 1000), False),
        ("north", Fraction(15), True),
        ("north", Fraction(15001, 1000), False),
        ("east", Fraction(3), True),
        ("east", Fraction(2999, 1000), False),  # 2.999 gross → 1.999 after subsidy
    ],
)
def test_rates_outside_the_policy_range_are_errors(policy: str, rate: Fraction, ok: bool) -> None:
    if ok:
        quote(policy, gross_rate=rate)
        return
    with pytest.raises(DomainError) as caught:
        quote(policy, gross_rate=rate)
    assert caught.value.code == "RATE_OUT_OF_POLICY_RANGE"
    shown = caught.value.message_ja  # read on the pages: the range in Japanese, no policy id or English
    assert ("助成前 3.0〜15.0%" if policy == "north" else "助成後") in shown
    assert not re.search(r"[A-Za-z]", shown), shown


def test_east_purchase_rate_floor_is_after_subsidy() -> None:
    quote("east", product=Product.PURCHASE, gross_rate=Fraction(15, 4))  # 3.75 → 2.5 after subsidy
    with pytest.raises(DomainError):
        quote("east", product=Product.PURCHASE, gross_rate=Fraction(3749, 1000))


def test_a_start_after_the_programme_end_is_a_warning() -> None:
    assert quote(start=D(2027, 3, 31), end=D(2027, 6, 30)).warnings == ()
    assert quote(start=D(2027, 4, 1), end=D(2027, 6, 30)).warnings == (AFTER_PROGRAMME_END,)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"end": D(2026, 3, 31)}, "END_BEFORE_START"),
        ({"amount": -1}, "AMOUNT_NOT_POSITIVE"),
        ({"amount": 0}, "AMOUNT_NOT_POSITIVE"),
        ({"product": Product.DISCOUNT}, "DISCOUNT_RATE_REQUIRED"),
        ({"office_fee": -1}, "OFFICE_FEE_NEGATIVE"),
    ],
)
def test_bad_requests_stop_with_a_code(overrides: dict[str, object], code: str) -> None:
    with pytest.raises(DomainError) as caught:
        quote(**overrides)
    assert caught.value.code == code


def test_west_offers_no_frame() -> None:
    with pytest.raises(DomainError) as caught:
        quote("west", product=Product.FRAME)
    assert caught.value.code == "PRODUCT_NOT_OFFERED"


def test_the_subsidy_never_exceeds_the_gross_fee() -> None:
    # ¥1 at 0.001 % for one day: gross 0.0000000027 → ¥0 (down), subsidy rounded up would be ¥1
    q = quote(
        "west",
        amount=1,
        gross_rate=Fraction(1, 1000),
        end=D(2026, 4, 1),
        fee_rounding=Rounding.DOWN,
        subsidy_rounding=Rounding.UP,
        method=Method.GROSS_MINUS_SUBSIDY,
    )
    assert (q.gross_fee, q.subsidy, q.net_fee) == (0, 0, 0)
