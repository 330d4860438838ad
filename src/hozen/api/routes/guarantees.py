"""Guarantees (保証): reading one, confirming it paid at maturity, and AR top-ups (売掛金保証②)."""

from __future__ import annotations

from fastapi import APIRouter, status

from hozen.api.deps import CurrentActor, PolicyName, ReadUow, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.base import Id
from hozen.contract.reviews import GuaranteeOut, MaturityInput, ReviewOut, TopUpInput
from hozen.services import frame_guarantees, guarantees, presenters

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])


@router.get("/guarantees/{guarantee_id}")
def read_guarantee(guarantee_id: Id, actor: CurrentActor, uow: ReadUow) -> GuaranteeOut:
    return presenters.guarantee_out(guarantees.get_guarantee(uow, actor, guarantee_id))


@router.post("/guarantees/{guarantee_id}/maturity")
def confirm_paid(
    guarantee_id: Id, data: MaturityInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> GuaranteeOut:
    return presenters.guarantee_out(guarantees.confirm_paid(uow, actor, guarantee_id, data.paid_on, today=today))


@router.post("/guarantees/{guarantee_id}/top-ups", status_code=status.HTTP_201_CREATED)
def submit_top_up(
    guarantee_id: Id, data: TopUpInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: PolicyName
) -> ReviewOut:
    """売掛金保証②: the difference up to the notified amount, as a new review request."""
    review = frame_guarantees.submit_top_up(
        uow, actor, guarantee_id, data.notified_amount, today=today, policy_name=policy
    )
    return presenters.review_out(review)
