import datetime as dt

import pytest

from hozen.domain.calendar import (
    add_business_days,
    add_months,
    fiscal_year,
    following_business_day,
    is_business_day,
    one_year_seven_months_before,
)

D = dt.date

# The national holidays as published by the Cabinet Office (内閣府「国民の祝日」), 2026 and 2027.
HOLIDAYS = {
    2026: [
        D(2026, 1, 1),
        D(2026, 1, 12),
        D(2026, 2, 11),
        D(2026, 2, 23),
        D(2026, 3, 20),
        D(2026, 4, 29),
        D(2026, 5, 3),
        D(2026, 5, 4),
        D(2026, 5, 5),
        D(2026, 5, 6),  # 5/6 振替休日 for 5/3 (Sunday)
        D(2026, 7, 20),
        D(2026, 8, 11),
        D(2026, 9, 21),
        D(2026, 9, 22),  # 9/22 国民の休日
        D(2026, 9, 23),
        D(2026, 10, 12),
        D(2026, 11, 3),
        D(2026, 11, 23),
    ],
    2027: [
        D(2027, 1, 1),
        D(2027, 1, 11),
        D(2027, 2, 11),
        D(2027, 2, 23),
        D(2027, 3, 21),
        D(2027, 3, 22),  # 振替休日 for 春分の日 on a Sunday
        D(2027, 4, 29),
        D(2027, 5, 3),
        D(2027, 5, 4),
        D(2027, 5, 5),
        D(2027, 7, 19),
        D(2027, 8, 11),
        D(2027, 9, 20),
        D(2027, 9, 23),
        D(2027, 10, 11),
        D(2027, 11, 3),
        D(2027, 11, 23),
    ],
}


@pytest.mark.parametrize("year", [2026, 2027])
def test_business_days_of_a_whole_year(year: int) -> None:
    """Every day of the year: a business day exactly when it is a weekday, not a holiday and not 12/31–1/3."""
    holidays = set(HOLIDAYS[year])
    day = D(year, 1, 1)
    while day.year == year:
        bank_new_year = (day.month, day.day) in {(12, 31), (1, 1), (1, 2), (1, 3)}
        expected = day.weekday() < 5 and day not in holidays and not bank_new_year
        assert is_business_day(day) is expected, day
        day += dt.timedelta(days=1)


def test_golden_week_2026() -> None:
    # 4/29 (Wed) holiday; 5/2–5/6 off (Sat, Sun, 5/4, 5/5, 5/6 substitute).
    assert add_business_days(D(2026, 4, 28), 1) == D(2026, 4, 30)
    assert add_business_days(D(2026, 5, 1), 1) == D(2026, 5, 7)
    assert following_business_day(D(2026, 5, 2)) == D(2026, 5, 7)


def test_silver_week_2026_citizens_holiday() -> None:
    # 9/19 Sat – 9/23 Wed: 9/22 is a citizens' holiday between two holidays.
    assert not is_business_day(D(2026, 9, 22))
    assert add_business_days(D(2026, 9, 18), 1) == D(2026, 9, 24)


def test_new_year_bank_holidays() -> None:
    # 2026-12-31 (Thu) and 2027-01-01..03 are closed; 2027-01-04 (Mon) opens.
    assert not is_business_day(D(2026, 12, 31))
    assert add_business_days(D(2026, 12, 30), 1) == D(2027, 1, 4)
    assert add_business_days(D(2027, 1, 4), -1) == D(2026, 12, 30)


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (D(2026, 11, 20), 3, D(2026, 11, 26)),
        (D(2026, 11, 20), 0, D(2026, 11, 20)),
        (D(2026, 11, 24), -1, D(2026, 11, 20)),
    ],
)
def test_add_business_days(start: dt.date, count: int, expected: dt.date) -> None:
    # 2026-11-23 (Mon) is 勤労感謝の日.
    assert add_business_days(start, count) == expected


@pytest.mark.parametrize(("day", "year"), [(D(2026, 3, 31), 2025), (D(2026, 4, 1), 2026), (D(2027, 1, 15), 2026)])
def test_fiscal_year(day: dt.date, year: int) -> None:
    assert fiscal_year(day) == year


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 10, 31), 4, D(2027, 2, 28)),
        (D(2027, 10, 31), 4, D(2028, 2, 29)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 12, 15), 2, D(2027, 2, 15)),
    ],
)
def test_month_arithmetic_clamps_to_month_end(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2026, 11, 22), D(2025, 4, 22)), (D(2026, 10, 31), D(2025, 3, 31)), (D(2026, 9, 30), D(2025, 2, 28))],
)
def test_one_year_seven_months_before(day: dt.date, expected: dt.date) -> None:
    assert one_year_seven_months_before(day) == expected
