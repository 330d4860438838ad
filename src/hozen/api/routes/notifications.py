"""The notification centre: staff work items and alerts, customers' own reminders, each read or unread."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from hozen.api.deps import CurrentActor, ReadUow, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.operations import NotificationOut
from hozen.services import portfolio, presenters

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])

NotificationId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/notifications")
def list_notifications(
    actor: CurrentActor, uow: ReadUow, open_only: bool = True, unread_only: bool = False
) -> list[NotificationOut]:
    entries = portfolio.notifications(uow, actor, open_only=open_only, unread_only=unread_only)
    return [presenters.notification_out(entry) for entry in entries]


@router.post("/notifications/{notification_id}/read")
def mark_notification_read(notification_id: NotificationId, actor: CurrentActor, uow: WriteUow) -> NotificationOut:
    return presenters.notification_out(portfolio.mark_read(uow, actor, notification_id))
