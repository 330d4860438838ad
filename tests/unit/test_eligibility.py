"""Eligibility rules at their boundaries: the day before, the day, the day after (SPEC §4)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hozen.domain.eligibility import (
    Creditor,
    Debtor,
    Filing,
    Receivable,
    Request,
    Sanction,
    SanctionKind,
    Subject,
    check,
)
from hozen.domain.limits import Headroom
from hozen.domain.policy import NoteSite, Product
from hozen.policies import preset, programme

D = dt.date
AS_OF = D(2026, 11, 26)
REQUESTED = D(2026, 11, 20)
RULES = programme().in_force(AS_OF)
GOOD_CREDITOR = Creditor(capital=50_000_000, employees=40)
GOOD_DEBTOR = Debtor(public_works_orders=(D(2026, 6, 1),), review_base_date=D(2026, 3, 31))
GOOD_NOTE = Receivable(kind=Product.NOTE, amount=2_000_000, issue_date=D(2026, 11, 2), due_date=D(2027, 2, 26))


def codes(
    *,
    creditor: Creditor = GOOD_CREDITOR,
    debtor: Debtor = GOOD_DEBTOR,
    receivables: tuple[Receivable, ...] = (GOOD_NOTE,),
    policy: str = "north",
    product: Product = Product.NOTE,
    as_of: dt.date = AS_OF,
    requested: dt.date = REQUESTED,
    headroom: Headroom | None = None,
) -> list[str]:
    request = Request(as_of=as_of, request_date=requested, product=product)
    return [f.code for f in check(request, creditor, debtor, receivables, preset(policy), RULES, headroom)]


def note(**changes: Any) -> Receivable:
    return dataclasses.replace(GOOD_NOTE, **changes)


def test_a_good_case_is_eligible() -> None:
    assert codes() == []


@pytest.mark.parametrize(
    ("capital", "employees", "fails"),
    [(2_000_000_000, 5_000, False), (2_000_000_001, 1_500, False), (2_000_000_001, 1_501, True)],
)
def test_creditor_size(capital: int, employees: int, fails: bool) -> None:
    assert ("CREDITOR_TOO_LARGE" in codes(creditor=Creditor(capital, employees))) is fails


@pytest.mark.parametrize(
    ("sanction", "fails"),
    [
        (Sanction(SanctionKind.BUSINESS_SUSPENSION, AS_OF, AS_OF), True),  # the last day of the suspension
        (Sanction(SanctionKind.BUSINESS_SUSPENSION, AS_OF + dt.timedelta(days=1), None), False),  # starts tomorrow
        (Sanction(SanctionKind.NOMINATION_SUSPENSION, D(2026, 1, 1), AS_OF - dt.timedelta(days=1)), False),
        (Sanction(SanctionKind.NOMINATION_SUSPENSION, D(2026, 1, 1), None), True),
        (Sanction(SanctionKind.LICENSE_REVOCATION, D(2021, 11, 26)), True),  # exactly five years ago
        (Sanction(SanctionKind.LICENSE_REVOCATION, D(2021, 11, 25)), False),  # five years and a day
    ],
)
def test_creditor_sanctions(sanction: Sanction, fails: bool) -> None:
    assert ("CREDITOR_SANCTIONED" in codes(creditor=Creditor(1, 1, (sanction,)))) is fails


def test_creditor_direct_and_registered() -> None:
    assert codes(creditor=Creditor(1, 1, direct=False)) == ["CREDITOR_NOT_DIRECT"]
    assert codes(creditor=Creditor(1, 1, registered=False)) == ["CREDITOR_NOT_REGISTERED"]
    assert codes(creditor=Creditor(1, 1, registered=None)) == []


@pytest.mark.parametrize(
    ("base_date", "fails"),
    [
        # 2026-11-26 − 1 year 7 months = 2025-04-26: the base date must be strictly after it
        (D(2025, 4, 26), True),
        (D(2025, 4, 27), False),
        (D(2025, 3, 31), True),  # the last fiscal-year end before: expired
        (None, True),
    ],
)
def test_management_review_validity(base_date: dt.date | None, fails: bool) -> None:
    debtor = Debtor(review_base_date=base_date)
    assert ("DEBTOR_NO_PUBLIC_RECORD" in codes(debtor=debtor)) is fails


def test_management_review_month_end_clamping() -> None:
    # 2026-09-30 − 1 year 7 months = 2025-02-28 (clamped): 2025-02-28 fails, 2025-03-01 passes
    assert "DEBTOR_NO_PUBLIC_RECORD" in codes(
        debtor=Debtor(review_base_date=D(2025, 2, 28)), as_of=D(2026, 9, 30), requested=D(2026, 9, 1)
    )
    assert "DEBTOR_NO_PUBLIC_RECORD" not in codes(
        debtor=Debtor(review_base_date=D(2025, 3, 1)), as_of=D(2026, 9, 30), requested=D(2026, 9, 1)
    )


@pytest.mark.parametrize(
    ("order", "fails"),
    [
        (D(2025, 4, 1), False),  # first day of the previous fiscal year
        (D(2025, 3, 31), True),  # last day of the fiscal year before that
        (D(2026, 11, 26), False),
        (D(2026, 11, 27), True),  # after the date: not yet won
    ],
)
def test_public_works_orders_by_fiscal_year(order: dt.date, fails: bool) -> None:
    assert ("DEBTOR_NO_PUBLIC_RECORD" in codes(debtor=Debtor(public_works_orders=(order,)))) is fails


def test_debtor_flags_and_filings() -> None:
    flagged = Debtor(
        public_works_orders=(D(2026, 6, 1),),
        trading_suspended=True,
        dishonoured=True,
        unsound=True,
        insolvency_filings=(Filing(D(2026, 10, 1)), Filing(D(2020, 1, 1), concluded=True)),
    )
    assert codes(debtor=flagged) == [
        "DEBTOR_INSOLVENCY_FILED",
        "DEBTOR_SUSPENDED",
        "DEBTOR_DISHONOURED",
        "DEBTOR_UNSOUND",
    ]


@pytest.mark.parametrize(
    ("kind", "due", "fails"),
    [
        (Product.AR, REQUESTED + dt.timedelta(days=14), False),
        (Product.AR, REQUESTED + dt.timedelta(days=13), True),
        (Product.NOTE, REQUESTED + dt.timedelta(days=40), False),
        (Product.NOTE, REQUESTED + dt.timedelta(days=39), True),
    ],
)
def test_days_to_due_north(kind: Product, due: dt.date, fails: bool) -> None:
    receivable = note(kind=kind, due_date=due, issue_date=D(2026, 11, 2))
    assert ("RECEIVABLE_TOO_SHORT" in codes(receivables=(receivable,))) is fails


@pytest.mark.parametrize(
    ("due", "code"), [(REQUESTED, "RECEIVABLE_ALREADY_DUE"), (REQUESTED + dt.timedelta(days=1), "RECEIVABLE_TOO_SHORT")]
)
def test_already_due(due: dt.date, code: str) -> None:
    assert codes(receivables=(note(due_date=due, issue_date=D(2026, 11, 1)),)) == [code]


def test_west_guarantee_period_of_fourteen_days() -> None:
    # as of 2026-11-26: due 12-09 is 14 days both ends counted, 12-08 only 13
    assert "RECEIVABLE_TOO_SHORT" not in codes(receivables=(note(due_date=D(2026, 12, 9)),), policy="west")
    assert "RECEIVABLE_TOO_SHORT" in codes(receivables=(note(due_date=D(2026, 12, 8)),), policy="west")


@pytest.mark.parametrize(("days", "fails"), [(120, False), (121, True)])
def test_note_site_in_days(days: int, fails: bool) -> None:
    receivable = note(issue_date=D(2026, 11, 2), due_date=D(2026, 11, 2) + dt.timedelta(days=days))
    assert ("NOTE_SITE_TOO_LONG" in codes(receivables=(receivable,))) is fails


@pytest.mark.parametrize(
    ("issue", "due", "fails"),
    [
        (D(2026, 11, 2), D(2027, 3, 2), False),  # Mon + 4 months = Tue 2027-03-02
        (D(2026, 11, 2), D(2027, 3, 3), True),
        # issued Sat 2026-10-31: moved to Mon 11-02, + 4 months = Tue 2027-03-02
        (D(2026, 10, 31), D(2027, 3, 2), False),
        (D(2026, 10, 31), D(2027, 3, 3), True),
        # issued 2026-11-06 (Fri) + 4 months = Sat 2027-03-06 → the limit moves to Mon 2027-03-08
        (D(2026, 11, 6), D(2027, 3, 8), False),
        (D(2026, 11, 6), D(2027, 3, 9), True),
    ],
)
def test_note_site_in_months_with_the_business_day_tolerance(issue: dt.date, due: dt.date, fails: bool) -> None:
    receivable = note(issue_date=issue, due_date=due)
    assert ("NOTE_SITE_TOO_LONG" in codes(receivables=(receivable,), policy="east")) is fails


def test_note_kinds() -> None:
    found = codes(
        receivables=(
            note(endorsed=True, bill_of_exchange=True),
            note(kind=Product.ERECORD, transferred=True),
            note(dishonoured=True),
            note(due_extended=True),
            note(has_contract=False),
            note(construction=False),
        )
    )
    assert found == [
        "NOTE_ENDORSED",
        "NOTE_BILL_OF_EXCHANGE",
        "ERECEIVABLE_TRANSFERRED",
        "RECEIVABLE_DISHONOURED",
        "RECEIVABLE_DISHONOURED",
        "RECEIVABLE_NO_ORIGIN_DOCS",
        "RECEIVABLE_NOT_CONSTRUCTION",
    ]


def test_purchase_of_a_note_due_within_a_month_is_refused_by_east() -> None:
    as_of = D(2026, 11, 26)
    assert "RECEIVABLE_TOO_SHORT" in codes(
        receivables=(note(due_date=D(2026, 12, 26)),),
        policy="east",
        product=Product.PURCHASE,
        requested=D(2026, 10, 1),
        as_of=as_of,
    )
    assert "RECEIVABLE_TOO_SHORT" not in codes(
        receivables=(note(due_date=D(2026, 12, 27)),),
        policy="east",
        product=Product.PURCHASE,
        requested=D(2026, 10, 1),
        as_of=as_of,
    )


@pytest.mark.parametrize(("amount", "fails"), [(999_999, True), (1_000_000, False)])
def test_application_minimum(amount: int, fails: bool) -> None:
    assert ("APPLICATION_TOO_SMALL" in codes(receivables=(note(amount=amount),))) is fails
    assert "APPLICATION_TOO_SMALL" not in codes(receivables=(note(amount=amount),), policy="east")


def test_limits_when_given() -> None:
    room = Headroom(debtor_exposure=9_000_000, debtor_limit=10_000_000, creditor_exposure=0, creditor_limit=10**9)
    assert codes(headroom=room, receivables=(note(amount=1_000_000),)) == []
    assert codes(headroom=room, receivables=(note(amount=1_000_001),)) == ["DEBTOR_LIMIT_EXCEEDED"]


def test_all_failures_at_once_with_subjects_and_indexes() -> None:
    request = Request(as_of=AS_OF, request_date=REQUESTED, product=Product.NOTE)
    failures = check(
        request,
        Creditor(1, 1, direct=False),
        Debtor(unsound=True),
        (GOOD_NOTE, note(endorsed=True)),
        preset("north"),
        RULES,
    )
    assert [(f.code, f.subject, f.index) for f in failures] == [
        ("CREDITOR_NOT_DIRECT", Subject.CREDITOR, None),
        ("DEBTOR_NO_PUBLIC_RECORD", Subject.DEBTOR, None),
        ("DEBTOR_UNSOUND", Subject.DEBTOR, None),
        ("NOTE_ENDORSED", Subject.RECEIVABLE, 1),
    ]
    assert all(f.message_ja and f.message_en for f in failures)


FLAGS = st.sampled_from(
    [
        "direct",
        "trading_suspended",
        "dishonoured",
        "unsound",
        "endorsed",
        "bill_of_exchange",
        "has_contract",
        "due_extended",
        "small",
    ]
)


@given(st.sets(FLAGS), FLAGS)
def test_adding_a_failing_fact_never_removes_a_failure(facts: set[str], extra: str) -> None:
    def run(flags: set[str]) -> set[str]:
        creditor = Creditor(1, 1, direct="direct" not in flags)
        debtor = dataclasses.replace(
            GOOD_DEBTOR, **{k: True for k in ("trading_suspended", "dishonoured", "unsound") if k in flags}
        )
        receivable = note(
            endorsed="endorsed" in flags,
            bill_of_exchange="bill_of_exchange" in flags,
            has_contract="has_contract" not in flags,
            due_extended="due_extended" in flags,
            amount=1 if "small" in flags else GOOD_NOTE.amount,
        )
        return set(codes(creditor=creditor, debtor=debtor, receivables=(receivable,)))

    before, after = run(facts), run(facts | {extra})
    assert before <= after
    if before:
        assert after  # never eligible again


# A suspension that ends between the review request (REQUESTED) and the guarantee start (AS_OF), or begins
# between them: north and west judge it at the start, east at the application (SPEC §4.1, §20).
ENDS_BEFORE_START = Sanction(SanctionKind.BUSINESS_SUSPENSION, D(2026, 11, 1), AS_OF - dt.timedelta(days=1))
BEGINS_AFTER_REQUEST = Sanction(SanctionKind.NOMINATION_SUSPENSION, REQUESTED + dt.timedelta(days=1), None)
REVOKED_FIVE_YEARS_BEFORE_START = Sanction(SanctionKind.LICENSE_REVOCATION, D(2021, 11, 26))


@pytest.mark.parametrize(
    ("policy", "sanction", "fails"),
    [
        ("north", ENDS_BEFORE_START, False),
        ("west", ENDS_BEFORE_START, False),
        ("east", ENDS_BEFORE_START, True),
        ("north", BEGINS_AFTER_REQUEST, True),
        ("east", BEGINS_AFTER_REQUEST, False),
        ("north", REVOKED_FIVE_YEARS_BEFORE_START, True),
        ("east", REVOKED_FIVE_YEARS_BEFORE_START, True),  # within five years of the request too
    ],
)
def test_sanctions_are_judged_on_the_day_the_policy_names(policy: str, sanction: Sanction, fails: bool) -> None:
    assert ("CREDITOR_SANCTIONED" in codes(creditor=Creditor(1, 1, (sanction,)), policy=policy)) is fails


def test_the_sanction_message_names_the_day_it_was_judged_on() -> None:
    request = Request(as_of=AS_OF, request_date=REQUESTED, product=Product.NOTE)
    [failure] = check(request, Creditor(1, 1, (ENDS_BEFORE_START,)), GOOD_DEBTOR, [GOOD_NOTE], preset("east"), RULES)
    assert REQUESTED.isoformat() in failure.message_ja


@pytest.mark.parametrize(("site_days", "fails"), [(59, False), (60, False), (61, True)])
def test_a_sixty_day_note_site_limit(site_days: int, fails: bool) -> None:
    sixty = dataclasses.replace(preset("north"), note_site=NoteSite(days=60))
    issue = D(2026, 11, 2)
    receivable = note(issue_date=issue, due_date=issue + dt.timedelta(days=site_days))
    request = Request(as_of=AS_OF, request_date=REQUESTED, product=Product.NOTE)
    found = [f.code for f in check(request, GOOD_CREDITOR, GOOD_DEBTOR, [receivable], sixty, RULES)]
    assert ("NOTE_SITE_TOO_LONG" in found) is fails
