"""Operations: the daily run, the business date ("as of") and the notifications people work from.

The models carry no docstrings on purpose: a docstring would become the schema's description in the
OpenAPI document.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel


class DailyRunOut(BaseModel):
    business_date: dt.date
    activated: list[int]
    matured: list[int]
    lapsed: list[int]
    expired_purchases: list[int]
    expired_reviews: list[int]
    reminders: list[int]
    alerts: list[int]


class BusinessDateInput(BaseModel):
    today: dt.date


class NotificationOut(BaseModel):
    id: int
    audience: str
    customer_id: int | None
    kind: str
    entity: str
    entity_id: int
    message_ja: str
    resolved: bool
    read: bool
    created_at: dt.datetime
