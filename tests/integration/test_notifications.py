"""Alerts and reminders of the daily run, the notification centre, and the outbox delivering them by
e-mail (a real SMTP server, aiosmtpd) and by signed webhook (a real HTTP receiver), on loopback."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select, update

from hozen.config import Settings
from hozen.contract.notifications import WebhookEndpointInput
from hozen.domain.codes import NoticeKind
from hozen.domain.errors import DomainError, NotFoundError
from hozen.domain.roles import Actor
from hozen.services import alerts, applications, outbox, portfolio, webhooks
from hozen.store import admin
from hozen.store import outbox as store_outbox
from hozen.store.db import Database
from hozen.store.models import Debtor, Invoice, Notification, OutboxDelivery, OutboxEvent, User
from hozen.store.outbox import Published, insert_new_notifications
from tests.conftest import PostgresServer
from tests.integration.scenario import TODAY, World, add_customer, build, make_user
from tests.integration.test_workflow import applied_invoice, approved_review, line_ids
from tests.support import TEST_SECRET_KEY

START = dt.datetime(2026, 11, 20, 0, 0, tzinfo=dt.UTC)


class MovableClock:
    """The app clock of these tests: it moves only when the test says so."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def now(self) -> dt.datetime:
        return self.at


class Mailbox:
    """aiosmtpd handler keeping every message it accepted."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"


@dataclass
class Receiver:
    """A webhook receiver on loopback: it answers the queued statuses, then 204."""

    port: int = 0
    statuses: list[int] = field(default_factory=list)
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    hold: threading.Event | None = None  # when set, the first request waits until this is set

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/hozen"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            first = not state.received
            state.received.append((dict(self.headers.items()), body))
            state.arrived.set()
            if first and state.hold is not None:
                state.hold.wait(120)  # a guard, not a timing assertion
            self.send_response(state.statuses.pop(0) if state.statuses else 204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    if state.hold is not None:
        state.hold.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def delivery_settings(database: Database, smtp_port: int = 1) -> Settings:
    return Settings(database_url=database.url, secret_key=TEST_SECRET_KEY, smtp_host="127.0.0.1", smtp_port=smtp_port)


def give_email(database: Database, actor: Actor, address: str) -> None:
    with database.unit_of_work() as uow:
        uow.session.execute(update(User).where(User.id == actor.user_id).values(email=address))
        uow.commit()


def invoice_due_soon(world: World) -> tuple[int, dt.date]:
    """An open fee invoice and a business date one day before it falls due."""
    invoice_id, _ = applied_invoice(world, approved_review(world, [2_000_000]))
    with world.db.unit_of_work(write=False) as uow:
        invoice = uow.session.get(Invoice, invoice_id)
        assert invoice is not None
        return invoice_id, invoice.due_date - dt.timedelta(days=1)


def raise_alerts(database: Database, today: dt.date) -> list[Published]:
    with database.unit_of_work() as uow:
        raised = alerts.raise_alerts(uow, today)
        uow.commit()
        return raised


def test_an_invoice_falling_due_is_reminded_once_then_reported_overdue_once(database: Database) -> None:
    world = build(database)
    invoice_id, today = invoice_due_soon(world)

    assert raise_alerts(database, today - dt.timedelta(days=10)) == []  # not yet within 3 business days
    [reminder] = raise_alerts(database, today)
    assert reminder.kind == NoticeKind.INVOICE_DUE.value and reminder.entity_id == invoice_id
    assert reminder.customer_id == world.customer_id and reminder.audience == "customer"
    assert "お支払期限" in reminder.message_ja and "2,000" not in reminder.message_ja  # the fee, not the face
    assert raise_alerts(database, today) == []  # a second run adds nothing
    [overdue] = raise_alerts(database, today + dt.timedelta(days=5))
    assert overdue.kind == NoticeKind.INVOICE_OVERDUE.value and "過ぎています" in overdue.message_ja
    assert raise_alerts(database, today + dt.timedelta(days=6)) == []


def test_the_daily_run_reports_its_reminders(database: Database) -> None:
    from hozen.services import guarantees

    world = build(database)
    invoice_id, today = invoice_due_soon(world)
    with database.unit_of_work() as uow:
        report = guarantees.run_daily(uow, world.operations, today=today)
    assert report.reminders == [invoice_id] and len(report.alerts) == 1
    with database.unit_of_work() as uow:
        assert guarantees.run_daily(uow, world.operations, today=today).alerts == []


def test_customers_read_only_their_own_notifications_each_user_marks_read(database: Database) -> None:
    world = build(database)
    _, today = invoice_due_soon(world)
    [reminder] = raise_alerts(database, today)
    other_company = make_user(database, world.customer_user.role, add_customer(database, "丙商事株式会社"))
    colleague = make_user(database, world.customer_user.role, world.customer_id)

    with database.unit_of_work(write=False) as uow:
        assert portfolio.notifications(uow, other_company) == []
        [mine] = portfolio.notifications(uow, world.customer_user, unread_only=True)
        assert mine.notification.id == reminder.id and not mine.read
        assert [entry.notification.id for entry in portfolio.notifications(uow, world.operations)] == [reminder.id]
    with database.unit_of_work() as uow, pytest.raises(NotFoundError):
        portfolio.mark_read(uow, other_company, reminder.id)
    with database.unit_of_work() as uow:
        assert portfolio.mark_read(uow, world.customer_user, reminder.id).read
    with database.unit_of_work() as uow:
        portfolio.mark_read(uow, world.customer_user, reminder.id)  # again: nothing changes
    with database.unit_of_work(write=False) as uow:
        assert portfolio.notifications(uow, world.customer_user, unread_only=True) == []
        assert [e.read for e in portfolio.notifications(uow, colleague)] == [False]  # their own mark


def test_a_reminder_arrives_once_by_email_and_once_by_signed_webhook(
    database: Database, receiver: Receiver, mailbox: tuple[Mailbox, int]
) -> None:
    box, smtp_port = mailbox
    world = build(database)
    give_email(database, world.customer_user, "keiri@kou-kogyo.example.jp")
    give_email(database, world.operations, "jimu@hozen.example.jp")  # staff: not the audience of a reminder
    with database.unit_of_work() as uow:
        endpoint, secret = webhooks.create(uow, world.admin, WebhookEndpointInput(url=receiver.url))
    _, today = invoice_due_soon(world)
    [reminder] = raise_alerts(database, today)
    settings = delivery_settings(database, smtp_port)

    assert outbox.run_once(database, settings, "worker-1") == 2
    assert outbox.run_once(database, settings, "worker-1") == 0  # delivered: never again
    raise_alerts(database, today)
    assert outbox.run_once(database, settings, "worker-1") == 0

    [message] = box.messages
    assert message["X-Envelope-To"] == "keiri@kou-kogyo.example.jp" and message["To"] == "keiri@kou-kogyo.example.jp"
    assert message["Subject"] == "【保全】保証料の支払期限間近"
    assert reminder.message_ja in message.get_content()

    [(headers, body)] = receiver.received
    expected = hmac.new(secret.encode(), headers["Hozen-Timestamp"].encode() + b"." + body, hashlib.sha256)
    assert headers["Hozen-Signature"] == "v1=" + expected.hexdigest()
    payload = json.loads(body)
    assert payload["event_id"] == headers["Hozen-Event-Id"] == message["Hozen-Event-Id"]
    assert payload["notification"]["message_ja"] == reminder.message_ja
    # the body as stored: compact JSON, its keys in their order, Japanese as it is (on either database)
    assert list(payload) == ["event_id", "created_at", "notification"]
    assert body.decode() == json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    with database.unit_of_work(write=False) as uow:
        [logged] = webhooks.deliveries(uow, world.admin, endpoint.id)
    assert logged.state == "delivered" and logged.attempts == 1 and logged.last_detail == "HTTP 204"


def test_failed_webhooks_back_off_exponentially_on_the_app_clock(database: Database, receiver: Receiver) -> None:
    clock = MovableClock(START)
    timed = Database(database.url, clock=clock)
    try:
        world = build(timed)
        with timed.unit_of_work() as uow:
            endpoint, _ = webhooks.create(uow, world.admin, WebhookEndpointInput(url=receiver.url))
        receiver.statuses = [500, 503]
        _, today = invoice_due_soon(world)
        raise_alerts(timed, today)
        settings = delivery_settings(timed)  # base 30 s, doubling

        assert outbox.run_once(timed, settings, "w") == 1  # 500
        clock.at = START + dt.timedelta(seconds=29)
        assert outbox.run_once(timed, settings, "w") == 0  # not before 30 s
        clock.at = START + dt.timedelta(seconds=30)
        assert outbox.run_once(timed, settings, "w") == 1  # 503
        clock.at = START + dt.timedelta(seconds=30 + 59)
        assert outbox.run_once(timed, settings, "w") == 0  # then 60 s
        clock.at = START + dt.timedelta(seconds=30 + 60)
        assert outbox.run_once(timed, settings, "w") == 1  # 204
        with timed.unit_of_work(write=False) as uow:
            [logged] = webhooks.deliveries(uow, world.admin, endpoint.id)
        assert (logged.state, logged.attempts) == ("delivered", 3)
        assert len({json.loads(body)["event_id"] for _, body in receiver.received}) == 1  # the same event
    finally:
        timed.dispose()


def test_backoff_doubles_up_to_its_cap() -> None:
    settings = Settings(outbox_backoff_seconds=30, outbox_backoff_cap_seconds=3600)
    waits = [outbox.backoff(attempt, settings).total_seconds() for attempt in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_delivery_that_keeps_failing_stops_after_the_maximum(database: Database) -> None:
    clock = MovableClock(START)
    timed = Database(database.url, clock=clock)
    try:
        world = build(timed)
        give_email(timed, world.customer_user, "keiri@kou-kogyo.example.jp")
        _, today = invoice_due_soon(world)
        raise_alerts(timed, today)
        settings = delivery_settings(timed).model_copy(update={"outbox_max_attempts": 3})  # port 1: refused
        for _ in range(5):
            outbox.run_once(timed, settings, "w")
            clock.at += dt.timedelta(days=1)
        with timed.unit_of_work(write=False) as uow:
            delivery = uow.session.scalars(select(OutboxDelivery)).one()
            assert (delivery.state, delivery.attempts) == ("failed", 3)
    finally:
        timed.dispose()


def test_nothing_is_ever_addressed_to_a_debtor(database: Database, receiver: Receiver) -> None:
    """SPEC §13: every recipient of every channel is a Hozen user concerned or a registered endpoint."""
    world = build(database, net_assets=3_000_000)  # the second application breaches the debtor's limit
    for actor, address in (
        (world.customer_user, "keiri@kou-kogyo.example.jp"),
        (world.operations, "jimu@hozen.example.jp"),
        (world.senior, "joseki@hozen.example.jp"),
        (make_user(database, world.customer_user.role, add_customer(database, "丙商事")), "hei@example.jp"),
    ):
        give_email(database, actor, address)
    with database.unit_of_work() as uow:
        webhooks.create(uow, world.admin, WebhookEndpointInput(url=receiver.url))
    _, today = invoice_due_soon(world)
    held_review = approved_review(world, [2_000_000])
    with database.unit_of_work() as uow:
        [held] = applications.apply(uow, world.customer_user, held_review, line_ids(database, held_review), today=TODAY)
        assert held.state == "held"
    raise_alerts(database, today)
    raise_alerts(database, today + dt.timedelta(days=30))
    outbox.run_once(database, delivery_settings(database), "w")  # e-mail refused (port 1): webhooks sent

    with database.unit_of_work(write=False) as uow:
        debtor = uow.session.get(Debtor, world.debtor_id)
        assert debtor is not None
        users = {user.id: user for user in uow.session.scalars(select(User))}
        sent = uow.session.execute(
            select(OutboxDelivery, Notification)
            .join(OutboxEvent, OutboxEvent.id == OutboxDelivery.event_id)
            .join(Notification, Notification.id == OutboxEvent.notification_id)
        ).all()
        audiences = {notification.audience for _, notification in sent}
        assert audiences == {"customer", "decide_limits"} and {d.channel for d, _ in sent} == {"email", "webhook"}
        for delivery, notification in sent:
            if delivery.channel == "webhook":
                assert delivery.recipient == receiver.url
                continue
            user = users[delivery.user_id or 0]
            assert delivery.recipient == user.email
            if notification.audience == "customer":
                assert user.role == "customer" and user.customer_id == notification.customer_id
            else:
                assert user.role == "senior_approver"  # the staff who decide on limits, no one else
        names = (debtor.name, debtor.corporate_number)
    payloads = [body.decode() for _, body in receiver.received]
    assert len(payloads) == 3 and not any(name in payload for payload in payloads for name in names)
    assert not any(column.name.startswith("debtor") for column in User.__table__.columns)  # no debtor user


def test_webhook_endpoints_are_checked_and_disabled_by_an_admin(database: Database) -> None:
    world = build(database)
    with database.unit_of_work() as uow, pytest.raises(DomainError) as refused:
        webhooks.create(uow, world.admin, WebhookEndpointInput(url="ftp://example.jp/x"))
    assert refused.value.code == "WEBHOOK_URL_INVALID"
    with database.unit_of_work() as uow, pytest.raises(DomainError):
        webhooks.create(uow, world.operations, WebhookEndpointInput(url="https://example.jp/x"))
    with database.unit_of_work() as uow:
        endpoint, secret = webhooks.create(uow, world.admin, WebhookEndpointInput(url="https://example.jp/x"))
    assert len(secret) >= 40
    with database.unit_of_work() as uow:
        assert webhooks.disable(uow, world.admin, endpoint.id).active is False
    with database.unit_of_work() as uow, pytest.raises(DomainError) as again:
        webhooks.disable(uow, world.admin, endpoint.id)
    assert again.value.code == "WEBHOOK_ENDPOINT_DISABLED"


@pytest.mark.postgres
def test_a_worker_killed_mid_delivery_loses_nothing(postgres_server: PostgresServer, receiver: Receiver) -> None:
    """``hozen outbox run`` is SIGKILLed while the receiver holds its request: once the lease has
    expired another worker sends the same event again, and the receiver deduplicates by its id."""
    url = postgres_server.create("hozen_outbox")
    admin.upgrade(url)
    database = Database(url)
    try:
        world = build(database)
        with database.unit_of_work() as uow:
            webhooks.create(uow, world.admin, WebhookEndpointInput(url=receiver.url))
        _, today = invoice_due_soon(world)
        raise_alerts(database, today)
        receiver.hold = threading.Event()
        environment = {**os.environ, "HOZEN_DATABASE_URL": url, "HOZEN_OUTBOX_LEASE_SECONDS": "60"}
        command = [str(Path(sys.executable).parent / "hozen"), "outbox", "run"]
        worker = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            assert receiver.arrived.wait(120), "the worker never delivered"  # a guard, not a timing assertion
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(60)
        receiver.hold.set()

        with database.unit_of_work(write=False) as uow:
            delivery = uow.session.scalars(select(OutboxDelivery)).one()
            assert delivery.state == "pending" and delivery.leased_by and delivery.lease_until is not None
            lease_until = delivery.lease_until
        settings = delivery_settings(database)
        assert outbox.run_once(database, settings, "second") == 0  # the lease still holds
        later = Database(url, clock=MovableClock(lease_until + dt.timedelta(seconds=1)))
        try:
            assert outbox.run_once(later, settings, "second") == 1
        finally:
            later.dispose()
        with database.unit_of_work(write=False) as uow:
            assert uow.session.scalars(select(OutboxDelivery.state)).one() == "delivered"
        first, second = (json.loads(body)["event_id"] for _, body in receiver.received)
        assert first == second
    finally:
        database.dispose()
        postgres_server.drop(url)


def reminders(customer_id: int, invoice_ids: range) -> list[dict[str, Any]]:
    """Notification rows as the daily run builds them: fee reminders to one customer."""
    kind = NoticeKind.INVOICE_DUE
    return [
        {
            "audience": "customer",
            "customer_id": customer_id,
            "kind": kind.value,
            "entity": "invoice",
            "entity_id": invoice_id,
            "message_ja": kind.message_ja({"number": f"INV-{invoice_id}", "amount": 1_000, "due": "12月7日"}),
        }
        for invoice_id in invoice_ids
    ]


def insert_and_publish(database: Database, rows: list[dict[str, Any]]) -> list[int]:
    with database.unit_of_work() as uow:
        inserted = insert_new_notifications(uow.session, rows)
        outbox.publish_rows(uow.session, inserted, uow.clock.now())
        uow.commit()
    return [notification.id for notification in inserted]


def outbox_counts(database: Database) -> tuple[int, int, int]:
    """Notifications, their events, and their deliveries."""
    with database.unit_of_work(write=False) as uow:
        return (
            uow.session.scalar(select(func.count()).select_from(Notification)) or 0,
            uow.session.scalar(select(func.count()).select_from(OutboxEvent)) or 0,
            uow.session.scalar(select(func.count()).select_from(OutboxDelivery)) or 0,
        )


def test_notifications_go_in_batch_by_batch_each_once(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three rows a statement (SQLite's batches; PostgreSQL takes every row in one statement): the rows
    already there are skipped in whichever batch they fall, the ids returned are exactly those inserted,
    and a second run inserts none."""
    world = build(database)
    give_email(database, world.customer_user, "keiri@kou-kogyo.example.jp")
    monkeypatch.setattr(store_outbox, "ROWS_PER_INSERT", 3)
    earlier = insert_and_publish(database, reminders(world.customer_id, range(1, 11, 3)))  # invoices 1, 4, 7, 10

    inserted = insert_and_publish(database, reminders(world.customer_id, range(1, 11)))

    assert len(inserted) == 6 and not set(inserted) & set(earlier)
    with database.unit_of_work(write=False) as uow:
        subjects = uow.session.scalars(select(Notification.entity_id).where(Notification.id.in_(inserted)))
        assert sorted(subjects) == [2, 3, 5, 6, 8, 9]
    assert outbox_counts(database) == (10, 10, 10)  # each once, each with its event and its e-mail
    assert insert_and_publish(database, reminders(world.customer_id, range(1, 11))) == []
    assert outbox_counts(database) == (10, 10, 10)


def test_a_night_of_ten_thousand_notifications_fits_the_bound_parameter_limits(database: Database) -> None:
    """Seven columns of 10,000 rows are 70,000 values: beyond the 65,535 bound parameters psycopg sends
    in one statement, and beyond SQLite's default limit of 32,766 (this build of SQLite may allow more)."""
    world = build(database)
    give_email(database, world.customer_user, "keiri@kou-kogyo.example.jp")

    assert len(insert_and_publish(database, reminders(world.customer_id, range(1, 10_001)))) == 10_000
    assert outbox_counts(database) == (10_000, 10_000, 10_000)
    assert insert_and_publish(database, reminders(world.customer_id, range(1, 10_001))) == []
    assert outbox_counts(database) == (10_000, 10_000, 10_000)
