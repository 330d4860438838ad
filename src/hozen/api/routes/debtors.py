"""Debtors (注文者): the companies whose receivables are guaranteed, and their limit."""

from __future__ import annotations

from fastapi import APIRouter, status

from hozen.api.deps import CompanyPolicy, CurrentActor, ReadUow, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.base import Id
from hozen.contract.companies import DebtorClassificationInput, DebtorInput, DebtorOut, LimitInput
from hozen.services import portfolio, registration

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])


@router.post("/debtors", status_code=status.HTTP_201_CREATED)
def create_debtor(
    data: DebtorInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> DebtorOut:
    return registration.debtor_out(uow, registration.create_debtor(uow, actor, data), policy, today)


@router.get("/debtors")
def list_debtors(actor: CurrentActor, uow: ReadUow, today: Today, policy: CompanyPolicy) -> list[DebtorOut]:
    return [registration.debtor_out(uow, d, policy, today) for d in portfolio.debtors(uow, actor)]


@router.get("/debtors/{debtor_id}")
def read_debtor(debtor_id: Id, actor: CurrentActor, uow: ReadUow, today: Today, policy: CompanyPolicy) -> DebtorOut:
    return registration.debtor_out(uow, registration.get_debtor(uow, actor, debtor_id), policy, today)


@router.put("/debtors/{debtor_id}/limit")
def set_debtor_limit(
    debtor_id: Id, data: LimitInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> DebtorOut:
    debtor = registration.set_debtor_limit(uow, actor, debtor_id, data.own_limit)
    return registration.debtor_out(uow, debtor, policy, today)


@router.put("/debtors/{debtor_id}/classification")
def classify_debtor(
    debtor_id: Id,
    data: DebtorClassificationInput,
    actor: CurrentActor,
    uow: WriteUow,
    today: Today,
    policy: CompanyPolicy,
) -> DebtorOut:
    """The debtor's corporate group, prefecture and trade (the keys of the concentration report); null clears."""
    debtor = registration.classify_debtor(uow, actor, debtor_id, data)
    return registration.debtor_out(uow, debtor, policy, today)
