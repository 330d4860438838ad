"""Duplicate receivables: a finding at review, a refusal at application, enforced by the database
(SPEC §4.3 RECEIVABLE_DUPLICATE), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from hozen.contract.reviews import LineDecisionInput, ReceivableLineInput
from hozen.domain.errors import ConflictError
from hozen.services import applications, guarantees, reviews
from hozen.store.db import Database
from hozen.store.models import Application, Guarantee, ReceivableKeyHold, ReviewLine
from hozen.store.repositories import debtor_exposure
from tests.integration.scenario import TODAY, World, build, note_line
from tests.integration.test_workflow import line_ids
from tests.support import at_once

NOTE_NUMBER = "AB-1234"


def submit(world: World, *lines: ReceivableLineInput) -> int:
    with world.db.unit_of_work() as uow:
        review = reviews.submit_review_request(
            uow, world.customer_user, world.customer_id, list(lines), today=TODAY, policy_name="north"
        )
        return review.id


def findings(db: Database, review_id: int) -> list[list[dict[str, object]]]:
    with db.unit_of_work(write=False) as uow:
        lines = uow.session.scalars(select(ReviewLine).where(ReviewLine.review_request_id == review_id))
        return [json.loads(line.eligibility) for line in lines.all()]


def decide_all(world: World, review_id: int, *, accept: bool = True) -> None:
    with world.db.unit_of_work() as uow:
        if reviews.get_review(uow, world.underwriter, review_id).state == "submitted":
            reviews.start_review(uow, world.underwriter, review_id, today=TODAY)
    for line_id in line_ids(world.db, review_id):
        decision = LineDecisionInput(accept=True, rate="4.5") if accept else LineDecisionInput(accept=False, reason="x")
        with world.db.unit_of_work() as uow:
            reviews.decide_line(uow, world.underwriter, review_id, line_id, decision, today=TODAY)


def approve(world: World, review_id: int) -> None:
    with world.db.unit_of_work() as uow:
        reviews.submit_for_approval(uow, world.underwriter, review_id, today=TODAY)
    with world.db.unit_of_work() as uow:
        reviews.approve_review(uow, world.approver, review_id, today=TODAY)


def apply(world: World, review_id: int) -> None:
    with world.db.unit_of_work() as uow:
        applications.apply(uow, world.customer_user, review_id, line_ids(world.db, review_id), today=TODAY)


def two_approved_reviews_of_one_note(world: World) -> tuple[int, int]:
    """The second review was submitted and accepted while the first one's line was declined (not live),
    then the first line was accepted after all (the second is later, so it is no finding on the first):
    both are approved with the same note, neither applied for."""
    first = submit(world, note_line(world.debtor_number, reference=NOTE_NUMBER))
    decide_all(world, first, accept=False)
    second = submit(world, note_line(world.debtor_number, reference=NOTE_NUMBER))
    assert findings(world.db, second) == [[]]
    decide_all(world, second)
    decide_all(world, first)  # the second line is later: no finding on the first
    approve(world, first)
    approve(world, second)
    return first, second


def test_the_same_note_on_a_later_review_line_is_a_finding(database: Database) -> None:
    world = build(database)
    first = submit(world, note_line(world.debtor_number, reference=NOTE_NUMBER))
    second = submit(
        world,
        note_line(world.debtor_number, reference="ａｂ－１２３４"),  # the same number typed full-width
        note_line(world.debtor_number, reference="AB-9999"),
    )
    assert findings(database, first) == [[]]
    [[duplicate], other] = findings(database, second)
    assert other == []
    [first_line] = line_ids(database, first)
    assert duplicate["code"] == "RECEIVABLE_DUPLICATE"
    assert duplicate["message_ja"] == f"1件目: 番号「ａｂ－１２３４」の同じ債権が既に明細 {first_line} にあります。"
    assert duplicate["message_en"] == f"Receivable 1: number 'ａｂ－１２３４' is already on line {first_line}."
    with database.unit_of_work() as uow:
        reviews.start_review(uow, world.underwriter, second, today=TODAY)
    with database.unit_of_work() as uow, pytest.raises(ConflictError) as caught:
        decision = LineDecisionInput(accept=True, rate="4.5")
        reviews.decide_line(uow, world.underwriter, second, line_ids(database, second)[0], decision, today=TODAY)
    assert caught.value.code == "LINE_NOT_ELIGIBLE"


def test_a_guaranteed_note_is_named_and_freed_when_its_guarantee_is_cancelled(database: Database) -> None:
    world = build(database)
    first = submit(world, note_line(world.debtor_number, reference=NOTE_NUMBER))
    decide_all(world, first)
    approve(world, first)
    apply(world, first)
    again = submit(world, note_line(world.debtor_number, reference=NOTE_NUMBER))
    with database.unit_of_work(write=False) as uow:
        guarantee_id = uow.session.scalar(select(Guarantee.id))
    [[duplicate]] = findings(database, again)
    assert duplicate["message_en"] == f"Receivable 1: number '{NOTE_NUMBER}' is already on guarantee {guarantee_id}."
    # the fee never arrives: the application lapses, the guarantee is cancelled and the note is free again
    with database.unit_of_work() as uow:
        report = guarantees.run_daily(uow, None, today=dt.date(2027, 1, 5))
    assert report.lapsed != []
    with database.unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(ReceivableKeyHold)) == 0
    with database.unit_of_work() as uow:  # the later request is withdrawn: its line is no longer live either
        reviews.withdraw_review(uow, world.customer_user, again, today=TODAY)
    assert findings(database, submit(world, note_line(world.debtor_number, reference=NOTE_NUMBER))) == [[]]


def test_an_ar_with_the_same_amount_and_due_date_is_a_finding(database: Database) -> None:
    world = build(database)
    invoice = ReceivableLineInput.model_validate(
        {
            "kind": "ar",
            "debtor_corporate_number": world.debtor_number,
            "reference": "INV-1",
            "amount": 3_000_000,
            "issue_date": "2026-10-31",
            "due_date": "2027-01-29",
        }
    )
    submit(world, invoice)
    later = submit(world, invoice.model_copy(update={"reference": "INV-2"}))
    [[duplicate]] = findings(database, later)
    assert duplicate["message_ja"].startswith(
        "1件目: 同じ金額（3,000,000円）・同じ期日（2027-01-29）の売掛債権が既に明細"
    )


def test_applying_for_a_note_already_guaranteed_is_refused(database: Database) -> None:
    world = build(database)
    first, second = two_approved_reviews_of_one_note(world)
    apply(world, first)
    with pytest.raises(ConflictError) as caught:
        apply(world, second)
    assert caught.value.code == "RECEIVABLE_DUPLICATE"
    assert "既に保証" in caught.value.message_ja and "already on guarantee" in caught.value.message_en
    with database.unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Application)) == 1


def test_two_applications_of_one_note_at_once(database: Database) -> None:
    world = build(database)
    errors = at_once(lambda review_id: apply(world, review_id), two_approved_reviews_of_one_note(world))
    assert [error.code for error in errors] == ["RECEIVABLE_DUPLICATE"]  # type: ignore[attr-defined]
    with database.unit_of_work(write=False) as uow:
        session = uow.session
        assert session.scalar(select(func.count()).select_from(Application)) == 1
        assert session.scalar(select(func.count()).select_from(Guarantee)) == 1
        assert session.scalar(select(func.count()).select_from(ReceivableKeyHold)) == 1
        assert debtor_exposure(session, world.debtor_id) == 2_000_000


def test_the_database_itself_refuses_a_second_holder_of_a_key(database: Database) -> None:
    world = build(database)
    first = submit(world, note_line(world.debtor_number, reference=NOTE_NUMBER))
    [line_id] = line_ids(database, first)
    with database.unit_of_work() as uow:
        uow.session.add(ReceivableKeyHold(key="note:1:AB-1234", review_line_id=line_id))
        uow.commit()
    with database.unit_of_work() as uow, pytest.raises(IntegrityError):
        uow.session.add(ReceivableKeyHold(key="note:1:AB-1234", review_line_id=line_id))
        uow.session.flush()
