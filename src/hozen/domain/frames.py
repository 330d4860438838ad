"""Frame guarantee need simulation (SPEC §7).

Work of month M is invoiced on M's closing day (AR arises); it is paid on the payment day of
month M + offset: the cash share ends that day, the note share is issued that day as a note due
payment date + site days. The balance at the end of a day is AR invoiced and not yet paid plus
notes issued and not yet due (an AR ends on its payment date, a note on its due date). Nominal
calendar dates: no holiday shifting. The recommended limit is the peak rounded up to the limit
unit; the period runs from the work start to the end of the month of the last due date.

A month's amount is split exactly: cash = floor(amount × cash share), note = the rest.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from hozen.domain.calendar import add_months, month_end
from hozen.domain.codes import SimulationCode
from hozen.domain.errors import DomainError
from hozen.domain.money import Rounding, Yen, days_inclusive, round_yen

MONTH_END = "month_end"
DEFAULT_LIMIT_UNIT = 100_000
Day = int | str  # 1–28 or "month_end"


@dataclass(frozen=True, slots=True)
class PaymentTerms:
    closing_day: Day
    payment_month_offset: int
    payment_day: Day
    cash_ratio: Fraction
    note_site_days: int


@dataclass(frozen=True, slots=True)
class Progress:
    year: int
    month: int
    amount: Yen


@dataclass(frozen=True, slots=True)
class Simulation:
    timeline: tuple[tuple[dt.date, Yen], ...]
    peak_balance: Yen
    recommended_limit: Yen
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return days_inclusive(self.start, self.end)


def _invalid(code: SimulationCode, field: str, **context: object) -> DomainError:
    return DomainError(code, {"field": field, **context})


def _day_in(year: int, month: int, day: Day) -> dt.date:
    return month_end(year, month) if day == MONTH_END else dt.date(year, month, int(day))


def _check(terms: PaymentTerms, work_start: dt.date, progress: Sequence[Progress], unit: int) -> None:
    for name, value in (("closing_day", terms.closing_day), ("payment_day", terms.payment_day)):
        if value != MONTH_END and not (isinstance(value, int) and 1 <= value <= 28):
            raise _invalid(SimulationCode.INVALID_DAY, name)
    if not 0 <= terms.cash_ratio <= 1:
        raise _invalid(SimulationCode.INVALID_CASH_RATIO, "cash_ratio")
    if terms.payment_month_offset < 0 or terms.note_site_days < 0:
        raise _invalid(SimulationCode.INVALID_TERMS, "payment_month_offset")
    if unit <= 0:
        raise _invalid(SimulationCode.INVALID_LIMIT_UNIT, "limit_unit")
    if not progress:
        raise _invalid(SimulationCode.NO_PROGRESS, "progress")
    months = [(p.year, p.month) for p in progress]
    if len(set(months)) != len(months):
        raise _invalid(SimulationCode.DUPLICATE_MONTH, "progress")
    for p in progress:
        if (p.year, p.month) < (work_start.year, work_start.month):
            raise _invalid(SimulationCode.PROGRESS_BEFORE_START, "progress", year=p.year, month=p.month)
        if p.amount < 0:
            raise _invalid(SimulationCode.NEGATIVE_AMOUNT, "progress")


def simulate(
    work_start: dt.date,
    progress: Sequence[Progress],
    terms: PaymentTerms,
    limit_unit: int = DEFAULT_LIMIT_UNIT,
) -> Simulation:
    _check(terms, work_start, progress, limit_unit)
    changes: dict[dt.date, Yen] = {}

    def change(day: dt.date, amount: Yen) -> None:
        changes[day] = changes.get(day, 0) + amount

    last_due = work_start
    for p in progress:
        if p.amount == 0:
            continue
        invoiced = _day_in(p.year, p.month, terms.closing_day)
        due_month = add_months(dt.date(p.year, p.month, 1), terms.payment_month_offset)
        paid = _day_in(due_month.year, due_month.month, terms.payment_day)
        if paid < invoiced:
            raise _invalid(SimulationCode.PAYMENT_BEFORE_CLOSING, "payment_day")
        cash = round_yen(p.amount * terms.cash_ratio, Rounding.DOWN)
        note = p.amount - cash
        change(invoiced, p.amount)
        change(paid, -p.amount)  # the AR ends on its payment date
        last_due = max(last_due, paid)
        if note:
            note_due = paid + dt.timedelta(days=terms.note_site_days)
            change(paid, note)  # the note is issued that day …
            change(note_due, -note)  # … and ends on its due date
            last_due = max(last_due, note_due)
    timeline: list[tuple[dt.date, Yen]] = []
    balance = 0
    for day in sorted(changes):
        if changes[day] == 0:
            continue
        balance += changes[day]
        timeline.append((day, balance))
    peak = max((b for _, b in timeline), default=0)
    limit = -(-peak // limit_unit) * limit_unit
    end = dt.date(last_due.year, last_due.month, calendar.monthrange(last_due.year, last_due.month)[1])
    return Simulation(tuple(timeline), peak, limit, work_start, end)
