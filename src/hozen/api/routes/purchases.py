"""Purchases (買取): purchase requests, the papers, execution and settlement."""

from __future__ import annotations

from fastapi import APIRouter, status

from hozen.api.deps import CurrentActor, IdempotencyKey, PolicyName, ReadUow, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.base import Id
from hozen.contract.reviews import PapersInput, PurchaseOut, PurchaseSettlementInput, ReviewOut, ReviewRequestInput
from hozen.services import presenters, purchases, reviews

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])


@router.post("/purchase-requests", status_code=status.HTTP_201_CREATED)
def submit_purchase_request(
    data: ReviewRequestInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: PolicyName
) -> ReviewOut:
    """買取: the customer asks the company to buy notes or e-receivables; reviewed like a guarantee."""
    review = reviews.submit_review_request(
        uow, actor, data.customer_id, data.lines, today=today, policy_name=policy, purchase=True
    )
    return presenters.review_out(review)


@router.get("/purchases/{purchase_id}")
def read_purchase(purchase_id: Id, actor: CurrentActor, uow: ReadUow) -> PurchaseOut:
    return presenters.purchase_out(purchases.get(uow, actor, purchase_id))


@router.post("/purchases/{purchase_id}/papers")
def record_papers(purchase_id: Id, data: PapersInput, actor: CurrentActor, uow: WriteUow, today: Today) -> PurchaseOut:
    return presenters.purchase_out(purchases.record_papers(uow, actor, purchase_id, data, today=today))


@router.post("/purchases/{purchase_id}/execute")
def execute_purchase(
    purchase_id: Id, actor: CurrentActor, uow: WriteUow, today: Today, key: IdempotencyKey = None
) -> PurchaseOut:
    return presenters.purchase_out(purchases.execute(uow, actor, purchase_id, today=today, idempotency_key=key))


@router.post("/purchases/{purchase_id}/settle")
def settle_purchase(
    purchase_id: Id, data: PurchaseSettlementInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> PurchaseOut:
    return presenters.purchase_out(purchases.settle(uow, actor, purchase_id, data, today=today))
