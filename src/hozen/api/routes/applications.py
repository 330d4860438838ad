"""Applications (保証申込) from approved review lines: applied for, released or declined when held."""

from __future__ import annotations

from fastapi import APIRouter, status

from hozen.api.deps import CurrentActor, ReadUow, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.base import Id
from hozen.contract.reviews import ApplicationInput, ApplicationOut, ReasonInput
from hozen.services import applications, presenters

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])


@router.post("/applications", status_code=status.HTTP_201_CREATED)
def apply(data: ApplicationInput, actor: CurrentActor, uow: WriteUow, today: Today) -> list[ApplicationOut]:
    created = applications.apply(
        uow, actor, data.review_id, data.line_ids, today=today, idempotency_key=data.idempotency_key
    )
    return [presenters.application_out(a) for a in created]


@router.get("/applications/{application_id}")
def read_application(application_id: Id, actor: CurrentActor, uow: ReadUow) -> ApplicationOut:
    return presenters.application_out(applications.get_application(uow, actor, application_id))


@router.post("/applications/{application_id}/release")
def release_held(application_id: Id, actor: CurrentActor, uow: WriteUow, today: Today) -> ApplicationOut:
    return presenters.application_out(applications.release_held(uow, actor, application_id, today=today))


@router.post("/applications/{application_id}/decline")
def decline_held(
    application_id: Id, data: ReasonInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> ApplicationOut:
    return presenters.application_out(applications.decline_held(uow, actor, application_id, data.reason, today=today))
