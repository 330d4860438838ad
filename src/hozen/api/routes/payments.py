"""Payments (入金) of guarantee-fee invoices."""

from __future__ import annotations

from fastapi import APIRouter, status

from hozen.api.deps import CurrentActor, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.reviews import PaymentInput, PaymentOut
from hozen.services import guarantees, presenters

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])


@router.post("/payments", status_code=status.HTTP_201_CREATED)
def record_payment(data: PaymentInput, actor: CurrentActor, uow: WriteUow, today: Today) -> PaymentOut:
    payment = guarantees.record_payment(uow, actor, data, today=today)
    return presenters.payment_out(uow, payment)
