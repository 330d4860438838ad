"""Limit changes that wait for a second person (four eyes above the policy's amount): the queue, and
approving or rejecting one. Requests are made with ``PUT /customers/{id}/limit`` or ``/debtors/{id}/limit``."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status

from hozen.api.deps import CurrentActor, ReadUow, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.base import Id
from hozen.contract.companies import DecisionInput, LimitChangeOut, LimitDecisionOut, LimitInput
from hozen.domain.policy import Policy
from hozen.domain.roles import Actor
from hozen.domain.states import Entity
from hozen.services import limits, registration
from hozen.services.common import UnitOfWork

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])

WAITS = "the change waits for a second person's approval"
"""The 202 answer of a limit change above the policy's four-eyes amount."""


def request_limit_change(
    uow: UnitOfWork,
    actor: Actor,
    entity: Entity,
    company_id: int,
    data: LimitInput,
    policy: Policy,
    today: dt.date,
    response: Response,
) -> None:
    """A company's own limit set with a reason (``PUT …/limit``): applied at once, or — raising it above the
    policy's four-eyes amount, or removing it — 202 with the request waiting for a second person."""
    outcome = limits.change_limit(
        uow, actor, entity, company_id, data.own_limit, reason=data.reason, policy=policy, today=today,
        application_id=data.application_id,
    )  # fmt: skip
    if outcome.pending is not None:
        response.status_code = status.HTTP_202_ACCEPTED


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
