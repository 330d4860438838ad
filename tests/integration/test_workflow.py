"""The individual-guarantee workflow through the services, on SQLite and PostgreSQL (SPEC §5, §8)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from hozen.contract.reviews import LineDecisionInput, PaymentInput
from hozen.domain.errors import ConflictError, DomainError, ForbiddenError, NotFoundError
from hozen.services import applications, guarantees, reviews
from hozen.store import repositories
from hozen.store.db import Database
from hozen.store.models import (
    Guarantee,
    Notification,
    OutboxEvent,
    Payment,
    Reservation,
    StateChange,
    SubsidyEntry,
)
from hozen.store.repositories import customer_exposure, debtor_exposure
from tests.integration.scenario import TODAY, World, add_customer, build, make_user, note_line

D = dt.date


def submitted_review(world: World, amounts: list[int]) -> tuple[int, list[int]]:
    """A review request of note lines (north policy), as the customer submits it: its id and lines'."""
    with world.db.unit_of_work() as uow:
        review = reviews.submit_review_request(
            uow,
            world.customer_user,
            world.customer_id,
            [note_line(world.debtor_number, a) for a in amounts],
            today=TODAY,
            policy_name="north",
        )
        return review.id, [line.id for line in review.lines]


def approved_review(world: World, amounts: list[int], rate: str = "4.5") -> int:
    """A review request of note lines, reviewed at ``rate`` and approved by a second person."""
    from tests.integration.test_frames_workflow import review_and_approve

    review_id, _ = submitted_review(world, amounts)
    review_and_approve(world, review_id, rate)
    return review_id


def applied_invoice(world: World, review_id: int) -> tuple[int, int]:
    """Apply for every line of an approved review (one debtor): the fee invoice's id and amount."""
    with world.db.unit_of_work() as uow:
        [application] = applications.apply(
            uow, world.customer_user, review_id, line_ids(world.db, review_id), today=TODAY
        )
        assert application.invoice is not None
        return application.invoice.id, application.invoice.amount


def line_ids(db: Database, review_id: int) -> list[int]:
    with db.unit_of_work(write=False) as uow:
        return [line.id for line in reviews.get_review(uow, _staff(db), review_id).lines]


def _staff(db: Database):  # type: ignore[no-untyped-def]
    from hozen.domain.roles import Actor, Role

    return Actor(0, Role.ADMIN)


def test_the_whole_journey(database: Database) -> None:
    world = build(database)
    review_id = approved_review(world, [2_000_000])
    with database.unit_of_work(write=False) as uow:
        line = reviews.get_review(uow, world.customer_user, review_id).lines[0]
        # start 2026-11-26 (3 business days after Fri 11/20, skipping 11/23) … 2027-02-26 = 93 days
        # gross 2,000,000 × 4.5 % × 93 / 365 = 22,931.50 → 22,931; subsidy 1.5 % → 7,643.83 → 7,643
        assert (line.days, line.gross_fee, line.subsidy, line.net_fee) == (93, 22_931, 7_643, 15_288)
        assert line.eligibility == "[]"

    with database.unit_of_work() as uow:
        [application] = applications.apply(
            uow,
            world.customer_user,
            review_id,
            line_ids(database, review_id),
            today=TODAY,
            idempotency_key="apply-0001",
        )
        assert application.state == "reserved" and application.start_date == D(2026, 11, 26)
        invoice = application.invoice
        assert invoice is not None
        assert (invoice.amount, invoice.due_date) == (15_288 + 1_100, D(2026, 11, 25))
        invoice_id, application_id = invoice.id, application.id
    with database.unit_of_work(write=False) as uow:
        assert debtor_exposure(uow.session, world.debtor_id) == 2_000_000
        assert customer_exposure(uow.session, world.customer_id) == 2_000_000

    pay = PaymentInput(invoice_id=invoice_id, amount=16_388, received_on=D(2026, 11, 24), idempotency_key="pay-000001")
    with database.unit_of_work() as uow:
        first = guarantees.record_payment(uow, world.operations, pay, today=D(2026, 11, 24))
        first_id = first.id
    with database.unit_of_work() as uow:  # a retry returns the first result and records nothing twice
        assert guarantees.record_payment(uow, world.operations, pay, today=D(2026, 11, 24)).id == first_id
    with database.unit_of_work(write=False) as uow:
        assert len(list(uow.session.scalars(select(Payment)))) == 1
        [guarantee] = applications.get_application(uow, world.customer_user, application_id).guarantees
        assert (guarantee.state, guarantee.effect_date, guarantee.certificate_number) == (
            "awaiting_start",
            D(2026, 11, 26),
            None,
        )
        guarantee_id = guarantee.id

    with database.unit_of_work() as uow:  # a guarantee the unit of work holds takes its new state with it
        held = uow.session.get(Guarantee, guarantee_id)
        report = guarantees.run_daily(uow, world.operations, today=D(2026, 11, 26))
        assert report.activated == [guarantee_id]
        assert held is not None
        assert (held.state, held.certificate_number) == ("active", f"HZ-2026-{guarantee_id:06d}")
    with database.unit_of_work() as uow:  # idempotent
        assert guarantees.run_daily(uow, world.operations, today=D(2026, 11, 26)).activated == []
    with database.unit_of_work(write=False) as uow:
        active = uow.session.get(Guarantee, guarantee_id)
        assert active is not None and active.state == "active"
        assert active.certificate_number == f"HZ-2026-{guarantee_id:06d}"

    # due 2027-02-26; payment is assumed once no claim can come any more (30 days after the due date)
    with database.unit_of_work() as uow:
        assert guarantees.run_daily(uow, world.operations, today=D(2027, 3, 28)).matured == []
    with database.unit_of_work() as uow:
        assert guarantees.run_daily(uow, world.operations, today=D(2027, 3, 29)).matured == [guarantee_id]
    with database.unit_of_work(write=False) as uow:
        assert debtor_exposure(uow.session, world.debtor_id) == 0
        history = [
            (c.entity, c.from_state, c.to_state)
            for c in uow.session.scalars(select(StateChange).order_by(StateChange.id))
        ]
    assert history == [
        ("review_request", None, "submitted"),
        ("review_request", None, "policy_chosen"),  # a decision: the fee schedule it is priced under
        ("review_request", "submitted", "in_review"),
        ("review_request", "in_review", "awaiting_approval"),
        ("review_request", "awaiting_approval", "approved"),
        ("review_request", "approved", "applied"),  # claimed first, then the application written
        ("application", None, "reserved"),
        ("guarantee", None, "awaiting_payment"),
        ("invoice", None, "open"),
        ("invoice", "open", "paid"),
        ("application", "reserved", "paid"),
        ("guarantee", "awaiting_payment", "awaiting_start"),
        ("guarantee", "awaiting_start", "active"),
        ("guarantee", "active", "ended"),
    ]


def test_four_eyes_and_roles(database: Database) -> None:
    world = build(database)
    review_id, [line_id] = submitted_review(world, [2_000_000])
    with database.unit_of_work() as uow, pytest.raises(ForbiddenError):
        reviews.start_review(uow, world.approver, review_id, today=TODAY)
    with database.unit_of_work() as uow:
        reviews.start_review(uow, world.underwriter, review_id, today=TODAY)
    other_underwriter = make_user(database, world.underwriter.role)
    with database.unit_of_work() as uow, pytest.raises(ConflictError) as caught:
        reviews.decide_line(
            uow, other_underwriter, review_id, line_id, LineDecisionInput(accept=True, rate="4.5"), today=TODAY
        )
    assert caught.value.code == "REVIEW_NOT_YOURS"
    with database.unit_of_work() as uow, pytest.raises(ConflictError) as caught:
        reviews.submit_for_approval(uow, world.underwriter, review_id, today=TODAY)
    assert caught.value.code == "LINES_UNDECIDED"
    with database.unit_of_work() as uow, pytest.raises(DomainError) as caught:
        reviews.decide_line(
            uow, world.underwriter, review_id, line_id, LineDecisionInput(accept=True, rate="16"), today=TODAY
        )
    assert caught.value.code == "RATE_OUT_OF_POLICY_RANGE"
    with database.unit_of_work() as uow:
        reviews.decide_line(
            uow, world.underwriter, review_id, line_id, LineDecisionInput(accept=True, rate="4.5"), today=TODAY
        )
        reviews.submit_for_approval(uow, world.underwriter, review_id, today=TODAY)
    # the underwriter holds the approver role nowhere, and an approver who underwrote is refused
    with database.unit_of_work() as uow, pytest.raises(ForbiddenError):
        reviews.approve_review(uow, world.underwriter, review_id, today=TODAY)
    with database.unit_of_work() as uow, pytest.raises(ConflictError) as caught:
        applications.apply(uow, world.customer_user, review_id, [line_id], today=TODAY)
    assert caught.value.code == "REVIEW_NOT_APPROVED"
    stranger = make_user(database, world.customer_user.role, customer_id=add_customer(database, "丙設備株式会社"))
    with database.unit_of_work() as uow, pytest.raises(NotFoundError):
        reviews.get_review(uow, stranger, review_id)


def test_a_breaching_application_is_held_then_released(database: Database) -> None:
    world = build(database, net_assets=3_000_000)  # debtor limit = net assets
    first = approved_review(world, [2_000_000])
    second = approved_review(world, [2_000_000])
    with database.unit_of_work() as uow:
        [reserved] = applications.apply(uow, world.customer_user, first, line_ids(database, first), today=TODAY)
        assert reserved.state == "reserved"
    with database.unit_of_work() as uow:
        [held] = applications.apply(uow, world.customer_user, second, line_ids(database, second), today=TODAY)
        assert held.state == "held" and held.hold_reasons == "DEBTOR_LIMIT_EXCEEDED" and held.invoice is None
        held_id = held.id
    with database.unit_of_work(write=False) as uow:
        session = uow.session
        assert debtor_exposure(session, world.debtor_id) == 2_000_000
        # held: nothing reserved, invoiced or booked for it, and a notice for staff leaving by the outbox
        assert not session.scalars(
            select(Reservation.id).join(Guarantee).where(Guarantee.application_id == held_id)
        ).all()
        assert not session.scalars(
            select(SubsidyEntry.id).join(Guarantee).where(Guarantee.application_id == held_id)
        ).all()
        notice = session.scalars(select(Notification).where(Notification.entity_id == held_id)).one()
        assert (notice.kind, notice.audience) == ("application_held", "decide_limits")
        assert notice.message_ja.startswith(f"申込 {held_id}（2,000,000円）は注文者の限度額超過のため保留中です。")
        event = session.scalars(select(OutboxEvent).where(OutboxEvent.notification_id == notice.id)).one()
        assert json.loads(event.payload)["notification"]["entity_id"] == held_id
    with database.unit_of_work() as uow, pytest.raises(ConflictError) as caught:
        applications.release_held(uow, world.admin, held_id, today=TODAY)
    assert caught.value.code == "LIMIT_STILL_EXCEEDED"
    from hozen.store.models import Debtor

    with database.unit_of_work() as uow:
        debtor = uow.session.get(Debtor, world.debtor_id)
        assert debtor is not None
        debtor.net_assets = 10_000_000
        uow.commit()
    with database.unit_of_work() as uow:
        released = applications.release_held(uow, world.admin, held_id, today=TODAY)
        assert released.state == "reserved" and released.invoice is not None
    with database.unit_of_work(write=False) as uow:
        assert debtor_exposure(uow.session, world.debtor_id) == 4_000_000


def test_payment_errors(database: Database) -> None:
    world = build(database)
    invoice_id, amount = applied_invoice(world, approved_review(world, [2_000_000]))
    cases = [
        (
            PaymentInput(invoice_id=invoice_id, amount=amount - 1, received_on=TODAY, idempotency_key="k-short-1"),
            "PAYMENT_AMOUNT_MISMATCH",
        ),
        (
            PaymentInput(
                invoice_id=invoice_id,
                amount=amount,
                received_on=TODAY + dt.timedelta(days=1),
                idempotency_key="k-future-1",
            ),
            "PAYMENT_IN_FUTURE",
        ),
    ]
    for data, code in cases:
        with database.unit_of_work() as uow, pytest.raises(DomainError) as caught:
            guarantees.record_payment(uow, world.operations, data, today=TODAY)
        assert caught.value.code == code
    with database.unit_of_work() as uow, pytest.raises(ForbiddenError):
        guarantees.record_payment(uow, world.customer_user, cases[0][0], today=TODAY)
    # paid late (after the start date): effect from the day after the money arrives
    late = PaymentInput(invoice_id=invoice_id, amount=amount, received_on=D(2026, 11, 27), idempotency_key="k-late-01")
    with database.unit_of_work() as uow:
        guarantees.record_payment(uow, world.operations, late, today=D(2026, 11, 27))
    with database.unit_of_work(write=False) as uow:
        [g] = uow.session.scalars(select(Guarantee)).all()
        assert (g.state, g.effect_date) == ("awaiting_start", D(2026, 11, 28))
    again = PaymentInput(invoice_id=invoice_id, amount=amount, received_on=D(2026, 11, 27), idempotency_key="k-other-1")
    with database.unit_of_work() as uow, pytest.raises(ConflictError) as caught:
        guarantees.record_payment(uow, world.operations, again, today=D(2026, 11, 27))
    assert caught.value.code == "INVOICE_NOT_OPEN"


def test_an_ineligible_line_cannot_be_accepted(database: Database) -> None:
    world = build(database)
    endorsed = note_line(world.debtor_number).model_copy(update={"endorsed": True})
    with database.unit_of_work() as uow:
        review = reviews.submit_review_request(
            uow, world.customer_user, world.customer_id, [endorsed], today=TODAY, policy_name="north"
        )
        review_id, line = review.id, review.lines[0]
        assert '"NOTE_ENDORSED"' in line.eligibility
        line_id = line.id
    with database.unit_of_work() as uow:
        reviews.start_review(uow, world.underwriter, review_id, today=TODAY)
    with database.unit_of_work() as uow, pytest.raises(ConflictError) as caught:
        reviews.decide_line(
            uow, world.underwriter, review_id, line_id, LineDecisionInput(accept=True, rate="4.5"), today=TODAY
        )
    assert caught.value.code == "LINE_NOT_ELIGIBLE"
    with database.unit_of_work() as uow:  # declining it with a reason is fine
        declined = reviews.decide_line(
            uow,
            world.underwriter,
            review_id,
            line_id,
            LineDecisionInput(accept=False, reason="裏書手形のため"),
            today=TODAY,
        )
        assert declined.decision == "declined"


def test_each_line_keeps_its_own_findings(database: Database) -> None:
    """Lines failing one rule by different figures each show their own figure; a sound line shows none."""
    world = build(database)
    dues = [D(2026, 12, 24), D(2026, 12, 21), D(2027, 2, 26), D(2026, 12, 24)]  # 34, 31, 98 and 34 days away
    with database.unit_of_work() as uow:
        review = reviews.submit_review_request(
            uow,
            world.customer_user,
            world.customer_id,
            [note_line(world.debtor_number, due=due) for due in dues],
            today=TODAY,
            policy_name="north",
        )
        found = [json.loads(line.eligibility) for line in review.lines]
    assert [[finding["code"] for finding in line] for line in found] == [
        ["RECEIVABLE_TOO_SHORT"],
        ["RECEIVABLE_TOO_SHORT"],
        [],
        ["RECEIVABLE_TOO_SHORT"],
    ]
    assert [line[0]["message_ja"] for line in (found[0], found[1], found[3])] == [
        "1件目: 審査依頼日から支払期日まで 34日 で、40日 以上必要です。",
        "1件目: 審査依頼日から支払期日まで 31日 で、40日 以上必要です。",
        "1件目: 審査依頼日から支払期日まで 34日 で、40日 以上必要です。",
    ]


def test_application_minimum_is_judged_when_applying(database: Database) -> None:
    world = build(database)
    review_id = approved_review(world, [999_999])
    with database.unit_of_work() as uow, pytest.raises(DomainError) as caught:
        applications.apply(uow, world.customer_user, review_id, line_ids(database, review_id), today=TODAY)
    assert caught.value.code == "APPLICATION_TOO_SMALL"


def _three_paid_and_run(world: World, key: str) -> list[int]:
    """Three guarantees of one application paid today; the daily run of their start day: those activated."""
    invoice_id, amount = applied_invoice(world, approved_review(world, [1_000_000, 2_000_000, 3_000_000]))
    pay = PaymentInput(invoice_id=invoice_id, amount=amount, received_on=TODAY, idempotency_key=key)
    with world.db.unit_of_work() as uow:
        guarantees.record_payment(uow, world.operations, pay, today=TODAY)
    with world.db.unit_of_work() as uow:
        return guarantees.run_daily(uow, world.operations, today=D(2026, 11, 26)).activated


def test_guarantees_taking_effect_in_several_batches_each_get_their_own_certificate(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of two: the three guarantees taking effect together are written in two statements,
    and each still gets the number of its own id."""
    monkeypatch.setattr(repositories, "IN_LIST_SIZE", 2)
    world = build(database)
    activated = _three_paid_and_run(world, "pay-batches")
    with database.unit_of_work(write=False) as uow:
        rows = [
            (g.id, g.state, g.certificate_number, g.certificate_issued_on)
            for g in uow.session.scalars(select(Guarantee).order_by(Guarantee.id))
        ]
    assert len(rows) == 3
    assert rows == [(i, "active", f"HZ-2026-{i:06d}", D(2026, 11, 26)) for i in activated]


def test_the_daily_run_moves_many_guarantees_at_once_each_with_its_history(database: Database) -> None:
    """Three guarantees take effect together; one is confirmed paid, the other two mature together:
    each gets its certificate, its own history rows and its exposure released, and nothing twice."""
    world = build(database)
    activated = _three_paid_and_run(world, "pay-many")
    with database.unit_of_work(write=False) as uow:
        rows = list(uow.session.scalars(select(Guarantee).order_by(Guarantee.id)))
        assert activated == [g.id for g in rows] and len(activated) == 3
        assert [(g.state, g.certificate_number, g.certificate_issued_on, g.version) for g in rows] == [
            ("active", f"HZ-2026-{g.id:06d}", D(2026, 11, 26), 3) for g in rows
        ]
    confirmed, *assumed = activated
    with database.unit_of_work() as uow:
        guarantees.confirm_paid(uow, world.customer_user, confirmed, D(2027, 2, 26), today=D(2027, 3, 1))
    with database.unit_of_work() as uow:
        assert guarantees.run_daily(uow, world.operations, today=D(2027, 3, 28)).matured == []
    with database.unit_of_work() as uow:
        assert guarantees.run_daily(uow, world.operations, today=D(2027, 3, 29)).matured == assumed
    with database.unit_of_work() as uow:
        assert guarantees.run_daily(uow, world.operations, today=D(2027, 3, 30)).matured == []
    with database.unit_of_work(write=False) as uow:
        assert debtor_exposure(uow.session, world.debtor_id) == 0
        ended = [(g.id, g.state, g.ended_on) for g in uow.session.scalars(select(Guarantee).order_by(Guarantee.id))]
        assert ended == [(confirmed, "ended", D(2027, 2, 26))] + [(i, "ended", D(2027, 2, 26)) for i in assumed]
        moves = [
            (c.entity_id, c.from_state, c.to_state, c.business_date, c.reason, c.actor_id)
            for c in uow.session.scalars(
                select(StateChange).where(StateChange.entity == "guarantee").order_by(StateChange.id)
            )
            if c.from_state in ("awaiting_start", "active")
        ]
    operations = world.operations.user_id
    assert moves == [
        *[(i, "awaiting_start", "active", D(2026, 11, 26), "effect date reached", operations) for i in activated],
        (
            confirmed,
            "active",
            "ended",
            D(2027, 3, 1),
            "debtor paid on 2027-02-26 (confirmed)",
            world.customer_user.user_id,
        ),
        *[
            (
                i,
                "active",
                "ended",
                D(2027, 3, 29),
                "no claim by 2027-03-29: the debtor's payment is assumed",
                operations,
            )
            for i in assumed
        ],
    ]
