"""Exposure taken and given back, and the daily run's day boundaries, at the service level.

Each test fails when the rule it names is broken: a lapsed application that keeps its limit, a
retried application that is refused instead of answered, a held application released after its
start that keeps its stale price, the application minimum at exactly the minimum, and the days on
which the daily run lapses, expires, reminds and activates (SPEC §5, §8.2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from hozen.contract.reviews import PaymentInput
from hozen.domain.errors import ConflictError
from hozen.services import applications, guarantees
from hozen.store.db import Database
from hozen.store.models import (
    Application,
    Debtor,
    Guarantee,
    Notification,
    Reservation,
    ReviewRequest,
    StateChange,
    SubsidyEntry,
)
from hozen.store.repositories import debtor_exposure
from tests.integration.scenario import TODAY, World, build
from tests.integration.test_workflow import approved_review, line_ids

D = dt.date
START = D(2026, 11, 26)  # three business days after Fri 2026-11-20 (11/23 is a holiday)
DUE = D(2027, 2, 26)  # the notes' due date (tests/integration/scenario.py)


@dataclass(frozen=True)
class Applied:
    id: int
    state: str
    start_date: dt.date
    invoice_id: int | None
    invoice_amount: int | None
    invoice_due: dt.date | None
    guarantee_ids: list[int]


def _apply(world: World, review_id: int, *, today: dt.date = TODAY, key: str | None = None) -> list[Applied]:
    with world.db.unit_of_work() as uow:
        made = applications.apply(
            uow, world.customer_user, review_id, line_ids(world.db, review_id), today=today, idempotency_key=key
        )
        return [
            Applied(
                a.id,
                a.state,
                a.start_date,
                a.invoice.id if a.invoice else None,
                a.invoice.amount if a.invoice else None,
                a.invoice.due_date if a.invoice else None,
                [g.id for g in a.guarantees],
            )
            for a in made
        ]


def _daily(world: World, today: dt.date) -> guarantees.DailyReport:
    with world.db.unit_of_work() as uow:
        return guarantees.run_daily(uow, world.operations, today=today)


def _exposure(world: World) -> int:
    with world.db.unit_of_work(write=False) as uow:
        return debtor_exposure(uow.session, world.debtor_id)


def _subsidy_booked(world: World) -> int:
    with world.db.unit_of_work(write=False) as uow:
        return int(uow.session.scalar(select(func.coalesce(func.sum(SubsidyEntry.subsidy), 0))) or 0)


def _pay(world: World, application: Applied, received_on: dt.date) -> None:
    assert application.invoice_id is not None and application.invoice_amount is not None
    payment = PaymentInput(
        invoice_id=application.invoice_id,
        amount=application.invoice_amount,
        received_on=received_on,
        idempotency_key=f"pay-{application.id:08d}",
    )
    with world.db.unit_of_work() as uow:
        guarantees.record_payment(uow, world.operations, payment, today=received_on)


def test_a_lapsed_application_gives_its_exposure_and_subsidy_back(database: Database) -> None:
    world = build(database)
    [application] = _apply(world, approved_review(world, [2_000_000]))
    assert _exposure(world) == 2_000_000 and _subsidy_booked(world) > 0
    lapses_after = START + dt.timedelta(days=30)  # the policy's application validity
    assert _daily(world, lapses_after).lapsed == []
    assert _exposure(world) == 2_000_000
    assert _daily(world, lapses_after + dt.timedelta(days=1)).lapsed == [application.id]
    with database.unit_of_work(write=False) as uow:
        lapsed = uow.session.get(Application, application.id)
        assert lapsed is not None and lapsed.state == "lapsed"
        assert lapsed.invoice is not None and lapsed.invoice.state == "void"
        assert {g.state for g in lapsed.guarantees} == {"cancelled"}
        assert set(uow.session.scalars(select(Reservation.state))) == {"released"}
    assert _exposure(world) == 0
    assert _subsidy_booked(world) == 0  # booked, then reversed


def test_a_limit_set_for_the_debtor_holds_an_application_that_its_net_assets_would_allow(
    database: Database,
) -> None:
    world = build(database)  # net assets ¥300m
    with database.unit_of_work() as uow:
        debtor = uow.session.get(Debtor, world.debtor_id)
        assert debtor is not None
        debtor.own_limit = 1_500_000
        uow.commit()
    [held] = _apply(world, approved_review(world, [2_000_000]))
    assert held.state == "held"
    with database.unit_of_work(write=False) as uow:
        application = uow.session.get(Application, held.id)
        assert application is not None and application.hold_reasons == "DEBTOR_LIMIT_EXCEEDED"
    assert _exposure(world) == 0


def test_declining_a_held_application_leaves_the_reserved_one_alone(database: Database) -> None:
    world = build(database, net_assets=3_000_000)
    [reserved] = _apply(world, approved_review(world, [2_000_000]))
    [held] = _apply(world, approved_review(world, [2_000_000]))
    assert (reserved.state, held.state) == ("reserved", "held")
    with database.unit_of_work() as uow:
        applications.decline_held(uow, world.admin, held.id, "限度額を超えるため", today=TODAY)
    with database.unit_of_work(write=False) as uow:
        declined = uow.session.get(Application, held.id)
        assert declined is not None and declined.state == "declined"
        assert {g.state for g in declined.guarantees} == {"cancelled"}
        assert list(uow.session.scalars(select(Reservation.state))) == ["reserved"]  # the first one's only
        cancelled_by = uow.session.scalars(
            select(StateChange.actor_id).where(StateChange.entity == "guarantee", StateChange.to_state == "cancelled")
        ).all()
        assert cancelled_by == [world.admin.user_id]  # history names who declined
    assert _exposure(world) == 2_000_000


def test_a_retried_application_returns_the_first_result(database: Database) -> None:
    world = build(database)
    review_id = approved_review(world, [2_000_000])
    [first] = _apply(world, review_id, key="apply-retry-0001")
    [again] = _apply(world, review_id, key="apply-retry-0001")
    assert again.id == first.id and again.state == "reserved"
    with database.unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Application)) == 1
        assert uow.session.scalar(select(func.count()).select_from(Reservation)) == 1
    assert _exposure(world) == 2_000_000
    other_review = approved_review(world, [3_000_000])
    with pytest.raises(ConflictError) as reused:
        _apply(world, other_review, key="apply-retry-0001")
    assert reused.value.code == "IDEMPOTENCY_KEY_REUSED"


def test_a_held_application_released_after_its_start_is_priced_from_its_new_start(database: Database) -> None:
    world = build(database, net_assets=1_000_000)
    [held] = _apply(world, approved_review(world, [2_000_000]))
    assert held.state == "held" and held.start_date == START
    with database.unit_of_work() as uow:
        debtor = uow.session.get(Debtor, world.debtor_id)
        assert debtor is not None
        debtor.net_assets = 10_000_000
        uow.commit()
    released_on = D(2026, 11, 30)  # a Monday, after the planned start
    with database.unit_of_work() as uow:
        released = applications.release_held(uow, world.admin, held.id, today=released_on)
        new_start = D(2026, 12, 3)  # three business days after Monday 11/30
        assert released.start_date == new_start
        [guarantee] = released.guarantees
        days = (DUE - new_start).days + 1  # both ends counted
        gross = 2_000_000 * 45 * days // (1000 * 365)  # 4.5 %, rounded down (north)
        subsidy = 2_000_000 * 15 * days // (1000 * 365)  # 1.5 %, the programme's cap
        assert (guarantee.start_date, guarantee.days) == (new_start, days)
        assert (guarantee.gross_fee, guarantee.subsidy, guarantee.net_fee) == (gross, subsidy, gross - subsidy)
        assert released.invoice is not None
        assert released.invoice.amount == gross - subsidy + 1_100
        assert released.invoice.due_date == new_start - dt.timedelta(days=1)


def test_the_application_minimum_is_inclusive(database: Database) -> None:
    world = build(database)
    [application] = _apply(world, approved_review(world, [1_000_000]))  # exactly the north minimum
    assert application.state == "reserved"


def test_review_results_expire_the_day_after_their_validity(database: Database) -> None:
    world = build(database)
    review_id = approved_review(world, [2_000_000])
    last_day = TODAY + dt.timedelta(days=30)
    assert _daily(world, last_day).expired_reviews == []
    assert _daily(world, last_day + dt.timedelta(days=1)).expired_reviews == [review_id]
    with database.unit_of_work(write=False) as uow:
        review = uow.session.get(ReviewRequest, review_id)
        assert review is not None and review.state == "expired"


def test_a_reminder_goes_out_three_business_days_before_the_due_date_and_only_once(database: Database) -> None:
    world = build(database)
    [application] = _apply(world, approved_review(world, [2_000_000]))
    assert application.invoice_due == D(2026, 11, 25)
    assert _daily(world, D(2026, 11, 18)).reminders == []  # 19, 20, 24: the 25th is four business days away
    assert _daily(world, D(2026, 11, 19)).reminders == [application.invoice_id]  # 20, 24 (23 a holiday), 25
    assert _daily(world, D(2026, 11, 20)).reminders == []
    with database.unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Notification)) == 1


@pytest.mark.parametrize(
    ("paid_on", "effect"),
    [
        (D(2026, 11, 24), START),  # before the start: effect from the start date
        (START, START + dt.timedelta(days=1)),  # on the start date: from the day after the money arrived
    ],
)
def test_a_guarantee_activates_on_its_effect_date_not_before(
    database: Database, paid_on: dt.date, effect: dt.date
) -> None:
    world = build(database)
    [application] = _apply(world, approved_review(world, [2_000_000]))
    _pay(world, application, paid_on)
    [guarantee_id] = application.guarantee_ids
    assert _daily(world, effect - dt.timedelta(days=1)).activated == []
    assert _daily(world, effect).activated == [guarantee_id]
    with database.unit_of_work(write=False) as uow:
        guarantee = uow.session.get(Guarantee, guarantee_id)
        assert guarantee is not None and (guarantee.state, guarantee.effect_date) == ("active", effect)
