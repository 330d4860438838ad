"""Debtors (注文者): the companies whose receivables are guaranteed, and their limit."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from hozen.api.deps import CompanyPolicy, CurrentActor, ReadUow, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.api.routes.limit_changes import WAITS, request_limit_change
from hozen.contract.base import Id
from hozen.contract.companies import DebtorClassificationInput, DebtorInput, DebtorOut, DebtorUpdate, LimitInput
from hozen.domain.states import Entity
from hozen.services import portfolio, registration

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])


@router.post("/debtors", status_code=status.HTTP_201_CREATED)
def create_debtor(
    data: DebtorInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> DebtorOut:
    return registration.debtor_out(uow, registration.create_debtor(uow, actor, data, today=today), policy, today)


@router.get("/debtors")
def list_debtors(actor: CurrentActor, uow: ReadUow, today: Today, policy: CompanyPolicy) -> list[DebtorOut]:
    return [registration.debtor_out(uow, d, policy, today) for d in portfolio.debtors(uow, actor)]


@router.get("/debtors/{debtor_id}")
def read_debtor(debtor_id: Id, actor: CurrentActor, uow: ReadUow, today: Today, policy: CompanyPolicy) -> DebtorOut:
    return registration.debtor_out(uow, registration.get_debtor(uow, actor, debtor_id), policy, today)


@router.patch("/debtors/{debtor_id}")
def update_debtor(
    debtor_id: Id, data: DebtorUpdate, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> DebtorOut:
    """Change registered facts (fields left out stay; ``null`` clears net assets or the review base
    date); each changed field is recorded before → after with the reason."""
    debtor = registration.update_debtor(uow, actor, debtor_id, data, today=today)
    return registration.debtor_out(uow, debtor, policy, today)


@router.put(
    "/debtors/{debtor_id}/limit",
    responses={202: {"model": DebtorOut, "description": WAITS}},
)
def set_debtor_limit(
    debtor_id: Id,
    data: LimitInput,
    actor: CurrentActor,
    uow: WriteUow,
    today: Today,
    policy: CompanyPolicy,
    response: Response,
) -> DebtorOut:
    """Set the debtor's own limit with a reason. Raising it above the policy's four-eyes amount (or
    removing it) answers 202: the request waits in ``pending_limit_change`` for a second person."""
    request_limit_change(uow, actor, Entity.DEBTOR, debtor_id, data, policy, today, response)
    return registration.debtor_out(uow, registration.get_debtor(uow, actor, debtor_id), policy, today)


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
    debtor = registration.classify_debtor(uow, actor, debtor_id, data, today=today)
    return registration.debtor_out(uow, debtor, policy, today)
