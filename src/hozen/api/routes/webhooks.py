"""Webhook endpoints (administrators): register, list, disable, and read each one's delivery log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from hozen.api.deps import CurrentActor, ReadUow, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.notifications import DeliveryOut, WebhookEndpointCreated, WebhookEndpointInput, WebhookEndpointOut
from hozen.services import webhooks
from hozen.services.common import present

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["notifications"])

EndpointId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.post("/webhook-endpoints", status_code=status.HTTP_201_CREATED)
def create_endpoint(data: WebhookEndpointInput, actor: CurrentActor, uow: WriteUow) -> WebhookEndpointCreated:
    endpoint, secret = webhooks.create(uow, actor, data)
    return present(WebhookEndpointCreated, endpoint, secret=secret)


@router.get("/webhook-endpoints")
def list_endpoints(actor: CurrentActor, uow: ReadUow) -> list[WebhookEndpointOut]:
    return [present(WebhookEndpointOut, endpoint) for endpoint in webhooks.endpoints(uow, actor)]


@router.post("/webhook-endpoints/{endpoint_id}/disable")
def disable_endpoint(endpoint_id: EndpointId, actor: CurrentActor, uow: WriteUow) -> WebhookEndpointOut:
    return present(WebhookEndpointOut, webhooks.disable(uow, actor, endpoint_id))


@router.get("/webhook-endpoints/{endpoint_id}/deliveries")
def endpoint_deliveries(endpoint_id: EndpointId, actor: CurrentActor, uow: ReadUow) -> list[DeliveryOut]:
    return webhooks.deliveries(uow, actor, endpoint_id)
