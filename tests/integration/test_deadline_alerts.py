"""The daily run's alerts at their boundaries: claim deadlines within ten days, registration
certificates expiring within fourteen, and limit utilisation crossing the policy's thresholds, each
raised once, to the right people."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select, update

from hozen.contract.reviews import PaymentInput
from hozen.domain.codes import NoticeKind
from hozen.domain.policy import Policy
from hozen.domain.registration import DocumentKind
from hozen.domain.roles import Role
from hozen.policies import load_policy
from hozen.services import alerts, guarantees
from hozen.store.db import Database
from hozen.store.models import (
    Customer,
    Debtor,
    Guarantee,
    Notification,
    OutboxDelivery,
    OutboxEvent,
    RegistrationDocument,
    ReviewRequest,
    User,
)
from tests.integration.scenario import TODAY, World, add_customer, build, make_user
from tests.integration.test_notifications import raise_alerts
from tests.integration.test_workflow import applied_invoice, approved_review

D = dt.date
CLAIM_KINDS = {NoticeKind.CLAIM_DEADLINE_SOON.value, NoticeKind.CLAIM_DEADLINE_SOON_STAFF.value}


def active_guarantees(world: World, amounts: list[int]) -> list[int]:
    """Paid note guarantees in effect, each due 2027-02-26 (claim deadline 2027-03-28)."""
    invoice_id, amount = applied_invoice(world, approved_review(world, amounts))
    key = f"pay-deadline-{invoice_id}"
    pay = PaymentInput(invoice_id=invoice_id, amount=amount, received_on=TODAY, idempotency_key=key)
    with world.db.unit_of_work() as uow:
        guarantees.record_payment(uow, world.operations, pay, today=TODAY)
    with world.db.unit_of_work() as uow:
        return guarantees.run_daily(uow, world.operations, today=D(2026, 11, 26)).activated


def recipients(database: Database, notification_id: int) -> set[str]:
    with database.unit_of_work(write=False) as uow:
        query = (
            select(User.role)
            .join(OutboxDelivery, OutboxDelivery.user_id == User.id)
            .join(OutboxEvent, OutboxEvent.id == OutboxDelivery.event_id)
            .where(OutboxEvent.notification_id == notification_id)
        )
        return set(uow.session.scalars(query))


def give_emails(database: Database) -> None:
    with database.unit_of_work() as uow:
        for user in uow.session.scalars(select(User)):
            user.email = f"user{user.id}@example.jp"
        uow.commit()


def test_a_claim_deadline_within_ten_days_reaches_the_customer_and_claims_staff_once(database: Database) -> None:
    world = build(database)
    make_user(database, Role.CLAIMS)
    waiting, claimed = active_guarantees(world, [2_000_000, 1_000_000])
    give_emails(database)
    with database.unit_of_work() as uow:  # a claim was filed for the second: nothing to remind
        uow.session.execute(update(Guarantee).where(Guarantee.id == claimed).values(state="claimed"))
        uow.commit()

    day_before = D(2027, 3, 17)  # the deadline 2027-03-28 is eleven days away
    assert {n.kind for n in raise_alerts(database, day_before)} & CLAIM_KINDS == set()
    raised = [n for n in raise_alerts(database, day_before + dt.timedelta(days=1)) if n.kind in CLAIM_KINDS]
    customer, staff = sorted(raised, key=lambda n: n.kind)
    assert (customer.kind, customer.entity_id, customer.audience) == (
        NoticeKind.CLAIM_DEADLINE_SOON.value,
        waiting,
        "customer",
    )
    assert staff.kind == NoticeKind.CLAIM_DEADLINE_SOON_STAFF.value and staff.entity_id == waiting
    assert "2027年3月28日" in customer.message_ja and "2,000,000円" in customer.message_ja
    assert "甲工業株式会社" in staff.message_ja
    assert recipients(database, customer.id) == {Role.CUSTOMER.value}
    assert recipients(database, staff.id) == {Role.CLAIMS.value}
    assert raise_alerts(database, day_before + dt.timedelta(days=2)) == []  # raised once


def test_a_claim_deadline_already_passed_is_not_reminded(database: Database) -> None:
    world = build(database)
    active_guarantees(world, [2_000_000])
    assert {n.kind for n in raise_alerts(database, D(2027, 3, 29))} & CLAIM_KINDS == set()


def test_each_guarantee_is_reminded_by_the_claim_deadline_of_its_own_policy(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two policies in use, of 20 and 5 claim days: the guarantee reviewed under the first is reminded
    ten days before its own deadline (2027-02-26 + 20 days), not by the other policy's window."""
    world = build(database)
    [waiting] = active_guarantees(world, [2_000_000])
    other_review = approved_review(world, [1_000_000])  # not applied for: its policy is in use all the same
    with database.unit_of_work() as uow:
        own = uow.session.scalars(select(ReviewRequest.policy).where(ReviewRequest.id != other_review)).one()
        other = "west" if own != "west" else "east"
        uow.session.execute(update(ReviewRequest).where(ReviewRequest.id == other_review).values(policy=other))
        uow.commit()
    days = {own: 20, other: 5}

    def with_claim_days(name: str) -> Policy:
        policy = load_policy(name)
        return replace(policy, claim_deadline_days=days.get(name, policy.claim_deadline_days))

    monkeypatch.setattr(alerts, "load_policy", with_claim_days)

    assert {n.kind for n in raise_alerts(database, D(2027, 3, 7))} & CLAIM_KINDS == set()  # eleven days away
    raised = [n for n in raise_alerts(database, D(2027, 3, 8)) if n.kind in CLAIM_KINDS]
    assert sorted((n.kind, n.entity_id) for n in raised) == sorted((kind, waiting) for kind in CLAIM_KINDS)
    assert all("2027年3月18日" in n.message_ja for n in raised)


def test_each_guarantee_matures_by_the_grace_of_its_own_policy(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two policies in use, of 20 and 40 claim days: of two guarantees due the same day (2027-02-26),
    each ends once no claim can come under its own policy (SPEC §9.2), not by the other's window."""
    first, second = build(database), build(database)
    [early] = active_guarantees(first, [2_000_000])
    [late] = active_guarantees(second, [2_000_000])
    with database.unit_of_work() as uow:
        own = uow.session.scalars(select(ReviewRequest.policy).where(ReviewRequest.customer_id == first.customer_id))
        [own_name] = set(own)
        other = "west" if own_name != "west" else "east"
        moved = update(ReviewRequest).where(ReviewRequest.customer_id == second.customer_id).values(policy=other)
        uow.session.execute(moved)
        uow.commit()
    days = {own_name: 20, other: 40}

    def with_claim_days(name: str) -> Policy:
        policy = load_policy(name)
        return replace(policy, claim_deadline_days=days.get(name, policy.claim_deadline_days), maturity_grace_days=0)

    monkeypatch.setattr(guarantees, "load_policy", with_claim_days)

    def matured(day: dt.date) -> list[int]:
        with database.unit_of_work() as uow:
            return guarantees.run_daily(uow, None, today=day).matured

    assert matured(D(2027, 3, 18)) == []  # the 20th claim day: a claim may still come
    assert matured(D(2027, 3, 19)) == [early]
    assert matured(D(2027, 4, 7)) == []
    assert matured(D(2027, 4, 8)) == [late]


def add_document(database: Database, customer_id: int, kind: DocumentKind, issued: dt.date) -> int:
    with database.unit_of_work() as uow:
        document = RegistrationDocument(customer_id=customer_id, kind=kind.value, issue_date=issued, received_on=issued)
        uow.session.add(document)
        uow.commit()
        return document.id


def test_the_newest_certificate_expiring_within_fourteen_days_is_reminded_once(database: Database) -> None:
    customer_id = add_customer(database)
    other_customer = add_customer(database, "丙商事株式会社")
    add_document(database, customer_id, DocumentKind.REGISTRY_CERTIFICATE, D(2026, 8, 20))  # superseded
    expiring = add_document(database, customer_id, DocumentKind.REGISTRY_CERTIFICATE, D(2026, 9, 1))
    add_document(database, customer_id, DocumentKind.SEAL_CERTIFICATE, D(2026, 10, 1))  # valid until 2027-01-01
    add_document(database, customer_id, DocumentKind.FINANCIAL_STATEMENTS, D(2026, 8, 1))  # not dated
    add_document(database, other_customer, DocumentKind.SEAL_CERTIFICATE, D(2026, 8, 15))  # already expired

    assert raise_alerts(database, D(2026, 11, 17)) == []  # valid until 2026-12-01: fifteen days away
    [reminder] = raise_alerts(database, D(2026, 11, 18))
    assert (reminder.kind, reminder.entity, reminder.entity_id, reminder.customer_id, reminder.audience) == (
        NoticeKind.CERTIFICATE_EXPIRING.value,
        "registration_document",
        expiring,
        customer_id,
        "customer",
    )
    assert "履歴事項全部証明書" in reminder.message_ja and "2026年12月1日" in reminder.message_ja
    assert raise_alerts(database, D(2026, 11, 19)) == []  # raised once
    with database.unit_of_work(write=False) as uow:
        assert len(list(uow.session.scalars(select(Notification)))) == 1


LIMIT_KINDS = {NoticeKind.DEBTOR_LIMIT_THRESHOLD.value, NoticeKind.CUSTOMER_LIMIT_THRESHOLD.value}


def limit_alerts(database: Database, today: dt.date = TODAY) -> list[tuple[str, str, int]]:
    return sorted((n.kind, n.entity, n.entity_id) for n in raise_alerts(database, today) if n.kind in LIMIT_KINDS)


def set_net_assets(database: Database, debtor_id: int, net_assets: int) -> None:
    with database.unit_of_work() as uow:
        uow.session.execute(update(Debtor).where(Debtor.id == debtor_id).values(net_assets=net_assets))
        uow.commit()


def test_a_debtor_limit_threshold_is_raised_once_per_crossing_up_down_up(database: Database) -> None:
    """Exposure ¥2,000,000; the debtor's limit is its net assets, moved around the 80 % and 100 % marks."""
    world = build(database, net_assets=2_500_001)
    applied_invoice(world, approved_review(world, [2_000_000]))
    give_emails(database)
    debtor = NoticeKind.DEBTOR_LIMIT_THRESHOLD.value

    assert limit_alerts(database) == []  # 79.99…%: just below
    set_net_assets(database, world.debtor_id, 2_500_000)  # exactly 80 %
    assert limit_alerts(database) == [(debtor, "debtor:80:1", world.debtor_id)]
    assert limit_alerts(database) == []  # still above: raised once
    set_net_assets(database, world.debtor_id, 3_000_000)  # 66 %: the open alert is resolved
    assert limit_alerts(database) == []
    with database.unit_of_work(write=False) as uow:
        [first] = uow.session.scalars(select(Notification).where(Notification.kind == debtor)).all()
        assert first.resolved_at is not None
    set_net_assets(database, world.debtor_id, 2_000_000)  # 100 %: 80 % crossed again, 100 % first time
    assert limit_alerts(database) == [
        (debtor, "debtor:100:1", world.debtor_id),
        (debtor, "debtor:80:2", world.debtor_id),
    ]
    with database.unit_of_work(write=False) as uow:
        full = uow.session.scalars(select(Notification).where(Notification.entity == "debtor:100:1")).one()
        assert "2,000,000円" in full.message_ja and "100%に達しました" in full.message_ja
        full_id = full.id
    assert recipients(database, full_id) == {Role.SENIOR_APPROVER.value, Role.ADMIN.value}


def test_a_customer_limit_alert_is_for_staff_only(database: Database) -> None:
    from hozen.services import portfolio

    world = build(database)
    applied_invoice(world, approved_review(world, [2_000_000]))
    with database.unit_of_work() as uow:
        uow.session.execute(update(Customer).where(Customer.id == world.customer_id).values(own_limit=2_500_000))
        uow.commit()
    [alert] = [n for n in raise_alerts(database, TODAY) if n.kind in LIMIT_KINDS]
    assert (alert.kind, alert.entity, alert.entity_id) == (
        NoticeKind.CUSTOMER_LIMIT_THRESHOLD.value,
        "customer:80:1",
        world.customer_id,
    )
    assert alert.audience == "decide_limits"
    with database.unit_of_work(write=False) as uow:
        assert [e.notification.kind for e in portfolio.notifications(uow, world.customer_user)] == [
            NoticeKind.INVOICE_DUE.value
        ]
