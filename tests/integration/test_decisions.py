"""Decisions are recorded on the object they concern — who, when, why, each field before → after —
and belong to the hash chain like every state change."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.contract.companies import DebtorClassificationInput
from hozen.domain.roles import Actor, Role
from hozen.domain.states import Entity
from hozen.policies import preset
from hozen.services import limits, portfolio, registration
from hozen.services.records import history_of
from hozen.store.db import Database
from hozen.store.models import StateChange
from tests.integration.scenario import World, build
from tests.integration.test_workflow import approved_review

TODAY = dt.date(2026, 4, 1)


@pytest.fixture
def world(database: Database) -> World:
    return build(database)


def set_limit(world: World, actor: Actor, entity: Entity, company_id: int, own_limit: int | None, reason: str) -> None:
    with world.db.unit_of_work() as uow:
        limits.change_limit(
            uow, actor, entity, company_id, own_limit, reason=reason, policy=preset("north"), today=TODAY
        )


def test_a_limit_change_shows_who_why_and_before_after(world: World) -> None:
    set_limit(world, world.senior, Entity.DEBTOR, world.debtor_id, 5_000_000, "決算書の確認")
    set_limit(world, world.admin, Entity.DEBTOR, world.debtor_id, 3_000_000, "保証残高の見直し")
    with world.db.unit_of_work(write=False) as uow:
        entries = history_of(uow.session, world.admin, Entity.DEBTOR, world.debtor_id)
    decisions = [e for e in entries if e.changes]
    assert [(e.to_state, e.reason) for e in decisions] == [
        ("限度額の変更", "決算書の確認"),
        ("限度額の変更", "保証残高の見直し"),
    ]
    first, second = decisions
    assert [(c.label, c.before, c.after) for c in first.changes] == [("個別限度額", "（なし）", "5,000,000")]
    assert [(c.label, c.before, c.after) for c in second.changes] == [("個別限度額", "5,000,000", "3,000,000")]
    assert first.who == Role.SENIOR_APPROVER.value and first.business_date == TODAY


def test_a_business_date_change_records_the_date_it_replaced(world: World) -> None:
    with world.db.unit_of_work() as uow:
        portfolio.set_today(uow, world.admin, dt.date(2026, 4, 1))
    with world.db.unit_of_work() as uow:
        portfolio.set_today(uow, world.admin, dt.date(2026, 4, 3))
    with world.db.unit_of_work(write=False) as uow:
        entries = history_of(uow.session, world.admin, Entity.BUSINESS_DATE, 1)
    last = entries[-1]
    assert last.to_state == "業務日付の変更"
    assert [(c.label, c.before, c.after) for c in last.changes] == [("業務日付", "2026年4月1日", "2026年4月3日")]


def test_an_edited_decision_breaks_the_chain(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    set_limit(world, world.senior, Entity.DEBTOR, world.debtor_id, 5_000_000, "理由")
    with world.db.unit_of_work(write=False) as uow:
        row_id = uow.session.scalar(select(StateChange.id).where(StateChange.changes.is_not(None)))
    monkeypatch.setenv("HOZEN_DATABASE_URL", world.db.url)
    assert CliRunner().invoke(cli_app, ["audit", "verify"]).exit_code == 0
    with world.db.engine.begin() as connection:
        connection.execute(
            text("UPDATE state_history SET changes = :c WHERE id = :id"),
            {"c": '[["own_limit",null,50000000]]', "id": row_id},
        )
    result = CliRunner().invoke(cli_app, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"History row {row_id}" in result.output and "was changed after it was recorded" in result.output


def test_a_state_change_hashes_without_the_changes_column(world: World) -> None:
    """Rows sealed before decisions were recorded keep their hashes: a state change's hash is the
    SHA-256 of the JSON of the previous hash and its columns, with no ``changes`` entry."""
    approved_review(world, [2_000_000])
    with world.db.unit_of_work(write=False) as uow:
        row = (
            uow.session.execute(select(StateChange).where(StateChange.changes.is_(None)).order_by(StateChange.seq))
            .scalars()
            .first()
        )
        assert row is not None
        at = row.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        content = [
            row.prev_hash, row.seq, row.id, row.entity, row.entity_id, row.from_state, row.to_state,
            row.actor_id, at, row.business_date.isoformat(), row.reason,
        ]  # fmt: skip
        expected = hashlib.sha256(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
        assert row.row_hash == expected


def test_a_customer_sees_the_company_not_the_staff_member(world: World) -> None:
    set_limit(world, world.senior, Entity.CUSTOMER, world.customer_id, 8_000_000, "枠見直し")
    customer = Actor(world.customer_user.user_id, Role.CUSTOMER, world.customer_id)
    with world.db.unit_of_work(write=False) as uow:
        entries = history_of(uow.session, customer, Entity.CUSTOMER, world.customer_id)
    assert [(e.who, e.to_state) for e in entries if e.changes] == [("当社", "限度額の変更")]


def test_a_debtor_classified_records_each_changed_key_by_its_japanese_name(world: World) -> None:
    first = DebtorClassificationInput.model_validate({"prefecture": "13", "trade": "08"})
    second = DebtorClassificationInput.model_validate(
        {"prefecture": "27", "trade": "08", "group_code": "G1", "group_name": "北陸グループ"}
    )
    for data in (first, second, second):  # the third changes nothing and records nothing
        with world.db.unit_of_work() as uow:
            registration.classify_debtor(uow, world.admin, world.debtor_id, data, today=TODAY)
    with world.db.unit_of_work(write=False) as uow:
        decisions = [e for e in history_of(uow.session, world.admin, Entity.DEBTOR, world.debtor_id) if e.changes]
    assert [[(c.label, c.before, c.after) for c in e.changes] for e in decisions] == [
        [("都道府県", "（なし）", "東京都"), ("業種", "（なし）", "設備工事業")],
        [
            ("企業グループコード", "（なし）", "G1"),
            ("企業グループ名", "（なし）", "北陸グループ"),
            ("都道府県", "東京都", "大阪府"),
        ],
    ]
