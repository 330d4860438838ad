"""Claim assessment at its boundaries (SPEC §9): the day before, the day, the day after."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hozen.domain.claims import Assessment, ClaimedReceivable, Cover, assess
from hozen.domain.policy import Product
from hozen.policies import preset

D = dt.date
NORTH = preset("north")
INDIVIDUAL = Cover(frame=False, amount=2_000_000, start=D(2026, 11, 26), end=D(2027, 2, 26))
FRAME = Cover(frame=True, amount=9_200_000, start=D(2026, 6, 10), end=D(2027, 2, 28))
NOTE = ClaimedReceivable("n1", Product.NOTE, D(2026, 11, 2), D(2027, 2, 26), 2_000_000)


def run(
    cover: Cover = INDIVIDUAL,
    code: str = "LEGAL_PROCEEDING",
    event: dt.date = D(2027, 1, 15),
    claim: dt.date = D(2027, 3, 1),
    receivables: tuple[ClaimedReceivable, ...] = (NOTE,),
    policy: str = "north",
) -> Assessment:
    return assess(cover, code, event, claim, receivables, preset(policy))


def test_an_individual_guarantee_pays_the_unpaid_amount() -> None:
    result = run()
    assert (result.payable, result.accepted, result.reasons) == (2_000_000, True, ())


@pytest.mark.parametrize(
    ("event", "inside"),
    [(D(2026, 11, 25), False), (D(2026, 11, 26), True), (D(2027, 2, 26), True), (D(2027, 2, 27), False)],
)
def test_the_event_must_fall_within_the_period(event: dt.date, inside: bool) -> None:
    result = run(event=event)
    assert ("EVENT_OUTSIDE_PERIOD" not in result.reasons) is inside
    assert (result.payable > 0) is inside


@pytest.mark.parametrize(("claim", "late"), [(D(2027, 3, 28), False), (D(2027, 3, 29), True)])
def test_claims_come_within_thirty_days_after_the_due_date(claim: dt.date, late: bool) -> None:
    # due 2027-02-26: day 30 is 03-28
    result = run(claim=claim)
    assert ("CLAIM_TOO_LATE" in result.lines[0].reasons) is late
    assert result.payable == (0 if late else 2_000_000)


@pytest.mark.parametrize("code", ["PAYMENT_DELAY", "BUSINESS_CLOSURE", "nonsense"])
def test_not_a_trigger_under_north(code: str) -> None:
    result = run(code=code)
    assert result.reasons == ("NOT_A_TRIGGER",) and result.payable == 0


def test_business_closure_is_a_trigger_under_west_only() -> None:
    assert run(code="BUSINESS_CLOSURE", policy="west").payable == 2_000_000


def test_dishonour_pays_notes_not_invoices() -> None:
    invoice = ClaimedReceivable("a1", Product.AR, D(2026, 11, 2), D(2027, 2, 26), 1_000_000)
    assert run(code="DISHONOUR").payable == 2_000_000
    only_invoice = run(code="DISHONOUR", receivables=(invoice,))
    assert only_invoice.payable == 0 and "NOT_A_TRIGGER" in only_invoice.reasons


def test_individual_payout_is_capped() -> None:
    partly = dataclasses.replace(NOTE, collected=500_000)
    result = run(receivables=(partly,))
    assert result.payable == 1_500_000 and result.lines[0].reasons == ("COLLECTED",)
    admitted = dataclasses.replace(NOTE, admitted_amount=1_200_000)
    result = run(receivables=(admitted,))
    assert result.payable == 1_200_000 and "CAPPED_BY_ADMITTED_AMOUNT" in result.lines[0].reasons
    bigger = dataclasses.replace(NOTE, amount=2_500_000)  # an 80 % AR guarantee of a larger invoice
    result = run(receivables=(bigger,))
    assert result.payable == 2_000_000 and result.reasons == ("CAPPED_BY_LIMIT",)


@pytest.mark.parametrize(
    ("acquired", "reason"),
    [
        (D(2026, 6, 9), "ACQUIRED_BEFORE_PERIOD"),
        (D(2026, 6, 10), None),
        (D(2027, 1, 14), None),  # the day before the event
        (D(2027, 1, 15), "ACQUIRED_TOO_LATE"),  # the event day
    ],
)
def test_frame_acquisition_dates(acquired: dt.date, reason: str | None) -> None:
    receivable = ClaimedReceivable("r", Product.AR, acquired, D(2027, 2, 20), 1_000_000)
    line = run(cover=FRAME, receivables=(receivable,)).lines[0]
    assert line.reasons == ((reason,) if reason else ())
    assert line.counted == (0 if reason else 1_000_000)


def test_frame_counts_unpaid_unjumped_receivables_up_to_the_limit() -> None:
    receivables = (
        ClaimedReceivable("a", Product.AR, D(2026, 7, 20), D(2027, 2, 10), 6_000_000),
        ClaimedReceivable("b", Product.NOTE, D(2026, 8, 31), D(2026, 12, 29), 3_000_000, collected=3_000_000),
        ClaimedReceivable("c", Product.NOTE, D(2026, 9, 30), D(2027, 1, 28), 2_000_000, due_extended=True),
        ClaimedReceivable("d", Product.AR, D(2026, 10, 20), D(2027, 2, 26), 4_000_000, collected=1_000_000),
    )
    result = run(cover=FRAME, claim=D(2027, 2, 27), receivables=receivables)
    assert [(line.id, line.counted) for line in result.lines] == [
        ("a", 6_000_000),
        ("b", 0),
        ("c", 0),
        ("d", 3_000_000),
    ]
    assert result.payable == 9_000_000 and result.reasons == ()
    assert result.lines[2].reasons == ("DUE_EXTENDED",)
    capped = run(cover=dataclasses.replace(FRAME, amount=8_000_000), claim=D(2027, 2, 27), receivables=receivables)
    assert capped.payable == 8_000_000 and capped.reasons == ("CAPPED_BY_LIMIT",)


RECEIVABLES = st.lists(
    st.builds(
        ClaimedReceivable,
        id=st.text(min_size=1, max_size=4),
        kind=st.sampled_from([Product.AR, Product.NOTE, Product.ERECORD]),
        acquired_on=st.dates(D(2026, 5, 1), D(2027, 3, 31)),
        due_on=st.dates(D(2026, 12, 1), D(2027, 4, 30)),
        amount=st.integers(1, 50_000_000),
        collected=st.integers(0, 10_000_000),
        due_extended=st.booleans(),
        admitted_amount=st.none() | st.integers(0, 50_000_000),
    ),
    min_size=1,
    max_size=6,
)


@given(
    RECEIVABLES,
    st.dates(D(2026, 5, 1), D(2027, 4, 30)),
    st.sampled_from(["LEGAL_PROCEEDING", "DISHONOUR"]),
    st.booleans(),
)
def test_payout_never_exceeds_the_limit_nor_the_unpaid(
    receivables: list[ClaimedReceivable], event: dt.date, code: str, frame: bool
) -> None:
    cover = dataclasses.replace(FRAME, frame=frame)
    result = assess(cover, code, event, D(2027, 3, 1), receivables, NORTH)
    assert 0 <= result.payable <= cover.amount
    assert result.payable <= sum(r.unpaid for r in receivables)
    assert all(line.counted >= 0 for line in result.lines)
