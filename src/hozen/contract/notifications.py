"""Wire contract of the webhook endpoints that receive notifications, and their delivery log.

The models carry no docstrings on purpose: a docstring would become the schema's description in the
OpenAPI document.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from hozen.contract.base import Contract

WEBHOOK_URL_MAX_LENGTH = 500


class WebhookEndpointInput(Contract):
    url: str = Field(
        min_length=1, max_length=WEBHOOK_URL_MAX_LENGTH, title="送信先URL", examples=["https://example.jp/hozen"]
    )
    description: str = Field("", max_length=200, title="説明")


class WebhookEndpointOut(BaseModel):
    id: int
    url: str
    description: str
    active: bool
    created_at: dt.datetime


class WebhookEndpointCreated(WebhookEndpointOut):
    secret: str = Field(description="the HMAC-SHA256 key of the signatures; shown only now, keep it secret")


class DeliveryOut(BaseModel):
    id: int
    event_id: str
    state: str
    attempts: int
    next_attempt_at: dt.datetime
    delivered_at: dt.datetime | None
    last_detail: str | None
