"""全銀 transfer exports (SPEC §16) on SQLite and PostgreSQL: what is due, blocked payments, exported
once, the same bytes again, and two exports at once."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hozen.config import Settings
from hozen.contract.transfers import BankAccountInput
from hozen.domain.codes import TransferCode
from hozen.domain.errors import ConflictError, DomainError, ForbiddenError, NotFoundError
from hozen.services import transfers
from hozen.store.db import Database
from hozen.store.models import StateChange, TransferExport, TransferLine
from tests.integration.payouts import add_payouts
from tests.integration.scenario import TODAY, World, add_customer, build
from tests.support import at_once

ORIGINATOR = Settings().zengin_originator()
KOU_ACCOUNT = {
    "bank_code": "0005",
    "bank_name": "ミツビシ",
    "branch_code": "123",
    "branch_name": "マルノウチ",
    "account_type": "1",
    "account_number": "98765",
    "holder_name": "コウコウギョウ（カ",
}


def register(world: World, customer_id: int, **changes: str) -> None:
    with world.db.unit_of_work() as uow:
        data = BankAccountInput.model_validate({**KOU_ACCOUNT, **changes})
        transfers.set_bank_account(uow, world.operations, customer_id, data, today=TODAY)


def export(world: World, day: dt.date = TODAY) -> TransferExport:
    with world.db.unit_of_work() as uow:
        record = transfers.export(uow, world.operations, day, ORIGINATOR)
        uow.session.expunge(record)
        return record


def data_records(content: bytes) -> list[bytes]:
    return [r for r in content.split(b"\r\n") if r.startswith(b"2")]


def test_a_payment_without_a_bank_account_is_blocked_not_exported(database: Database) -> None:
    world = build(database)
    add_payouts(database, TODAY, world.customer_id, world.debtor_id)
    with database.unit_of_work(write=False) as uow:
        due = transfers.due(uow, world.operations, TODAY)
    assert due.payable == [] and due.count == 0 and due.total == 0
    assert [(p.kind, p.blocked) for p in due.blocked] == [
        ("purchase", "BANK_ACCOUNT_MISSING"),
        ("discount", "BANK_ACCOUNT_MISSING"),
        ("claim", "BANK_ACCOUNT_MISSING"),  # the claim set off against a discounted note moves no cash
    ]
    assert "振込先口座が登録されていません" in (due.blocked[0].blocked_message_ja or "")
    with pytest.raises(ConflictError) as caught:
        export(world)
    assert caught.value.code is TransferCode.NOTHING_TO_EXPORT


def test_the_days_payments_are_exported_once_and_the_file_comes_back_byte_for_byte(database: Database) -> None:
    world = build(database)
    payouts = add_payouts(database, TODAY, world.customer_id, world.debtor_id)
    add_payouts(database, TODAY + dt.timedelta(days=1), world.customer_id, world.debtor_id)  # another day
    register(world, world.customer_id)

    with database.unit_of_work(write=False) as uow:
        due = transfers.due(uow, world.operations, TODAY)
    assert [(p.kind, p.payment_id, p.amount) for p in due.payable] == [
        ("purchase", *payouts.purchase),
        ("discount", *payouts.discount),
        ("claim", *payouts.claim),
    ]
    assert due.total == 993_105 + 1_980_000 + 1_500_000

    record = export(world)
    assert (record.count, record.total, record.transfer_date) == (3, 4_473_105, TODAY)
    assert record.sha256 == hashlib.sha256(record.content).hexdigest()
    records = data_records(record.content)
    assert [r[80:90] for r in records] == [b"0000993105", b"0001980000", b"0001500000"]  # 振込金額
    assert [r[101:111] for r in records] == [  # 顧客コード2: the kind's digit and the payment's id
        f"1{payouts.purchase[0]:09d}".encode(),
        f"2{payouts.discount[0]:09d}".encode(),
        f"3{payouts.claim[0]:09d}".encode(),
    ]
    assert all(r[50:80].decode("cp932").rstrip() == "ｺｳｺｳｷﾞﾖｳ(ｶ" for r in records)

    with database.unit_of_work(write=False) as uow:
        name, again = transfers.export_file(uow, world.operations, record.id)
        lines = [
            (line.kind, line.payment_id) for line in uow.session.scalars(select(TransferLine).order_by(TransferLine.id))
        ]
        reasons = [
            h.reason for h in uow.session.scalars(select(StateChange).where(StateChange.entity == "transfer_export"))
        ]
    assert again == record.content and name == f"zengin-{TODAY.isoformat()}-{record.id}.txt"
    assert lines == [
        ("purchase", payouts.purchase[0]),
        ("discount", payouts.discount[0]),
        ("claim", payouts.claim[0]),
    ]
    assert reasons == [f"transfer file for {TODAY.isoformat()}: 3 payments, ¥4,473,105"]

    with pytest.raises(ConflictError) as caught:  # exported once: nothing left on that day
        export(world)
    assert caught.value.code is TransferCode.NOTHING_TO_EXPORT
    with database.unit_of_work(write=False) as uow:
        assert transfers.due(uow, world.operations, TODAY).payable == []
    assert export(world, TODAY + dt.timedelta(days=1)).count == 3  # the next day's are its own


def test_a_blocked_payment_goes_out_in_a_later_export_of_the_same_date(database: Database) -> None:
    world = build(database)
    other = add_customer(database, "乙商事株式会社")
    add_payouts(database, TODAY, world.customer_id, world.debtor_id)
    late = add_payouts(database, TODAY, other, world.debtor_id, proceeds=500_000, advance=700_000, payout=300_000)
    register(world, world.customer_id)
    first = export(world)
    assert first.count == 3
    register(world, other, holder_name="オツショウジ（カ", account_type="4", account_number="12")
    second = export(world)
    assert (second.count, second.total) == (3, 1_500_000)
    assert {r[50:80].decode("cp932").rstrip() for r in data_records(second.content)} == {"ｵﾂｼﾖｳｼﾞ(ｶ"}
    assert {r[42:50] for r in data_records(second.content)} == {b"40000012"}  # 預金種目 and the padded number
    with database.unit_of_work(write=False) as uow:
        held = {(line.kind, line.payment_id) for line in uow.session.scalars(select(TransferLine))}
    assert ("purchase", late.purchase[0]) in held and len(held) == 6


def test_two_exports_at_once_include_each_payment_once(database: Database) -> None:
    world = build(database)
    add_payouts(database, TODAY, world.customer_id, world.debtor_id)
    register(world, world.customer_id)
    outcomes: list[str] = []

    def run(_: int) -> None:
        try:
            outcomes.append(f"exported {export(world).count}")
        except DomainError as error:
            outcomes.append(error.code.value)

    assert at_once(run, range(4), join_timeout=60) == []
    assert sorted(outcomes) == ["NOTHING_TO_EXPORT"] * 3 + ["exported 3"]
    with database.unit_of_work(write=False) as uow:
        assert len(uow.session.scalars(select(TransferLine)).all()) == 3
        assert len(uow.session.scalars(select(TransferExport)).all()) == 1


def test_the_database_refuses_a_payment_in_two_exports(database: Database) -> None:
    world = build(database)
    add_payouts(database, TODAY, world.customer_id, world.debtor_id)
    register(world, world.customer_id)
    record = export(world)
    with database.unit_of_work() as uow:
        first = uow.session.scalars(select(TransferLine)).first()
        assert first is not None
        uow.session.add(
            TransferLine(
                export_id=record.id,
                kind=first.kind,
                payment_id=first.payment_id,
                customer_id=first.customer_id,
                amount=1,
            )
        )
        with pytest.raises(IntegrityError):
            uow.session.flush()


def test_bank_account_changes_are_kept_in_the_history_and_need_the_right_role(database: Database) -> None:
    world = build(database)
    with database.unit_of_work(write=False) as uow, pytest.raises(NotFoundError):
        transfers.bank_account(uow, world.operations, world.customer_id)
    register(world, world.customer_id)
    register(world, world.customer_id, account_number="7654321")
    with database.unit_of_work(write=False) as uow:
        account = transfers.bank_account(uow, world.customer_user, world.customer_id)  # the customer reads its own
        assert account.account_number == "7654321" and account.updated_by == world.operations.user_id
        history = [
            (h.from_state, h.to_state, h.reason)
            for h in uow.session.scalars(select(StateChange).where(StateChange.entity == "bank_account"))
        ]
    assert [h[:2] for h in history] == [(None, "registered"), ("registered", "registered")]
    assert history[0][2] == "bank account registered: 0005-123 普通 0098765 ｺｳｺｳｷﾞﾖｳ(ｶ (ﾐﾂﾋﾞｼ ﾏﾙﾉｳﾁ)"
    assert history[1][2].startswith("bank account changed: 0005-123 普通 0098765")
    assert "→ 0005-123 普通 7654321" in history[1][2]
    data = BankAccountInput.model_validate(KOU_ACCOUNT)
    for actor in (world.customer_user, world.approver):
        with database.unit_of_work() as uow, pytest.raises(ForbiddenError):
            transfers.set_bank_account(uow, actor, world.customer_id, data, today=TODAY)
    with database.unit_of_work() as uow, pytest.raises(ForbiddenError):
        transfers.export(uow, world.underwriter, TODAY, ORIGINATOR)
