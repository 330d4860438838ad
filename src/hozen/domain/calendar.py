"""The Japanese business calendar (SPEC §12).

A business day is not a Saturday or Sunday, not a national holiday (substitute holidays 振替休日
and citizens' holidays 国民の休日 included, via ``jpholiday``), and not 31 December – 3 January.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import functools

import jpholiday

ONE_DAY = dt.timedelta(days=1)


def is_bank_new_year_holiday(day: dt.date) -> bool:
    return (day.month == 12 and day.day == 31) or (day.month == 1 and day.day <= 3)


@functools.lru_cache(maxsize=4096)  # pure; every application asks again for the same few dates
def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not jpholiday.is_holiday(day) and not is_bank_new_year_holiday(day)


def following_business_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a business day, otherwise the next business day."""
    while not is_business_day(day):
        day += ONE_DAY
    return day


def add_business_days(day: dt.date, count: int) -> dt.date:
    """The date ``count`` business days after ``day`` (before it when ``count`` is negative)."""
    step = ONE_DAY if count >= 0 else -ONE_DAY
    remaining = abs(count)
    while remaining:
        day += step
        if is_business_day(day):
            remaining -= 1
    return day


def fiscal_year(day: dt.date) -> int:
    """The fiscal year (年度, 1 April – 31 March) named by the calendar year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_end(year: int) -> dt.date:
    return dt.date(year + 1, 3, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    """Month arithmetic that clamps to the month's last day (31 Oct + 4 months = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = _calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def one_year_seven_months_before(day: dt.date) -> dt.date:
    """The reference date for the validity of a management review (経審, SPEC §4.2)."""
    return add_months(day, -19)
