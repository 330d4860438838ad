"""Notifications: staff work items and customers' reminders, written by the workflow."""

from __future__ import annotations

from fastapi import APIRouter

from hozen.api.deps import CurrentActor, ReadUow
from hozen.contract.operations import NotificationOut
from hozen.services import portfolio

router = APIRouter(prefix="/api/v1", tags=["workflow"])


@router.get("/notifications")
def list_notifications(actor: CurrentActor, uow: ReadUow, open_only: bool = True) -> list[NotificationOut]:
    return [
        NotificationOut(
            id=n.id,
            audience=n.audience,
            customer_id=n.customer_id,
            kind=n.kind,
            entity=n.entity,
            entity_id=n.entity_id,
            message_ja=n.message_ja,
            resolved=n.resolved_at is not None,
        )
        for n in portfolio.notifications(uow, actor, open_only=open_only)
    ]
