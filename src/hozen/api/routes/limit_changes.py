"""Limit changes that wait for a second person (four eyes above the policy's amount): the queue, and
approving or rejecting one. Requests are made with ``PUT /customers/{id}/limit`` or ``/debtors/{id}/limit``."""

from __future__ import annotations

from fastapi import APIRouter

from hozen.api.deps import CurrentActor, ReadUow, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.base import Id
from hozen.contract.companies import DecisionInput, LimitChangeOut, LimitDecisionOut
from hozen.services import limits, registration

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])


@router.get("/limit-changes")
def pending_limit_changes(actor: CurrentActor, uow: ReadUow) -> list[LimitChangeOut]:
    """The limit changes waiting for a second person, oldest first."""
    return [registration.limit_change_out(change) for change in limits.pending(uow, actor)]


@router.get("/limit-changes/{change_id}")
def read_limit_change(change_id: Id, actor: CurrentActor, uow: ReadUow) -> LimitChangeOut:
    return registration.limit_change_out(limits.get_change(uow, actor, change_id))


@router.post("/limit-changes/{change_id}/approve")
def approve_limit_change(
    change_id: Id, data: DecisionInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> LimitDecisionOut:
    """A second person approves: the limit changes now (never by the requester: 403 ``FOUR_EYES_REQUIRED``);
    the held application the request was made for is released if it now fits."""
    decided = limits.approve(uow, actor, change_id, today=today, reason=data.reason)
    released = decided.released.id if decided.released is not None else None
    return LimitDecisionOut(change=registration.limit_change_out(decided.change), released_application_id=released)


@router.post("/limit-changes/{change_id}/reject")
def reject_limit_change(
    change_id: Id, data: DecisionInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> LimitDecisionOut:
    """A second person rejects, with a reason: the limit stays."""
    change = limits.reject(uow, actor, change_id, data.reason, today=today)
    return LimitDecisionOut(change=registration.limit_change_out(change))
