"""Webhook endpoints, managed by an administrator, and their delivery log (SPEC §13: only these
registered addresses ever receive a webhook)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

from sqlalchemy import select

from hozen.contract.notifications import WEBHOOK_URL_MAX_LENGTH, DeliveryOut, WebhookEndpointInput
from hozen.domain.codes import NoticeCode
from hozen.domain.errors import ConflictError, DomainError
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import Entity
from hozen.services.common import UnitOfWork, get_or_404
from hozen.store.models import DeliveryAttempt, OutboxDelivery, OutboxEvent, WebhookEndpoint
from hozen.store.outbox import CANCELLED, PENDING

URL_PATTERN = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
DELIVERY_LOG_LENGTH = 200
_NO_TEXT_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def create(uow: UnitOfWork, actor: Actor, data: WebhookEndpointInput) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint with a new random secret; the secret is returned this once."""
    actor.require(Permission.MANAGE_USERS)
    if not URL_PATTERN.match(data.url) or _NO_TEXT_CONTROLS.search(data.url + data.description):
        raise DomainError(NoticeCode.WEBHOOK_URL_INVALID, {"maximum": WEBHOOK_URL_MAX_LENGTH})
    secret = secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(
        url=data.url, description=data.description.strip(), secret=secret, active=True, created_by=actor.user_id
    )
    uow.session.add(endpoint)
    uow.commit()
    return endpoint, secret


def endpoints(uow: UnitOfWork, actor: Actor) -> Sequence[WebhookEndpoint]:
    actor.require(Permission.MANAGE_USERS)
    return uow.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()


def disable(uow: UnitOfWork, actor: Actor, endpoint_id: int) -> WebhookEndpoint:
    """Stop sending to an endpoint: its pending deliveries are not sent any more."""
    actor.require(Permission.MANAGE_USERS)
    endpoint = get_or_404(uow.session, WebhookEndpoint, endpoint_id, Entity.WEBHOOK_ENDPOINT)
    if not endpoint.active:
        raise ConflictError(NoticeCode.WEBHOOK_ENDPOINT_DISABLED, {"endpoint_id": endpoint_id})
    endpoint.active = False
    pending = select(OutboxDelivery).where(OutboxDelivery.endpoint_id == endpoint_id, OutboxDelivery.state == PENDING)
    for delivery in uow.session.scalars(pending):
        delivery.state = CANCELLED
    uow.commit()
    return endpoint


def deliveries(uow: UnitOfWork, actor: Actor, endpoint_id: int) -> list[DeliveryOut]:
    """The endpoint's delivery log, newest first, with what the receiver last answered."""
    actor.require(Permission.MANAGE_USERS)
    get_or_404(uow.session, WebhookEndpoint, endpoint_id, Entity.WEBHOOK_ENDPOINT)
    last_detail = (
        select(DeliveryAttempt.detail)
        .where(DeliveryAttempt.delivery_id == OutboxDelivery.id)
        .order_by(DeliveryAttempt.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(OutboxDelivery, OutboxEvent.event_id, last_detail)
        .join(OutboxEvent, OutboxEvent.id == OutboxDelivery.event_id)
        .where(OutboxDelivery.endpoint_id == endpoint_id)
        .order_by(OutboxDelivery.id.desc())
        .limit(DELIVERY_LOG_LENGTH)
    )
    return [
        DeliveryOut(
            id=delivery.id,
            event_id=event_id,
            state=delivery.state,
            attempts=delivery.attempts,
            next_attempt_at=delivery.next_attempt_at,
            delivered_at=delivery.delivered_at,
            last_detail=detail,
        )
        for delivery, event_id, detail in uow.session.execute(query)
    ]
