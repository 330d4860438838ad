"""Notifications: staff work items and customers' reminders, written by the workflow."""

from __future__ import annotations

from fastapi import APIRouter

from hozen.api.deps import CurrentActor, ReadUow
from hozen.api.retry import RetryingRoute
from hozen.contract.operations import NotificationOut
from hozen.services import portfolio, presenters

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])


@router.get("/notifications")
def list_notifications(actor: CurrentActor, uow: ReadUow, open_only: bool = True) -> list[NotificationOut]:
    return [presenters.notification_out(n) for n in portfolio.notifications(uow, actor, open_only=open_only)]
