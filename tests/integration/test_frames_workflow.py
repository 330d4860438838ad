"""Frame guarantees with their changes, and the AR top-up, through the services (SPEC §2.1, §2.3, §8.3)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from hozen.config import Settings
from hozen.contract.reviews import (
    FrameChangeInput,
    FrameRequestInput,
    LineDecisionInput,
    PaymentInput,
    ReceivableLineInput,
)
from hozen.domain.errors import ConflictError, DomainError
from hozen.services import applications, documents, frame_guarantees, guarantees, presenters, reviews
from hozen.store.db import Database
from hozen.store.models import Guarantee, Invoice, Reservation
from tests.integration.scenario import TODAY, World, build

D = dt.date


def review_and_approve(world: World, review_id: int, rate: str = "4.5") -> None:
    db = world.db
    with db.unit_of_work() as uow:
        review = reviews.start_review(uow, world.underwriter, review_id, today=TODAY)
        line_ids = [line.id for line in review.lines]
    for line_id in line_ids:
        with db.unit_of_work() as uow:
            reviews.decide_line(
                uow, world.underwriter, review_id, line_id, LineDecisionInput(accept=True, rate=rate), today=TODAY
            )
    with db.unit_of_work() as uow:
        reviews.submit_for_approval(uow, world.underwriter, review_id, today=TODAY)
    with db.unit_of_work() as uow:
        reviews.approve_review(uow, world.approver, review_id, today=TODAY)


def pay(world: World, invoice_id: int, received_on: dt.date, key: str) -> None:
    with world.db.unit_of_work() as uow:
        amount = uow.session.get(Invoice, invoice_id).amount  # type: ignore[union-attr]
    with world.db.unit_of_work() as uow:
        guarantees.record_payment(
            uow,
            world.operations,
            PaymentInput(invoice_id=invoice_id, amount=amount, received_on=received_on, idempotency_key=key),
            today=received_on,
        )


def active_frame(world: World) -> int:
    db = world.db
    request = FrameRequestInput(
        customer_id=world.customer_id,
        debtor_corporate_number=world.debtor_number,
        contract="〇〇ビル新築工事",
        contract_date=D(2026, 6, 1),
        limit=9_200_000,
        period_end=D(2027, 2, 28),
    )
    with db.unit_of_work() as uow:
        review = frame_guarantees.submit_frame_request(
            uow, world.customer_user, request, today=TODAY, policy_name="north"
        )
        review_id, line_id = review.id, review.lines[0].id
    review_and_approve(world, review_id)
    with db.unit_of_work() as uow:
        [application] = applications.apply(uow, world.customer_user, review_id, [line_id], today=TODAY)
        # start 2026-11-26 … 2027-02-28 = 95 days: 9,200,000 × 4.5 % × 95 / 365 = 107,753.42 → 107,753;
        # subsidy 1.5 % → 35,917.80 → 35,917; customer 71,836; frame office fee ¥3,300
        [frame] = application.guarantees
        assert (frame.product, frame.days, frame.gross_fee, frame.subsidy, frame.net_fee) == (
            "frame",
            95,
            107_753,
            35_917,
            71_836,
        )
        assert application.invoice is not None and application.invoice.amount == 71_836 + 3_300
        invoice_id, frame_id = application.invoice.id, frame.id
    pay(world, invoice_id, TODAY, "frame-fee-1")
    with db.unit_of_work() as uow:
        guarantees.run_daily(uow, world.operations, today=D(2026, 11, 26))
    return frame_id


def reserved(db: Database, guarantee_id: int) -> int:
    with db.unit_of_work(write=False) as uow:
        return uow.session.scalars(select(Reservation.amount).where(Reservation.guarantee_id == guarantee_id)).one()


def change(world: World, frame_id: int, data: FrameChangeInput, today: dt.date) -> tuple[int, int]:
    with world.db.unit_of_work() as uow:
        requested = frame_guarantees.request_frame_change(uow, world.customer_user, frame_id, data, today=today)
        change_id = requested.id
    with world.db.unit_of_work() as uow:
        approved = frame_guarantees.approve_frame_change(uow, world.approver, change_id, today=today)
        out = presenters.frame_change_out(uow.session, approved)
        assert out.invoice is not None
        return change_id, out.invoice.id


def test_frame_increase_extension_decrease(database: Database) -> None:
    world = build(database)
    frame_id = active_frame(world)
    assert reserved(database, frame_id) == 9_200_000

    # increase to ¥12,000,000 asked on Tue 2026-12-01: priced on the added ¥2,800,000 from 12-04 (3 business
    # days later) to 2027-02-28 = 87 days: gross 30,033.69 → 30,033; subsidy 10,011.23 → 10,011; customer 20,022
    _, invoice_id = change(world, frame_id, FrameChangeInput(kind="increase", new_limit=12_000_000), D(2026, 12, 1))
    with database.unit_of_work(write=False) as uow:
        invoice = uow.session.get(Invoice, invoice_id)
        assert invoice is not None and invoice.amount == 20_022 + 3_300
    assert reserved(database, frame_id) == 12_000_000  # reserved on approval
    pay(world, invoice_id, D(2026, 12, 2), "frame-increase-1")
    with database.unit_of_work(write=False) as uow:
        frame = uow.session.get(Guarantee, frame_id)
        assert frame is not None and frame.amount == 12_000_000

    # extension to 2027-03-31: the whole ¥12,000,000 for the 31 added days: 45,863.01 → 45,863;
    # subsidy 15,287.67 → 15,287; customer 30,576
    _, invoice_id = change(world, frame_id, FrameChangeInput(kind="extension", new_end=D(2027, 3, 31)), D(2026, 12, 10))
    with database.unit_of_work(write=False) as uow:
        assert uow.session.get(Invoice, invoice_id).amount == 30_576 + 3_300  # type: ignore[union-attr]
    pay(world, invoice_id, D(2026, 12, 11), "frame-extension-1")
    with database.unit_of_work(write=False) as uow:
        assert uow.session.get(Guarantee, frame_id).end_date == D(2027, 3, 31)  # type: ignore[union-attr]

    # decrease: only its office fee; live cover is not cut, so the reservation stays
    _, invoice_id = change(world, frame_id, FrameChangeInput(kind="decrease", new_limit=5_000_000), D(2026, 12, 15))
    with database.unit_of_work(write=False) as uow:
        assert uow.session.get(Invoice, invoice_id).amount == 1_100  # type: ignore[union-attr]
    assert reserved(database, frame_id) == 12_000_000


def test_an_increase_over_the_debtor_limit_is_refused(database: Database) -> None:
    world = build(database, net_assets=10_000_000)
    frame_id = active_frame(world)
    with database.unit_of_work() as uow:
        requested = frame_guarantees.request_frame_change(
            uow,
            world.customer_user,
            frame_id,
            FrameChangeInput(kind="increase", new_limit=10_000_001),
            today=D(2026, 12, 1),
        )
        change_id = requested.id
    with database.unit_of_work() as uow, pytest.raises(ConflictError) as caught:
        frame_guarantees.approve_frame_change(uow, world.approver, change_id, today=D(2026, 12, 1))
    assert caught.value.code == "LIMIT_EXCEEDED"
    assert reserved(database, frame_id) == 9_200_000
    with database.unit_of_work() as uow, pytest.raises(DomainError) as bad:
        frame_guarantees.request_frame_change(
            uow,
            world.customer_user,
            frame_id,
            FrameChangeInput(kind="increase", new_limit=9_000_000),
            today=D(2026, 12, 1),
        )
    assert bad.value.code == "LIMIT_CHANGE_DIRECTION"


def test_ar_top_up_after_the_payment_notice(database: Database) -> None:
    world = build(database)
    line = ReceivableLineInput(
        kind="ar",
        debtor_corporate_number=world.debtor_number,  # type: ignore[arg-type]
        reference="INV-7",
        amount=1_250_000,
        issue_date=D(2026, 10, 31),
        due_date=D(2027, 1, 29),
    )
    with database.unit_of_work() as uow:
        review = reviews.submit_review_request(
            uow, world.customer_user, world.customer_id, [line], today=TODAY, policy_name="north"
        )
        review_id, line_id = review.id, review.lines[0].id
    review_and_approve(world, review_id)
    with database.unit_of_work() as uow:
        [application] = applications.apply(uow, world.customer_user, review_id, [line_id], today=TODAY)
        assert application.guarantees[0].amount == 1_000_000  # 80 % of the invoice
        assert application.invoice is not None
        invoice_id, guarantee_id = application.invoice.id, application.guarantees[0].id
    pay(world, invoice_id, TODAY, "ar-fee-1")
    with database.unit_of_work() as uow:
        guarantees.run_daily(uow, world.operations, today=D(2026, 11, 26))
    with database.unit_of_work() as uow:
        top_up = frame_guarantees.submit_top_up(
            uow, world.customer_user, guarantee_id, 1_200_000, today=D(2026, 12, 7), policy_name="north"
        )
        [new_line] = top_up.lines
        assert (new_line.kind, new_line.amount, new_line.notified, new_line.due_date) == (
            "ar",
            200_000,
            True,
            D(2027, 1, 29),
        )
    with database.unit_of_work() as uow, pytest.raises(DomainError) as caught:
        frame_guarantees.submit_top_up(
            uow, world.customer_user, guarantee_id, 900_000, today=D(2026, 12, 7), policy_name="north"
        )
    assert caught.value.code == "TOP_UP_NOT_NEEDED"


def test_a_frame_change_invoice_is_a_qualified_invoice(database: Database, settings: Settings, tmp_path: Path) -> None:
    world = build(database)
    frame_id = active_frame(world)
    change_id, invoice_id = change(
        world, frame_id, FrameChangeInput(kind="increase", new_limit=12_000_000), D(2026, 12, 1)
    )
    with database.unit_of_work(write=False) as uow:
        found = frame_guarantees.get_frame_change(uow, world.customer_user, change_id)
        out = presenters.frame_change_out(uow.session, found)
        pdf = documents.invoice(uow, world.customer_user, invoice_id, settings)
    assert out.invoice is not None
    assert [(t.category, t.gross, t.net, t.tax) for t in out.invoice.tax_totals] == [
        ("standard", 3_300, 3_000, 300),
        ("exempt", 20_022, 20_022, 0),
    ]
    (tmp_path / "invoice.pdf").write_bytes(pdf)
    text = "".join(
        subprocess.run(
            ["pdftotext", str(tmp_path / "invoice.pdf"), "-"], capture_output=True, check=True, text=True
        ).stdout.split()
    )
    assert "23,322円" in text and "（増額）" in text and "20,022円" in text
    assert "10%対象3,300円3,000円300円" in text and "非課税20,022円20,022円0円" in text
    assert f"登録番号{settings.registration_number()}" in text
