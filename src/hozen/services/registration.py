"""Customers, debtors, registration documents and limits (SPEC §3, §5, §8.1)."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hozen.contract.companies import (
    ChecklistItemOut,
    CustomerInput,
    CustomerOut,
    DebtorInput,
    DebtorOut,
    DocumentInput,
)
from hozen.domain import registration as reg
from hozen.domain.codes import CompanyCode, Decision, DecisionField
from hozen.domain.errors import ConflictError, DomainError
from hozen.domain.identifiers import parse_corporate_number
from hozen.domain.limits import creditor_limit, debtor_limit
from hozen.domain.policy import Policy, Product
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import Entity
from hozen.policies import programme
from hozen.services.common import UnitOfWork, get_or_404, note_decision, present
from hozen.store.models import Customer, Debtor, InsolvencyFiling, PublicWorksOrder, RegistrationDocument, Sanction
from hozen.store.repositories import FieldChange, customer_exposure, debtor_exposure


def _duplicate(company: Entity, number: str) -> ConflictError:
    return ConflictError(CompanyCode.DUPLICATE_CORPORATE_NUMBER, {"company": company, "corporate_number": number})


Company = TypeVar("Company", Customer, Debtor)


def create_customer(uow: UnitOfWork, actor: Actor, data: CustomerInput) -> Customer:
    actor.require(Permission.MANAGE_COMPANIES)
    customer = Customer(
        name=data.name,
        corporate_number=parse_corporate_number(data.corporate_number),
        licence_number=data.licence_number,
        capital=data.capital,
        employees=data.employees,
        direct=data.direct,
        own_limit=data.own_limit,
        sanctions=[Sanction(kind=s.kind, from_date=s.from_date, to_date=s.to_date) for s in data.sanctions],
    )
    return _register(uow, customer, Entity.CUSTOMER)


def create_debtor(uow: UnitOfWork, actor: Actor, data: DebtorInput) -> Debtor:
    actor.require(Permission.MANAGE_COMPANIES)
    debtor = Debtor(
        name=data.name,
        corporate_number=parse_corporate_number(data.corporate_number),
        densai_user_number=data.densai_user_number,
        net_assets=data.net_assets,
        review_base_date=data.review_base_date,
        trading_suspended=data.trading_suspended,
        dishonoured=data.dishonoured,
        unsound=data.unsound,
        own_limit=data.own_limit,
        public_works_orders=[PublicWorksOrder(ordered_on=day) for day in data.public_works_orders],
        insolvency_filings=[
            InsolvencyFiling(filed_on=f.date, kind=f.kind, concluded=f.concluded) for f in data.insolvency_filings
        ],
    )
    return _register(uow, debtor, Entity.DEBTOR)


def _register(uow: UnitOfWork, company: Company, entity: Entity) -> Company:
    """Store a new company, unless its corporate number is already registered (409, also when a
    concurrent registration of the same number wins the race)."""
    model = type(company)
    number = company.corporate_number
    if uow.session.scalar(select(model.id).where(model.corporate_number == number)) is not None:
        raise _duplicate(entity, number)
    uow.session.add(company)
    try:
        uow.session.flush()
    except IntegrityError:
        uow.session.rollback()
        raise _duplicate(entity, number) from None
    uow.commit()
    return company


def add_document(uow: UnitOfWork, actor: Actor, customer_id: int, data: DocumentInput) -> RegistrationDocument:
    actor.require(Permission.MANAGE_COMPANIES)
    customer = get_or_404(uow.session, Customer, customer_id, Entity.CUSTOMER)
    try:
        kind = reg.DocumentKind(data.kind)
    except ValueError:
        raise DomainError(
            CompanyCode.UNKNOWN_DOCUMENT_KIND, {"kind": data.kind, "allowed": [k.value for k in reg.DocumentKind]}
        ) from None
    document = RegistrationDocument(kind=kind.value, issue_date=data.issue_date, received_on=data.received_on)
    customer.documents.append(document)
    uow.commit()
    return document


def checklist(customer: Customer, products: list[Product], today: dt.date) -> tuple[reg.ChecklistItem, ...]:
    """What is missing or stale; once registered, the certificates are judged as of registration."""
    as_of = customer.registered_on or today
    documents = [reg.Document(reg.DocumentKind(d.kind), d.issue_date, d.received_on) for d in customer.documents]
    return reg.checklist(documents, products, as_of)


def register_customer(
    uow: UnitOfWork, actor: Actor, customer_id: int, products: list[Product], today: dt.date
) -> Customer:
    """Complete the first-use registration once every document is there and fresh."""
    actor.require(Permission.MANAGE_COMPANIES)
    customer = get_or_404(uow.session, Customer, customer_id, Entity.CUSTOMER)
    items = checklist(customer, products, today)
    if not reg.is_complete(items):
        raise DomainError(
            CompanyCode.REGISTRATION_INCOMPLETE,
            {
                "missing": [i.kind for i in items if i.status is not reg.DocumentStatus.OK],
                "items": [{"kind": i.kind.value, "status": i.status.value} for i in items],
            },
        )
    customer.registered_on = customer.registered_on or today
    uow.commit()
    return customer


def set_customer_limit(
    uow: UnitOfWork, actor: Actor, customer_id: int, own_limit: int | None, *, today: dt.date, reason: str = ""
) -> Customer:
    actor.require(Permission.DECIDE_LIMITS)
    customer = get_or_404(uow.session, Customer, customer_id, Entity.CUSTOMER)
    _change_limit(uow, actor, customer, Entity.CUSTOMER, own_limit, today, reason)
    return customer


def set_debtor_limit(
    uow: UnitOfWork, actor: Actor, debtor_id: int, own_limit: int | None, *, today: dt.date, reason: str = ""
) -> Debtor:
    actor.require(Permission.DECIDE_LIMITS)
    debtor = get_or_404(uow.session, Debtor, debtor_id, Entity.DEBTOR)
    _change_limit(uow, actor, debtor, Entity.DEBTOR, own_limit, today, reason)
    return debtor


def _change_limit(
    uow: UnitOfWork, actor: Actor, company: Company, entity: Entity, own_limit: int | None, today: dt.date, reason: str
) -> None:
    change = FieldChange(DecisionField.OWN_LIMIT, company.own_limit, own_limit)
    company.own_limit = own_limit
    note_decision(
        uow.session, entity, company.id, Decision.LIMIT_CHANGED, [change], actor=actor, today=today, reason=reason
    )
    uow.commit()


def customer_out(uow: UnitOfWork, customer: Customer, policy: Policy, today: dt.date) -> CustomerOut:
    rules = programme().in_force(today)
    return present(
        CustomerOut,
        customer,
        exposure=customer_exposure(uow.session, customer.id),
        limit=creditor_limit(rules, policy, customer.own_limit),
        checklist=[
            ChecklistItemOut(kind=i.kind.value, label_ja=i.kind.label, status=i.status.value)
            for i in checklist(customer, sorted(policy.products), today)
        ],
    )


def debtor_out(uow: UnitOfWork, debtor: Debtor, policy: Policy, today: dt.date) -> DebtorOut:
    rules = programme().in_force(today)
    return present(
        DebtorOut,
        debtor,
        exposure=debtor_exposure(uow.session, debtor.id),
        limit=debtor_limit(rules, policy, debtor.net_assets, debtor.own_limit),
    )


def get_customer(uow: UnitOfWork, actor: Actor, customer_id: int) -> Customer:
    """Staff see every customer; a customer user only its own company (404 otherwise)."""
    actor.require_customer(customer_id)
    return get_or_404(uow.session, Customer, customer_id, Entity.CUSTOMER)


def get_debtor(uow: UnitOfWork, actor: Actor, debtor_id: int) -> Debtor:
    """Debtor records are staff information (a customer sees only the names on its own lines)."""
    actor.require(Permission.VIEW_PORTFOLIO)
    return get_or_404(uow.session, Debtor, debtor_id, Entity.DEBTOR)
