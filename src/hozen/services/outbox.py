"""The outbox (DESIGN.md "Events leave through an outbox"): every notification becomes an event row in
the transaction that created it, and a worker delivers it at least once by e-mail and by webhook.

Silence (SPEC §13): recipients are only ever users of Hozen — staff of the roles a notification is
addressed to, or users of the customer company it concerns — and webhook endpoints an administrator
registered. Debtors have no users and no addresses in Hozen, so nothing can be addressed to one.

A worker claims due deliveries under a lease (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and commits
the claim before it sends anything; a worker killed mid-delivery leaves its rows leased, and once the
lease expires another worker sends them again. Receivers deduplicate by the event id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
import smtplib
import socket
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from hozen.config import Settings
from hozen.domain.codes import NoticeKind
from hozen.domain.roles import PERMISSIONS, Permission, Role
from hozen.store.db import Database
from hozen.store.models import DeliveryAttempt, Notification, OutboxDelivery, OutboxEvent, User, WebhookEndpoint
from hozen.store.outbox import DELIVERED, FAILED, PENDING, PUBLISHED, Published, insert_rows, lock_due_deliveries
from hozen.store.repositories import id_batches

EMAIL = "email"
WEBHOOK = "webhook"
CUSTOMER_AUDIENCE = "customer"
SIGNATURE_HEADER = "Hozen-Signature"
TIMESTAMP_HEADER = "Hozen-Timestamp"
EVENT_ID_HEADER = "Hozen-Event-Id"
DETAIL_LENGTH = 500
log = logging.getLogger(__name__)


def audience_roles(audience: str) -> frozenset[Role]:
    """The roles a notification is addressed to: ``customer``, or the staff holding a permission."""
    if audience == CUSTOMER_AUDIENCE:
        return frozenset({Role.CUSTOMER})
    return frozenset(role for role in PERMISSIONS[Permission(audience)] if role.is_staff)


def _recipients(notification: Published, users: Sequence[User]) -> list[User]:
    roles = {role.value for role in audience_roles(notification.audience)}
    chosen = [user for user in users if user.role in roles]
    if notification.audience == CUSTOMER_AUDIENCE:
        chosen = [user for user in chosen if user.customer_id == notification.customer_id]
    return chosen


def _payload(event_id: str, notification: Published, created_at: str) -> dict[str, Any]:
    """The webhook body: the event and its notification, nothing about a debtor beyond the message.
    Stored as its compact JSON text (``insert_rows``' ``json_text``)."""
    return {
        "event_id": event_id,
        "created_at": created_at,
        "notification": {
            "id": notification.id,
            "kind": notification.kind,
            "audience": notification.audience,
            "customer_id": notification.customer_id,
            "entity": notification.entity,
            "entity_id": notification.entity_id,
            "message_ja": notification.message_ja,
        },
    }


def publish(session: Session, notification_ids: Sequence[int], now: dt.datetime) -> list[Published]:
    """An outbox event and its deliveries for each notification, in the caller's transaction."""
    notifications = [
        notification
        for batch in id_batches(sorted(notification_ids))
        for notification in session.execute(
            select(*PUBLISHED).where(Notification.id.in_(batch)).order_by(Notification.id)
        )
    ]
    publish_rows(session, notifications, now)
    return notifications


def publish_rows(session: Session, notifications: Sequence[Published], now: dt.datetime) -> None:
    """``publish`` for the notifications just inserted (``insert_new_notifications``).

    The recipients are worked out once per audience and the events and deliveries written by
    ``insert_rows``: a night raising thousands of alerts costs a few statements, not an ORM object
    and a flush each.
    """
    if not notifications:
        return
    users = session.scalars(select(User).where(User.active.is_(True), User.email.is_not(None))).all()
    endpoints = session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))).all()
    events = cast(Table, OutboxEvent.__table__)
    event_rows = []
    created_at = now.isoformat()
    for notification in notifications:
        event_id = str(uuid.uuid4())
        payload = _payload(event_id, notification, created_at)
        event_rows.append({"event_id": event_id, "notification_id": notification.id, "payload": payload})
    inserted = insert_rows(
        session, events, event_rows, returning=[events.c.notification_id, events.c.id], json_text=["payload"]
    )
    event_of = {row.notification_id: row.id for row in inserted}
    addressed: dict[tuple[str, int | None], list[User]] = {}
    deliveries = []
    for notification in notifications:
        audience = (notification.audience, notification.customer_id)
        if audience not in addressed:
            addressed[audience] = _recipients(notification, users)
        event = event_of[notification.id]
        deliveries += [_delivery(event, EMAIL, user.email, now, user_id=user.id) for user in addressed[audience]]
        deliveries += [_delivery(event, WEBHOOK, point.url, now, endpoint_id=point.id) for point in endpoints]
    insert_rows(session, cast(Table, OutboxDelivery.__table__), deliveries)


def _delivery(
    event: int,
    channel: str,
    recipient: str | None,
    now: dt.datetime,
    *,
    user_id: int | None = None,
    endpoint_id: int | None = None,
) -> dict[str, object]:
    """A pending delivery row, due now; every row has the same keys, as one INSERT of many rows needs."""
    return {
        "event_id": event,
        "channel": channel,
        "user_id": user_id,
        "endpoint_id": endpoint_id,
        "recipient": recipient,
        "state": PENDING,
        "attempts": 0,
        "next_attempt_at": now,
    }


def notify(session: Session, notification: Notification, now: dt.datetime) -> None:
    """Add one notification and its outbox event to the caller's transaction."""
    session.add(notification)
    session.flush()
    publish(session, [notification.id], now)


# --- the worker ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Job:
    """What a worker needs to send one delivery, read while it claimed the row."""

    delivery_id: int
    channel: str
    recipient: str
    event_id: str
    payload: str
    subject: str
    body: str
    secret: str


def backoff(attempts: int, settings: Settings) -> dt.timedelta:
    """The wait after the ``attempts``-th failure: doubling from the base, never above the cap."""
    seconds = settings.outbox_backoff_seconds * 2 ** min(attempts - 1, 30)
    return dt.timedelta(seconds=min(seconds, settings.outbox_backoff_cap_seconds))


def claim(database: Database, worker: str, settings: Settings, limit: int = 50) -> list[Job]:
    """Lease up to ``limit`` due deliveries to ``worker`` and commit the lease before sending."""
    with database.unit_of_work() as uow:
        now = uow.clock.now()
        jobs = []
        for delivery in lock_due_deliveries(uow.session, now, limit):
            delivery.lease_until = now + dt.timedelta(seconds=settings.outbox_lease_seconds)
            delivery.leased_by = worker
            event = uow.session.get(OutboxEvent, delivery.event_id)
            notification = uow.session.get(Notification, event.notification_id) if event else None
            assert event is not None and notification is not None
            endpoint = uow.session.get(WebhookEndpoint, delivery.endpoint_id) if delivery.endpoint_id else None
            jobs.append(
                Job(
                    delivery_id=delivery.id,
                    channel=delivery.channel,
                    recipient=delivery.recipient,
                    event_id=event.event_id,
                    payload=event.payload,
                    subject=f"【保全】{NoticeKind.label_of(notification.kind)}",
                    body=f"{notification.message_ja}\n\n{settings.issuer_name}\n（このメールは送信専用です）\n",
                    secret=endpoint.secret if endpoint is not None else "",
                )
            )
        uow.commit()
    return jobs


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``v1=`` and the hex HMAC-SHA256 of ``timestamp.body`` under the endpoint's secret."""
    signed = timestamp.encode("ascii") + b"." + body
    return "v1=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def _send_email(job: Job, settings: Settings) -> str:
    message = EmailMessage()
    message["Subject"] = job.subject
    message["From"] = settings.smtp_sender
    message["To"] = job.recipient
    message["Message-ID"] = make_msgid(idstring=job.event_id)
    message[EVENT_ID_HEADER] = job.event_id
    message.set_content(job.body, charset="utf-8")
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.outbox_timeout_seconds) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
        smtp.send_message(message)
    return "accepted by the SMTP server"


def _post_webhook(job: Job, settings: Settings, now: dt.datetime) -> str:
    body = job.payload.encode("utf-8")
    timestamp = str(int(now.timestamp()))
    request = urllib.request.Request(
        job.recipient,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Hozen-Webhook/1",
            EVENT_ID_HEADER: job.event_id,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature(job.secret, timestamp, body),
        },
    )
    with urllib.request.urlopen(request, timeout=settings.outbox_timeout_seconds) as response:
        return f"HTTP {response.status}"


def send(job: Job, settings: Settings, now: dt.datetime) -> tuple[bool, str]:
    """Send one delivery: whether the receiver accepted it, and what it answered."""
    try:
        detail = _send_email(job, settings) if job.channel == EMAIL else _post_webhook(job, settings, now)
    except urllib.error.HTTPError as error:
        return False, f"HTTP {error.code}"
    except (OSError, smtplib.SMTPException) as error:
        return False, f"{type(error).__name__}: {error}"
    return True, detail


def finish(database: Database, job: Job, worker: str, succeeded: bool, detail: str, settings: Settings) -> None:
    """Log the attempt; mark the delivery delivered, or due again after the backoff, or failed."""
    with database.unit_of_work() as uow:
        now = uow.clock.now()
        delivery = uow.session.scalars(
            select(OutboxDelivery).where(OutboxDelivery.id == job.delivery_id).with_for_update()
        ).one()
        uow.session.add(
            DeliveryAttempt(
                delivery_id=delivery.id, attempted_at=now, succeeded=succeeded, detail=detail[:DETAIL_LENGTH]
            )
        )
        if delivery.state == PENDING:
            delivery.attempts += 1
            delivery.lease_until, delivery.leased_by = None, None
            if succeeded:
                delivery.state, delivery.delivered_at = DELIVERED, now
            elif delivery.attempts >= settings.outbox_max_attempts:
                delivery.state = FAILED
            else:
                delivery.next_attempt_at = now + backoff(delivery.attempts, settings)
        uow.commit()


def run_once(database: Database, settings: Settings, worker: str) -> int:
    """One pass: deliver everything due now; the number of attempts made."""
    attempts = 0
    while jobs := claim(database, worker, settings):
        for job in jobs:
            succeeded, detail = send(job, settings, database.clock.now())
            finish(database, job, worker, succeeded, detail, settings)
            attempts += 1
    return attempts


def run(database: Database, settings: Settings, worker: str, stop: threading.Event) -> None:
    """Deliver until ``stop`` is set, looking for due deliveries every ``outbox_poll_seconds``."""
    while not stop.is_set():
        try:
            run_once(database, settings, worker)
        except SQLAlchemyError:  # the database is away for a moment: what is unsent stays in the outbox
            log.exception("outbox pass failed; retrying in %s s", settings.outbox_poll_seconds)
        stop.wait(settings.outbox_poll_seconds)


def worker_name() -> str:
    """This worker's name on its leases: host, process and thread."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
