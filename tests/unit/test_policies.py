import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from hozen.domain.errors import DomainError
from hozen.domain.money import Rounding
from hozen.domain.policy import Method, Product, SanctionsAsOf, Trigger
from hozen.policies import load_policy, preset, programme


def test_presets_reproduce_the_published_schedules() -> None:
    north, west, east = preset("north"), preset("west"), preset("east")
    assert (north.method, north.fee_rounding, north.subsidy_rounding) == (
        Method.GROSS_MINUS_SUBSIDY,
        Rounding.DOWN,
        Rounding.DOWN,
    )
    assert (west.method, west.fee_rounding) == (Method.NET_RATE, Rounding.DOWN)
    assert (east.method, east.fee_rounding, east.subsidy_rounding) == (
        Method.NET_RATE,
        Rounding.HALF_UP,
        Rounding.HALF_UP,
    )
    assert north.office_fees.individual == 1_100
    assert [
        north.office_fees.frame_new,
        north.office_fees.frame_increase,
        north.office_fees.frame_extension,
    ] == [3_300] * 3
    assert [north.office_fees.frame_decrease, north.office_fees.frame_abolition] == [1_100] * 2
    assert west.office_fees.individual == east.office_fees.individual == 0
    assert north.application_minimum == west.application_minimum == 1_000_000
    assert (north.ar_min_days_to_due, north.note_min_days_to_due, north.note_site.days) == (14, 40, 120)
    assert west.min_guarantee_days == 14
    assert Product.FRAME in north.products and Product.FRAME not in west.products
    assert Trigger.BUSINESS_CLOSURE in west.triggers
    assert Trigger.BUSINESS_CLOSURE not in north.triggers and Trigger.BUSINESS_CLOSURE not in east.triggers
    assert east.note_site.months == 4 and east.purchase_min_months_to_due == 1
    assert (east.purchase_lead_days_note, east.purchase_lead_days_erecord) == (4, 5)
    assert east.claim_deadline_days == 30
    assert east.guarantee_rate.min_net == Fraction(2) and east.purchase_rate.min_net == Fraction(5, 2)
    assert east.sanctions_as_of is SanctionsAsOf.APPLICATION
    assert north.sanctions_as_of is west.sanctions_as_of is SanctionsAsOf.START
    assert load_policy("default") == north


def test_programme_rules_in_force() -> None:
    rules = programme().in_force(dt.date(2026, 11, 22))
    assert rules.subsidy_ratio == Fraction(1, 3) and rules.subsidy_cap == Fraction(3, 2)
    assert rules.creditor_limit == rules.debtor_limit == 600_000_000
    assert (rules.creditor_max_capital, rules.creditor_max_employees) == (2_000_000_000, 1_500)
    assert rules.programme_end == dt.date(2027, 3, 31)
    assert rules.loss_compensation_ratio == Fraction(3, 4)
    with pytest.raises(DomainError) as caught:
        programme().in_force(dt.date(2000, 1, 1))
    assert caught.value.code == "BEFORE_PROGRAMME_START"


GOOD = """
name = "mine"
[pricing]
method = "net_rate"
fee_rounding = "up"
subsidy_rounding = "down"
guarantee_rate = { min_gross = 2.5, max_gross = "12" }
[products]
offered = ["note"]
"""


def test_a_custom_policy_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    policy = load_policy(str(path))
    assert policy.name == "mine" and policy.fee_rounding is Rounding.UP
    # A TOML float is read as an exact decimal, never a binary float.
    assert policy.guarantee_rate.min_gross == Fraction(5, 2)
    assert policy.sanctions_as_of is SanctionsAsOf.START  # the default
    assert policy.alert_thresholds == (80, 100)  # the default (SPEC §20)


def test_a_policy_may_set_its_limit_alert_thresholds(tmp_path: Path) -> None:
    path = tmp_path / "watchful.toml"
    path.write_text(GOOD + "[risk]\nalert_thresholds = [70, 90, 100]\n", encoding="utf-8")
    assert load_policy(str(path)).alert_thresholds == (70, 90, 100)


def test_a_policy_may_set_a_sixty_day_site_and_judge_sanctions_at_the_application(tmp_path: Path) -> None:
    path = tmp_path / "strict.toml"
    path.write_text(GOOD + '[eligibility]\nnote_site_days = 60\nsanctions_as_of = "application"\n', encoding="utf-8")
    policy = load_policy(str(path))
    assert policy.note_site.days == 60 and policy.sanctions_as_of is SanctionsAsOf.APPLICATION


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('method = "net_rate"', 'method = "net"'), "pricing.method"),
        (('offered = ["note"]', 'offered = ["note", "loan"]'), "products.offered.1"),
        (("[products]", "[products]\nsurprise = 1"), "products.surprise"),
        (
            ('fee_rounding = "up"', 'fee_rounding = "up"\ndiscount_rate_cap = "2.0001"'),
            "pricing.discount_rate_cap",
        ),
        (("[products]", '[eligibility]\nsanctions_as_of = "review"\n[products]'), "eligibility.sanctions_as_of"),
        (("[products]", "[eligibility]\nnote_site_days = 0\n[products]"), "eligibility.note_site_days"),
        (("[products]", "[eligibility]\nnote_site_days = 367\n[products]"), "eligibility.note_site_days"),
        (("[products]", "[risk]\nalert_thresholds = [100, 80]\n[products]"), "risk.alert_thresholds"),
        (("[products]", "[risk]\nalert_thresholds = [80, 80]\n[products]"), "risk.alert_thresholds"),
        (("[products]", "[risk]\nalert_thresholds = []\n[products]"), "risk.alert_thresholds"),
        (("[products]", "[risk]\nalert_thresholds = [0, 100]\n[products]"), "risk.alert_thresholds.0"),
        (("[products]", "[risk]\nalert_thresholds = [80, 201]\n[products]"), "risk.alert_thresholds.1"),
        (("[products]", "[risk]\nalert_thresholds = [80.5]\n[products]"), "risk.alert_thresholds.0"),
    ],
)
def test_a_bad_policy_names_the_bad_key(tmp_path: Path, change: tuple[str, str], key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(DomainError) as caught:
        load_policy(str(path))
    assert caught.value.code == "INVALID_POLICY"
    assert key in caught.value.message_en and key in caught.value.message_ja


def test_unknown_and_remote_paths_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as caught:
        load_policy("south")
    assert caught.value.code == "UNKNOWN_POLICY"
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(DomainError) as caught:
        load_policy(str(path), allow_paths=False)
    assert caught.value.code == "UNKNOWN_POLICY"
    with pytest.raises(DomainError) as caught:
        load_policy(str(tmp_path / "missing.toml"))
    assert caught.value.code == "UNKNOWN_POLICY"
