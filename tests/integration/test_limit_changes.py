"""Limit changes with four eyes (docs/workflow.md): a reason always; above the policy's amount (north:
¥50,000,000) a request a second person approves — only then does the limit change — and the held
application a request was made for is released on approval. Edits of a company record each field."""

from __future__ import annotations

import datetime as dt

import pytest

from hozen.contract.companies import DebtorUpdate, DocumentInput
from hozen.domain.errors import ConflictError, DomainError, ForbiddenError
from hozen.domain.roles import Actor
from hozen.domain.states import ApplicationState, Entity
from hozen.policies import preset
from hozen.services import applications, limits, registration
from hozen.services.records import history_of
from hozen.store.db import Database
from hozen.store.models import Application, Debtor
from hozen.store.repositories import debtor_exposure
from tests.integration.scenario import TODAY, World, build
from tests.integration.test_workflow import approved_review, line_ids

NORTH = preset("north")


@pytest.fixture
def world(database: Database) -> World:
    return build(database)


def change(
    world: World, actor: Actor, own_limit: int | None, reason: str = "決算書の確認", application_id: int | None = None
) -> int | None:
    with world.db.unit_of_work() as uow:
        outcome = limits.change_limit(
            uow, actor, Entity.DEBTOR, world.debtor_id, own_limit, reason=reason, policy=NORTH, today=TODAY,
            application_id=application_id,
        )  # fmt: skip
        return outcome.pending.id if outcome.pending is not None else None


def own_limit(world: World) -> int | None:
    with world.db.unit_of_work(write=False) as uow:
        debtor = uow.session.get(Debtor, world.debtor_id)
        assert debtor is not None
        return debtor.own_limit


def changes_on_debtor(world: World) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    with world.db.unit_of_work(write=False) as uow:
        entries = history_of(uow.session, world.admin, Entity.DEBTOR, world.debtor_id)
    return [(e.to_state, e.reason, [(c.label, c.before, c.after) for c in e.changes]) for e in entries]


def test_a_reason_is_required(world: World) -> None:
    with pytest.raises(DomainError) as caught:
        change(world, world.senior, 10_000_000, reason="  ")
    assert caught.value.code == "REASON_REQUIRED"
    assert own_limit(world) is None


def test_up_to_the_amount_the_limit_changes_at_once(world: World) -> None:
    assert change(world, world.senior, 50_000_000) is None  # exactly the amount: not above it
    assert own_limit(world) == 50_000_000


def test_lowering_never_waits(world: World) -> None:
    change(world, world.senior, 40_000_000)
    assert change(world, world.senior, 20_000_000) is None
    assert own_limit(world) == 20_000_000


def test_above_the_amount_a_second_person_approves_and_only_then_the_limit_changes(world: World) -> None:
    change(world, world.senior, 10_000_000)
    pending = change(world, world.senior, 80_000_000, reason="大型案件の受注")
    assert pending is not None
    assert own_limit(world) == 10_000_000  # not yet
    with world.db.unit_of_work() as uow, pytest.raises(ForbiddenError) as caught:
        limits.approve(uow, world.senior, pending, today=TODAY)
    assert caught.value.code == "FOUR_EYES_REQUIRED"
    assert "依頼した方" in caught.value.message_ja
    assert own_limit(world) == 10_000_000
    with world.db.unit_of_work() as uow:
        limits.approve(uow, world.admin, pending, today=TODAY)
    assert own_limit(world) == 80_000_000
    history = changes_on_debtor(world)
    assert history[-2:] == [
        ("限度額の変更依頼（承認待ち）", "大型案件の受注", [("個別限度額", "10,000,000", "80,000,000")]),
        ("限度額の変更", "大型案件の受注", [("個別限度額", "10,000,000", "80,000,000")]),
    ]
    with world.db.unit_of_work(write=False) as uow:
        assert history_of(uow.session, world.admin, Entity.DEBTOR, world.debtor_id)[-1].who == "admin"
    with world.db.unit_of_work() as uow, pytest.raises(ConflictError) as again:
        limits.approve(uow, world.admin, pending, today=TODAY)
    assert again.value.code == "LIMIT_CHANGE_DECIDED"


def test_removing_the_limit_waits_and_a_rejection_needs_a_reason_and_keeps_the_limit(world: World) -> None:
    change(world, world.senior, 10_000_000)
    pending = change(world, world.senior, None, reason="上限の撤廃")
    assert pending is not None
    with pytest.raises(ConflictError) as caught:
        change(world, world.admin, 90_000_000)  # one waiting request per company
    assert caught.value.code == "LIMIT_CHANGE_PENDING"
    with world.db.unit_of_work() as uow, pytest.raises(DomainError) as empty:
        limits.reject(uow, world.admin, pending, " ", today=TODAY)
    assert empty.value.code == "REASON_REQUIRED"
    with world.db.unit_of_work() as uow:
        limits.reject(uow, world.admin, pending, "財務内容が不十分", today=TODAY)
    assert own_limit(world) == 10_000_000
    assert changes_on_debtor(world)[-1] == (
        "限度額の変更依頼の否決",
        "財務内容が不十分",
        [("個別限度額", "10,000,000", "（なし）")],
    )


def test_approval_releases_the_held_application_it_was_requested_for(world: World) -> None:
    change(world, world.senior, 3_000_000)  # the debtor's own limit binds: ¥3,000,000
    first, second = approved_review(world, [2_000_000]), approved_review(world, [2_000_000])
    with world.db.unit_of_work() as uow:
        applications.apply(uow, world.customer_user, first, line_ids(world.db, first), today=TODAY)
    with world.db.unit_of_work() as uow:
        [held] = applications.apply(uow, world.customer_user, second, line_ids(world.db, second), today=TODAY)
        held_id = held.id
    with world.db.unit_of_work(write=False) as uow:
        view = limits.held_view(uow, world.admin, held_id, TODAY)
        [short] = view.shortfalls
        # exposure 2,000,000 + 2,000,000 applied − limit 3,000,000 = 1,000,000 short; needs 4,000,000
        assert (short.entity, short.short_by, short.needed, short.own_limit_helps) == (
            Entity.DEBTOR,
            1_000_000,
            4_000_000,
            True,
        )
    pending = change(world, world.senior, 60_000_000, reason="申込の確保のため", application_id=held_id)
    assert pending is not None
    with world.db.unit_of_work(write=False) as uow:
        assert uow.session.get(Application, held_id).state == "held"  # type: ignore[union-attr]
        assert debtor_exposure(uow.session, world.debtor_id) == 2_000_000
    with world.db.unit_of_work() as uow:
        decided = limits.approve(uow, world.admin, pending, today=TODAY)
        assert decided.released is not None and decided.released.id == held_id
    with world.db.unit_of_work(write=False) as uow:
        released = uow.session.get(Application, held_id)
        assert released is not None and released.state == "reserved" and released.invoice is not None
        assert debtor_exposure(uow.session, world.debtor_id) == 4_000_000
        steps = history_of(uow.session, world.admin, Entity.APPLICATION, held_id, ApplicationState)
    last = steps[-1]
    assert (last.from_state, last.to_state, last.reason, last.who) == (
        "保留（限度額）",
        "確保済み",
        "限度額の判断の後に確保",
        "admin",
    )


def test_an_edit_records_each_changed_field_before_and_after(world: World) -> None:
    data = DebtorUpdate.model_validate(
        {
            "net_assets": 120_000_000,
            "trading_suspended": True,
            "public_works_orders": ["2026-06-01", "2026-09-15"],
            "name": "株式会社乙建設",  # unchanged: not recorded
            "reason": "決算書と官報の確認",
        }
    )
    with world.db.unit_of_work() as uow:
        registration.update_debtor(uow, world.underwriter, world.debtor_id, data, today=TODAY)
    to_state, reason, fields = changes_on_debtor(world)[-1]
    assert (to_state, reason) == ("登録内容の変更", "決算書と官報の確認")
    assert sorted(fields) == sorted(
        [
            ("純資産額", "300,000,000", "120,000,000"),
            ("取引停止処分", "いいえ", "はい"),
            ("公共工事の受注日", "2026年6月1日", "2026年6月1日、2026年9月15日"),
        ]
    )


def test_a_replaced_registration_document_is_recorded_with_both_dates(world: World) -> None:
    for received in (dt.date(2026, 4, 1), dt.date(2026, 10, 1)):
        data = DocumentInput(kind="seal_certificate", issue_date=received, received_on=received)
        with world.db.unit_of_work() as uow:
            registration.add_document(uow, world.operations, world.customer_id, data, today=TODAY)
    with world.db.unit_of_work(write=False) as uow:
        entries = [e for e in history_of(uow.session, world.admin, Entity.CUSTOMER, world.customer_id) if e.changes]
    added, replaced = entries[-2:]
    assert added.to_state == "登録書類の受領" and replaced.to_state == "登録書類の差し替え"
    assert ("受領日", "2026年4月1日", "2026年10月1日") in [(c.label, c.before, c.after) for c in replaced.changes]
