"""Customer companies (お客様): registration, documents, products and their own limit."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from hozen.api.deps import CompanyPolicy, CurrentActor, ReadUow, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.api.routes.limit_changes import WAITS, request_limit_change
from hozen.contract.base import Id
from hozen.contract.companies import CustomerInput, CustomerOut, CustomerUpdate, DocumentInput, LimitInput
from hozen.contract.registration import RegistrationInput
from hozen.domain.states import Entity
from hozen.services import portfolio, registration

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])


@router.post("/customers", status_code=status.HTTP_201_CREATED)
def create_customer(
    data: CustomerInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> CustomerOut:
    customer = registration.create_customer(uow, actor, data, today=today)
    return registration.customer_out(uow, customer, policy, today)


@router.get("/customers")
def list_customers(actor: CurrentActor, uow: ReadUow, today: Today, policy: CompanyPolicy) -> list[CustomerOut]:
    return [registration.customer_out(uow, c, policy, today) for c in portfolio.customers(uow, actor)]


@router.get("/customers/{customer_id}")
def read_customer(
    customer_id: Id, actor: CurrentActor, uow: ReadUow, today: Today, policy: CompanyPolicy
) -> CustomerOut:
    actor.require_customer(customer_id)
    customer = registration.get_customer(uow, actor, customer_id)
    return registration.customer_out(uow, customer, policy, today)


@router.post("/customers/{customer_id}/documents", status_code=status.HTTP_201_CREATED)
def add_document(
    customer_id: Id, data: DocumentInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> CustomerOut:
    registration.add_document(uow, actor, customer_id, data, today=today)
    return registration.customer_out(uow, registration.get_customer(uow, actor, customer_id), policy, today)


@router.post("/customers/{customer_id}/registration")
def register_customer(
    customer_id: Id, data: RegistrationInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> CustomerOut:
    customer = registration.register_customer(uow, actor, customer_id, data.products, today)
    return registration.customer_out(uow, customer, policy, today)


@router.patch("/customers/{customer_id}")
def update_customer(
    customer_id: Id, data: CustomerUpdate, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> CustomerOut:
    """Change registered facts (fields left out stay); each changed field is recorded before → after
    with the reason."""
    customer = registration.update_customer(uow, actor, customer_id, data, today=today)
    return registration.customer_out(uow, customer, policy, today)


@router.put(
    "/customers/{customer_id}/limit",
    responses={202: {"model": CustomerOut, "description": WAITS}},
)
def set_customer_limit(
    customer_id: Id,
    data: LimitInput,
    actor: CurrentActor,
    uow: WriteUow,
    today: Today,
    policy: CompanyPolicy,
    response: Response,
) -> CustomerOut:
    """Set the customer's own limit with a reason. Raising it above the policy's four-eyes amount (or
    removing it) answers 202: the request waits in ``pending_limit_change`` for a second person."""
    request_limit_change(uow, actor, Entity.CUSTOMER, customer_id, data, policy, today, response)
    return registration.customer_out(uow, registration.get_customer(uow, actor, customer_id), policy, today)
