"""Frame guarantees (枠保証): frame requests, and changes to a frame with their approval."""

from __future__ import annotations

from fastapi import APIRouter, status

from hozen.api.deps import CurrentActor, PolicyName, ReadUow, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.base import Id
from hozen.contract.reviews import FrameChangeInput, FrameChangeOut, FrameRequestInput, ReasonInput, ReviewOut
from hozen.services import frame_guarantees, presenters

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])


@router.post("/frame-requests", status_code=status.HTTP_201_CREATED)
def submit_frame_request(
    data: FrameRequestInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: PolicyName
) -> ReviewOut:
    """A frame guarantee (枠保証) over one construction contract: reviewed like a review request."""
    review = frame_guarantees.submit_frame_request(uow, actor, data, today=today, policy_name=policy)
    return presenters.review_out(review)


@router.post("/guarantees/{guarantee_id}/frame-changes", status_code=status.HTTP_201_CREATED)
def request_frame_change(
    guarantee_id: Id, data: FrameChangeInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> FrameChangeOut:
    change = frame_guarantees.request_frame_change(uow, actor, guarantee_id, data, today=today)
    return presenters.frame_change_out(uow.session, change)


@router.get("/frame-changes/{change_id}")
def read_frame_change(change_id: Id, actor: CurrentActor, uow: ReadUow) -> FrameChangeOut:
    change = frame_guarantees.get_frame_change(uow, actor, change_id)
    return presenters.frame_change_out(uow.session, change)


@router.post("/frame-changes/{change_id}/approve")
def approve_frame_change(change_id: Id, actor: CurrentActor, uow: WriteUow, today: Today) -> FrameChangeOut:
    change = frame_guarantees.approve_frame_change(uow, actor, change_id, today=today)
    return presenters.frame_change_out(uow.session, change)


@router.post("/frame-changes/{change_id}/reject")
def reject_frame_change(
    change_id: Id, data: ReasonInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> FrameChangeOut:
    change = frame_guarantees.reject_frame_change(uow, actor, change_id, data.reason, today=today)
    return presenters.frame_change_out(uow.session, change)
