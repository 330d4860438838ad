"""Eligibility (SPEC §4): every rule, every failure at once, each with a stable code.

A check never stops at the first failure: it returns them all, each naming its subject
(``creditor``, ``debtor``, ``receivable`` with the receivable's index, ``application``) and carrying a
message in Japanese and English. Thresholds come from the policy and the programme rules in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hozen.domain.calendar import (
    add_months,
    fiscal_year,
    following_business_day,
    one_year_seven_months_before,
)
from hozen.domain.codes import EligibilityCode, Labelled
from hozen.domain.limits import Headroom
from hozen.domain.money import Yen, days_inclusive
from hozen.domain.policy import Policy, Product, SanctionsAsOf
from hozen.domain.programme import ProgrammeRules

SANCTION_LOOKBACK_MONTHS = 60  # a licence revoked within the last five years


class Subject(Labelled):
    """What an eligibility failure is about."""

    CREDITOR = ("creditor", "お客様")
    DEBTOR = ("debtor", "注文者")
    RECEIVABLE = ("receivable", "債権")
    APPLICATION = ("application", "お申込み")


class SanctionKind(Labelled):
    """An administrative sanction against a customer (SPEC §4.1 ``CREDITOR_SANCTIONED``)."""

    BUSINESS_SUSPENSION = ("business_suspension", "営業停止")
    NOMINATION_SUSPENSION = ("nomination_suspension", "指名停止")
    LICENSE_REVOCATION = ("license_revocation", "許可取消")


@dataclass(frozen=True, slots=True)
class Sanction:
    kind: SanctionKind
    start: dt.date
    end: dt.date | None = None  # open-ended when None


@dataclass(frozen=True, slots=True)
class Creditor:
    capital: Yen
    employees: int
    sanctions: tuple[Sanction, ...] = ()
    direct: bool = True
    registered: bool | None = None  # None: not evaluated here


@dataclass(frozen=True, slots=True)
class Filing:
    date: dt.date
    concluded: bool = False


@dataclass(frozen=True, slots=True)
class Debtor:
    public_works_orders: tuple[dt.date, ...] = ()
    review_base_date: dt.date | None = None
    insolvency_filings: tuple[Filing, ...] = ()
    trading_suspended: bool = False
    dishonoured: bool = False
    unsound: bool = False


@dataclass(frozen=True, slots=True)
class Receivable:
    kind: Product  # ar, note or erecord
    amount: Yen
    due_date: dt.date
    issue_date: dt.date | None = None
    endorsed: bool = False
    bill_of_exchange: bool = False
    transferred: bool = False
    has_contract: bool = True
    has_amount_document: bool = True
    dishonoured: bool = False
    due_extended: bool = False
    construction: bool = True


@dataclass(frozen=True, slots=True)
class Request:
    as_of: dt.date  # the guarantee start date (or purchase date)
    request_date: dt.date  # the review request date
    product: Product


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed rule: its code, what it is about and the figures its messages show."""

    code: EligibilityCode
    subject: Subject
    context: dict[str, Any] = field(default_factory=dict)
    index: int | None = None

    @property
    def message_ja(self) -> str:
        return self.code.message_ja(self.context)

    @property
    def message_en(self) -> str:
        return self.code.message_en(self.context)


@dataclass(slots=True)
class _Findings:
    items: list[Failure] = field(default_factory=list)

    def add(self, code: EligibilityCode, subject: Subject, index: int | None = None, **context: Any) -> None:
        self.items.append(Failure(code, subject, context, index))


def check(
    request: Request,
    creditor: Creditor,
    debtor: Debtor,
    receivables: Sequence[Receivable],
    policy: Policy,
    rules: ProgrammeRules,
    headroom: Headroom | None = None,
) -> tuple[Failure, ...]:
    """Every failed rule of SPEC §4 for this request."""
    found = _Findings(list(check_parties(request, creditor, debtor, policy, rules)))
    for index, receivable in enumerate(receivables):
        _check_receivable(found, request, receivable, index, policy, rules)
    total = sum(r.amount for r in receivables)
    if receivables and policy.application_minimum is not None and total < policy.application_minimum:
        found.add(
            EligibilityCode.APPLICATION_TOO_SMALL, Subject.APPLICATION, total=total, minimum=policy.application_minimum
        )
    if headroom is not None:
        for code in headroom.breaches(total):
            found.add(code, Subject.DEBTOR if code is EligibilityCode.DEBTOR_LIMIT_EXCEEDED else Subject.CREDITOR)
    return tuple(found.items)


def check_parties(
    request: Request, creditor: Creditor, debtor: Debtor, policy: Policy, rules: ProgrammeRules
) -> tuple[Failure, ...]:
    """The failed rules about the creditor and the debtor: the first findings of :func:`check`, the same
    for every receivable of one request and debtor (a bulk check reads them once per debtor)."""
    found = _Findings()
    _check_creditor(found, request, creditor, policy, rules)
    _check_debtor(found, request, debtor)
    return tuple(found.items)


def check_receivable(
    request: Request, receivable: Receivable, index: int, policy: Policy, rules: ProgrammeRules
) -> tuple[Failure, ...]:
    """The failed rules about one receivable (the ``index``-th of the request): what :func:`check`
    finds about it after the parties' findings."""
    found = _Findings()
    _check_receivable(found, request, receivable, index, policy, rules)
    return tuple(found.items)


def sanctions_day(request: Request, policy: Policy) -> dt.date:
    """The day creditor sanctions are judged on: the start date, or the application (request) date
    where the policy says so (SPEC §4.1: 「お申込み時点で」)."""
    return request.request_date if policy.sanctions_as_of is SanctionsAsOf.APPLICATION else request.as_of


def _check_creditor(
    found: _Findings, request: Request, creditor: Creditor, policy: Policy, rules: ProgrammeRules
) -> None:
    day = sanctions_day(request, policy)
    if creditor.capital > rules.creditor_max_capital and creditor.employees > rules.creditor_max_employees:
        found.add(
            EligibilityCode.CREDITOR_TOO_LARGE,
            Subject.CREDITOR,
            capital=creditor.capital,
            employees=creditor.employees,
            max_capital=rules.creditor_max_capital,
            max_employees=rules.creditor_max_employees,
        )
    revocation_since = add_months(day, -SANCTION_LOOKBACK_MONTHS)
    for sanction in creditor.sanctions:
        if sanction.kind is SanctionKind.LICENSE_REVOCATION:
            if revocation_since <= sanction.start <= day:
                found.add(
                    EligibilityCode.CREDITOR_SANCTIONED,
                    Subject.CREDITOR,
                    variant="revoked",
                    sanction=sanction.kind,
                    start=sanction.start.isoformat(),
                )
        elif sanction.start <= day and (sanction.end is None or day <= sanction.end):
            found.add(
                EligibilityCode.CREDITOR_SANCTIONED,
                Subject.CREDITOR,
                variant="open_ended" if sanction.end is None else "",
                sanction=sanction.kind,
                as_of=day.isoformat(),
                start=sanction.start.isoformat(),
                end=sanction.end.isoformat() if sanction.end else None,
            )
    if not creditor.direct:
        found.add(EligibilityCode.CREDITOR_NOT_DIRECT, Subject.CREDITOR)
    if creditor.registered is False:
        found.add(EligibilityCode.CREDITOR_NOT_REGISTERED, Subject.CREDITOR)


def review_is_valid(base_date: dt.date | None, day: dt.date) -> bool:
    """A management review (経審) is valid on ``day`` when its base date is after day − 1 year 7 months."""
    return base_date is not None and one_year_seven_months_before(day) < base_date <= day


def has_recent_public_works(orders: Sequence[dt.date], day: dt.date) -> bool:
    """A public-works order won in the fiscal year of ``day`` or the one before (and not after ``day``)."""
    year = fiscal_year(day)
    return any(order <= day and fiscal_year(order) in (year, year - 1) for order in orders)


def _check_debtor(found: _Findings, request: Request, debtor: Debtor) -> None:
    day = request.as_of
    if not has_recent_public_works(debtor.public_works_orders, day) and not review_is_valid(
        debtor.review_base_date, day
    ):
        base = debtor.review_base_date
        found.add(
            EligibilityCode.DEBTOR_NO_PUBLIC_RECORD,
            Subject.DEBTOR,
            variant="" if base else "no_review",
            previous_year=fiscal_year(day) - 1,
            year=fiscal_year(day),
            as_of=day.isoformat(),
            base_date=base.isoformat() if base else None,
        )
    for filing in debtor.insolvency_filings:
        if filing.date <= day and not filing.concluded:
            found.add(EligibilityCode.DEBTOR_INSOLVENCY_FILED, Subject.DEBTOR, filed_on=filing.date.isoformat())
    flags = (
        (debtor.trading_suspended, EligibilityCode.DEBTOR_SUSPENDED),
        (debtor.dishonoured, EligibilityCode.DEBTOR_DISHONOURED),
        (debtor.unsound, EligibilityCode.DEBTOR_UNSOUND),
    )
    for flagged, code in flags:
        if flagged:
            found.add(code, Subject.DEBTOR)


def note_site_limit(issue: dt.date, policy: Policy, rules: ProgrammeRules) -> tuple[dt.date, dict[str, Any]]:
    """The latest allowed due date of a note issued on ``issue``, with the figures that describe the limit."""
    if policy.note_site.months is not None:
        months = policy.note_site.months
        limit = following_business_day(add_months(following_business_day(issue), months))
        return limit, {"variant": "months", "months": months, "limit_date": limit.isoformat()}
    days = policy.note_site.days if policy.note_site.days is not None else rules.note_site_days
    return issue + dt.timedelta(days=days), {"days": days}


def _check_receivable(
    found: _Findings, request: Request, r: Receivable, index: int, policy: Policy, rules: ProgrammeRules
) -> None:
    def fail(code: EligibilityCode, **context: Any) -> None:
        found.add(code, Subject.RECEIVABLE, index, number=index + 1, **context)

    if not r.construction:
        fail(EligibilityCode.RECEIVABLE_NOT_CONSTRUCTION)
    if not (r.has_contract and r.has_amount_document):
        variant = "no_amount_document" if r.has_contract else "no_contract" if r.has_amount_document else ""
        fail(EligibilityCode.RECEIVABLE_NO_ORIGIN_DOCS, variant=variant)
    to_due = (r.due_date - request.request_date).days
    if r.due_date <= request.request_date:
        fail(EligibilityCode.RECEIVABLE_ALREADY_DUE, due_date=r.due_date.isoformat())
    else:
        minimum = policy.ar_min_days_to_due if r.kind is Product.AR else policy.note_min_days_to_due
        if minimum is not None and to_due < minimum:
            fail(EligibilityCode.RECEIVABLE_TOO_SHORT, days=to_due, minimum=minimum)
        period = days_inclusive(request.as_of, r.due_date)
        if policy.min_guarantee_days is not None and period < policy.min_guarantee_days:
            fail(EligibilityCode.RECEIVABLE_TOO_SHORT, variant="period", days=period, minimum=policy.min_guarantee_days)
        months = policy.purchase_min_months_to_due
        if (
            request.product is Product.PURCHASE
            and months is not None
            and r.due_date <= add_months(request.as_of, months)
        ):
            fail(EligibilityCode.RECEIVABLE_TOO_SHORT, variant="purchase", months=months)
    if r.kind in (Product.NOTE, Product.ERECORD) and r.issue_date is not None:
        limit, described = note_site_limit(r.issue_date, policy, rules)
        if r.due_date > limit:
            fail(EligibilityCode.NOTE_SITE_TOO_LONG, **described)
    if r.kind is Product.NOTE and r.endorsed:
        fail(EligibilityCode.NOTE_ENDORSED)
    if r.kind is Product.NOTE and r.bill_of_exchange:
        fail(EligibilityCode.NOTE_BILL_OF_EXCHANGE)
    if r.kind is Product.ERECORD and r.transferred:
        fail(EligibilityCode.ERECEIVABLE_TRANSFERRED)
    if r.dishonoured or r.due_extended:
        fail(EligibilityCode.RECEIVABLE_DISHONOURED)
