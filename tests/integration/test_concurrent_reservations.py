"""Limits never overshoot: many applications reserved at the same moment (SPEC §5).

32 threads apply at once against one debtor whose limit fits only some of them. On PostgreSQL the
limit rows are locked FOR UPDATE (debtor, then customer); on SQLite the write lock is taken first.
"""

from __future__ import annotations

from sqlalchemy import func, select

from hozen.services import applications
from hozen.store.db import Database
from hozen.store.models import Application, Guarantee, Reservation
from hozen.store.repositories import debtor_exposure
from tests.integration.scenario import TODAY, build
from tests.integration.test_workflow import approved_review, line_ids
from tests.support import at_once

THREADS = 32
EACH = 1_000_000
NET_ASSETS = 10_500_000  # the debtor's limit: room for exactly 10 applications of ¥1,000,000


def test_thirty_two_applications_at_once(database: Database) -> None:
    world = build(database, net_assets=NET_ASSETS)
    reviews = [approved_review(world, [EACH]) for _ in range(THREADS)]
    lines = {review_id: line_ids(database, review_id) for review_id in reviews}

    def apply(review_id: int) -> None:
        with database.unit_of_work() as uow:
            applications.apply(uow, world.customer_user, review_id, lines[review_id], today=TODAY)

    errors = at_once(apply, reviews)
    assert errors == []

    with database.unit_of_work(write=False) as uow:
        session = uow.session
        states = list(session.scalars(select(Application.state)))
        assert len(states) == THREADS  # none lost
        assert states.count("reserved") == NET_ASSETS // EACH
        assert states.count("held") == THREADS - NET_ASSETS // EACH
        held_reasons = set(session.scalars(select(Application.hold_reasons).where(Application.state == "held")))
        assert held_reasons == {"DEBTOR_LIMIT_EXCEEDED"}
        assert debtor_exposure(session, world.debtor_id) == (NET_ASSETS // EACH) * EACH <= NET_ASSETS
        # one guarantee per application line, one reservation per reserved guarantee: nothing doubled
        assert session.scalar(select(func.count()).select_from(Guarantee)) == THREADS
        assert session.scalar(select(func.count()).select_from(Reservation)) == NET_ASSETS // EACH


def test_the_same_review_applied_for_twice_at_once_is_taken_up_once(database: Database) -> None:
    """Applying claims the review first (approved → applied): of eight applications for one review at
    the same moment, one is written and the others are refused as not approved — none doubles the
    exposure and none fails with anything else."""
    world = build(database, net_assets=NET_ASSETS)
    review_id = approved_review(world, [EACH, 2 * EACH])
    chosen = line_ids(database, review_id)

    def apply(_: int) -> None:
        with database.unit_of_work() as uow:
            applications.apply(uow, world.customer_user, review_id, chosen, today=TODAY)

    errors = at_once(apply, range(8))

    assert len(errors) == 7
    assert {getattr(error, "code", repr(error)) for error in errors} == {"REVIEW_NOT_APPROVED"}
    with database.unit_of_work(write=False) as uow:
        session = uow.session
        assert session.scalar(select(func.count()).select_from(Application)) == 1
        assert session.scalar(select(func.count()).select_from(Guarantee)) == 2
        assert debtor_exposure(session, world.debtor_id) == 3 * EACH
