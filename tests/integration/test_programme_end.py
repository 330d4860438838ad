"""The programme end is the last day an application may be received (SPEC §3): on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hozen.contract.reviews import LineDecisionInput, ReceivableLineInput
from hozen.domain.errors import DomainError
from hozen.services import applications, reviews
from hozen.store.db import Database
from hozen.store.models import Application, Guarantee, ReviewRequest
from tests.integration.scenario import World, build

D = dt.date


def _approved_review(world: World, requested_on: dt.date) -> tuple[int, list[int]]:
    """A note review requested, reviewed and approved on ``requested_on``."""
    line = ReceivableLineInput(
        kind="note",  # type: ignore[arg-type]
        debtor_corporate_number=world.debtor_number,
        reference="N-0331",
        amount=2_000_000,
        issue_date=D(2027, 3, 1),
        due_date=D(2027, 5, 31),
    )
    with world.db.unit_of_work() as uow:
        review = reviews.submit_review_request(
            uow, world.customer_user, world.customer_id, [line], today=requested_on, policy_name="north"
        )
        review_id, line_ids = review.id, [each.id for each in review.lines]
    with world.db.unit_of_work() as uow:
        reviews.start_review(uow, world.underwriter, review_id, today=requested_on)
    with world.db.unit_of_work() as uow:
        decision = LineDecisionInput(accept=True, rate="4.5")
        reviews.decide_line(uow, world.underwriter, review_id, line_ids[0], decision, today=requested_on)
    with world.db.unit_of_work() as uow:
        reviews.submit_for_approval(uow, world.underwriter, review_id, today=requested_on)
    with world.db.unit_of_work() as uow:
        reviews.approve_review(uow, world.approver, review_id, today=requested_on)
    return review_id, line_ids


@pytest.mark.parametrize(
    ("received_on", "accepted"),
    # the shipped programme end is 2027-03-31
    [(D(2027, 3, 30), True), (D(2027, 3, 31), True), (D(2027, 4, 1), False), (D(2027, 4, 5), False)],
    ids=["day-before-end", "on-the-end", "day-after-end", "days-after-end"],
)
def test_an_application_received_after_the_programme_end_is_refused(
    database: Database, received_on: dt.date, accepted: bool
) -> None:
    world = build(database)
    review_id, line_ids = _approved_review(world, D(2027, 3, 26))
    if accepted:
        with database.unit_of_work() as uow:
            [application] = applications.apply(uow, world.customer_user, review_id, line_ids, today=received_on)
            assert application.received_on == received_on
        return
    with database.unit_of_work() as uow, pytest.raises(DomainError) as caught:
        applications.apply(uow, world.customer_user, review_id, line_ids, today=received_on)
    assert caught.value.code == "AFTER_PROGRAMME_END"
    assert "2027-03-31" in caught.value.message_ja and received_on.isoformat() in caught.value.message_ja
    assert "last application day (2027-03-31)" in caught.value.message_en
    with database.unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Application)) == 0
        assert uow.session.scalar(select(func.count()).select_from(Guarantee)) == 0
        assert uow.session.get(ReviewRequest, review_id).state == "approved"  # type: ignore[union-attr]
