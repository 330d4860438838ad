"""Customers, debtors, registration documents and limits (SPEC §3, §5, §8.1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hozen.clock import calendar_today
from hozen.contract.companies import (
    ChecklistItemOut,
    CustomerInput,
    CustomerOut,
    CustomerUpdate,
    DebtorClassificationInput,
    DebtorInput,
    DebtorOut,
    DebtorUpdate,
    DocumentInput,
    FilingInput,
    LimitChangeOut,
    SanctionInput,
)
from hozen.domain import registration as reg
from hozen.domain.codes import CompanyCode, Decision, DecisionField
from hozen.domain.codes.risk import ConcentrationCode, Prefecture, Trade
from hozen.domain.eligibility import SanctionKind
from hozen.domain.errors import ConflictError, DomainError
from hozen.domain.identifiers import parse_corporate_number
from hozen.domain.limits import creditor_limit, debtor_limit
from hozen.domain.policy import Policy, Product
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import Entity
from hozen.formatting import jdate_short
from hozen.policies import programme
from hozen.services import limits
from hozen.services.common import UnitOfWork, get_or_404, note_decision, present
from hozen.store.models import (
    Customer,
    Debtor,
    InsolvencyFiling,
    LimitChange,
    PublicWorksOrder,
    RegistrationDocument,
    Sanction,
)
from hozen.store.repositories import (
    DecisionValue,
    FieldChange,
    business_date,
    customer_exposure,
    debtor_exposure,
)


def _duplicate(company: Entity, number: str) -> ConflictError:
    return ConflictError(CompanyCode.DUPLICATE_CORPORATE_NUMBER, {"company": company, "corporate_number": number})


Company = TypeVar("Company", Customer, Debtor)


def _sanctions(items: list[SanctionInput]) -> list[Sanction]:
    return [Sanction(kind=s.kind, from_date=s.from_date, to_date=s.to_date) for s in items]


def _filings(items: list[FilingInput]) -> list[InsolvencyFiling]:
    return [InsolvencyFiling(filed_on=f.date, kind=f.kind, concluded=f.concluded) for f in items]


def _orders(days: list[dt.date]) -> list[PublicWorksOrder]:
    return [PublicWorksOrder(ordered_on=day) for day in days]


def create_customer(uow: UnitOfWork, actor: Actor, data: CustomerInput, *, today: dt.date | None = None) -> Customer:
    actor.require(Permission.MANAGE_COMPANIES)
    customer = Customer(
        name=data.name,
        corporate_number=parse_corporate_number(data.corporate_number),
        licence_number=data.licence_number,
        capital=data.capital,
        employees=data.employees,
        direct=data.direct,
        own_limit=data.own_limit,
        sanctions=_sanctions(data.sanctions),
    )
    return _register(uow, actor, customer, Entity.CUSTOMER, today)


def create_debtor(uow: UnitOfWork, actor: Actor, data: DebtorInput, *, today: dt.date | None = None) -> Debtor:
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
        public_works_orders=_orders(data.public_works_orders),
        insolvency_filings=_filings(data.insolvency_filings),
    )
    _classify(uow, debtor, data)
    return _register(uow, actor, debtor, Entity.DEBTOR, today)


def classify_debtor(
    uow: UnitOfWork, actor: Actor, debtor_id: int, data: DebtorClassificationInput, *, today: dt.date
) -> Debtor:
    """Set (or clear) a debtor's corporate group, prefecture and trade (the concentration report's keys);
    what changed is recorded before → after."""
    actor.require(Permission.MANAGE_COMPANIES)
    debtor = get_or_404(uow.session, Debtor, debtor_id, Entity.DEBTOR)
    changes = _reclassify(uow, debtor, data)
    if changes:
        note_decision(
            uow.session, Entity.DEBTOR, debtor.id, Decision.COMPANY_CHANGED, changes, actor=actor, today=today
        )
    uow.commit()
    return debtor


def _reclassify(uow: UnitOfWork, debtor: Debtor, data: DebtorClassificationInput) -> list[FieldChange]:
    """Apply a classification; what changed, before → after."""
    before = _classification(debtor)
    _classify(uow, debtor, data)
    return [
        FieldChange(name, old, new)
        for (name, old), new in zip(before.items(), _classification(debtor).values(), strict=True)
        if old != new
    ]


def _classification(debtor: Debtor) -> dict[DecisionField, DecisionValue]:
    """A debtor's classification as its history shows it: codes by their Japanese names."""
    return {
        DecisionField.GROUP_CODE: debtor.group_code,
        DecisionField.GROUP_NAME: debtor.group_name,
        DecisionField.PREFECTURE: None if debtor.prefecture is None else Prefecture(debtor.prefecture),
        DecisionField.TRADE: None if debtor.trade is None else Trade(debtor.trade),
    }


def _classify(uow: UnitOfWork, debtor: Debtor, data: DebtorClassificationInput) -> None:
    """A group code names one group: a second debtor joining it must give the name it is registered under."""
    if data.group_code is not None:
        registered = uow.session.scalar(
            select(Debtor.group_name).where(Debtor.group_code == data.group_code, Debtor.id != debtor.id).limit(1)
        )
        if registered is not None and registered != data.group_name:
            raise ConflictError(
                ConcentrationCode.DEBTOR_GROUP_NAME_CONFLICT, {"group_code": data.group_code, "registered": registered}
            )
    debtor.group_code, debtor.group_name = data.group_code, data.group_name
    debtor.prefecture = None if data.prefecture is None else data.prefecture.value
    debtor.trade = None if data.trade is None else data.trade.value


def _register(uow: UnitOfWork, actor: Actor, company: Company, entity: Entity, today: dt.date | None) -> Company:
    """Store a new company, unless its corporate number is already registered (409, also when a
    concurrent registration of the same number wins the race); its history starts with who registered it."""
    model = type(company)
    number = company.corporate_number
    if uow.session.scalar(select(model.id).where(model.corporate_number == number)) is not None:
        raise _duplicate(entity, number)
    uow.session.add(company)
    _flush_unique(uow, entity, number)
    day = today or business_date(uow.session, calendar_today(uow.clock))
    note_decision(uow.session, entity, company.id, Decision.COMPANY_REGISTERED, [], actor=actor, today=day)
    uow.commit()
    return company


def _flush_unique(uow: UnitOfWork, entity: Entity, number: str) -> None:
    try:
        uow.session.flush()
    except IntegrityError:
        uow.session.rollback()
        raise _duplicate(entity, number) from None


# --- edits: every changed field before → after, with the reason -------------------------------------

CLEARABLE = frozenset({"net_assets", "review_base_date", "densai_user_number"})
"""Fields an edit may empty with ``null``; for the others ``null`` means "unchanged"."""


def _sanction_text(items: Sequence[Sanction | SanctionInput]) -> str | None:
    texts = [f"{SanctionKind.label_of(s.kind)} {jdate_short(s.from_date)}〜{jdate_short(s.to_date)}" for s in items]
    return "、".join(texts) or None


def _filing_text(items: Sequence[InsolvencyFiling]) -> str | None:
    texts = [f"{jdate_short(f.filed_on)} {f.kind}{'（終結決定）' if f.concluded else ''}".strip() for f in items]
    return "、".join(texts) or None


def _order_text(days: Sequence[dt.date]) -> str | None:
    return "、".join(jdate_short(day) for day in days) or None


def _edit(
    uow: UnitOfWork,
    actor: Actor,
    company: Company,
    entity: Entity,
    data: CustomerUpdate | DebtorUpdate,
    today: dt.date,
    lists: Mapping[str, tuple[DecisionValue, DecisionValue, Callable[[], None]]],
    changed: Sequence[FieldChange] = (),
) -> Company:
    """Apply the given fields, record each that changed (and nothing when none did), in one decision
    with the changes already made (``changed``)."""
    given = data.model_fields_set - {"reason"}
    changes = list(changed)
    for name in sorted(given - lists.keys()):
        new = getattr(data, name)
        if new is None and name not in CLEARABLE:
            continue
        if name == "corporate_number":
            new = parse_corporate_number(new)
        old = getattr(company, name)
        if old != new:
            changes.append(FieldChange(DecisionField(name), old, new))
            setattr(company, name, new)
    for name, (old, new, replace) in lists.items():
        if name in given and getattr(data, name) is not None and old != new:
            changes.append(FieldChange(DecisionField(name), old, new))
            replace()
    if not changes:
        return company
    if any(change.field == DecisionField.CORPORATE_NUMBER for change in changes):
        model = type(company)
        taken = select(model.id).where(model.corporate_number == company.corporate_number, model.id != company.id)
        if uow.session.scalar(taken) is not None:
            raise _duplicate(entity, company.corporate_number)
    _flush_unique(uow, entity, company.corporate_number)
    note_decision(
        uow.session, entity, company.id, Decision.COMPANY_CHANGED, changes, actor=actor, today=today,
        reason=data.reason.strip(),
    )  # fmt: skip
    uow.commit()
    return company


def _reason_given(data: CustomerUpdate | DebtorUpdate) -> None:
    if not data.reason.strip():
        raise DomainError(CompanyCode.REASON_REQUIRED)


def update_customer(
    uow: UnitOfWork, actor: Actor, customer_id: int, data: CustomerUpdate, *, today: dt.date
) -> Customer:
    """Change a customer's registered facts (its limit is changed by :mod:`hozen.services.limits`)."""
    actor.require(Permission.MANAGE_COMPANIES)
    customer = get_or_404(uow.session, Customer, customer_id, Entity.CUSTOMER)
    _reason_given(data)
    new_sanctions = data.sanctions or []

    def replace_sanctions() -> None:
        customer.sanctions = _sanctions(new_sanctions)

    lists = {"sanctions": (_sanction_text(customer.sanctions), _sanction_text(new_sanctions), replace_sanctions)}
    return _edit(uow, actor, customer, Entity.CUSTOMER, data, today, lists)


def update_debtor(
    uow: UnitOfWork,
    actor: Actor,
    debtor_id: int,
    data: DebtorUpdate,
    *,
    today: dt.date,
    classification: DebtorClassificationInput | None = None,
) -> Debtor:
    """Change a debtor's registered facts: filings, suspensions, dishonours, net assets, 経審… and, when
    given, its classification, all in one decision with the one reason."""
    actor.require(Permission.MANAGE_COMPANIES)
    debtor = get_or_404(uow.session, Debtor, debtor_id, Entity.DEBTOR)
    _reason_given(data)
    reclassified = [] if classification is None else _reclassify(uow, debtor, classification)
    orders, filings = data.public_works_orders or [], _filings(data.insolvency_filings or [])

    def replace_orders() -> None:
        debtor.public_works_orders = _orders(orders)

    def replace_filings() -> None:
        debtor.insolvency_filings = filings

    lists = {
        "public_works_orders": (
            _order_text([o.ordered_on for o in debtor.public_works_orders]), _order_text(orders), replace_orders
        ),
        "insolvency_filings": (_filing_text(debtor.insolvency_filings), _filing_text(filings), replace_filings),
    }  # fmt: skip
    return _edit(uow, actor, debtor, Entity.DEBTOR, data, today, lists, reclassified)


def add_document(
    uow: UnitOfWork, actor: Actor, customer_id: int, data: DocumentInput, *, today: dt.date | None = None
) -> RegistrationDocument:
    """Record a registration document received; one of a kind already held replaces it (both recorded)."""
    actor.require(Permission.MANAGE_COMPANIES)
    customer = get_or_404(uow.session, Customer, customer_id, Entity.CUSTOMER)
    try:
        kind = reg.DocumentKind(data.kind)
    except ValueError:
        raise DomainError(
            CompanyCode.UNKNOWN_DOCUMENT_KIND, {"kind": data.kind, "allowed": [k.value for k in reg.DocumentKind]}
        ) from None
    held = [d for d in customer.documents if d.kind == kind.value]
    document = RegistrationDocument(kind=kind.value, issue_date=data.issue_date, received_on=data.received_on)
    customer.documents.append(document)
    before = held[-1] if held else None
    changes = [
        FieldChange(DecisionField.DOCUMENT, kind.label if before else None, kind.label),
        FieldChange(DecisionField.ISSUE_DATE, before.issue_date if before else None, data.issue_date),
        FieldChange(DecisionField.RECEIVED_ON, before.received_on if before else None, data.received_on),
    ]
    decision = Decision.DOCUMENT_REPLACED if held else Decision.DOCUMENT_ADDED
    day = today or business_date(uow.session, calendar_today(uow.clock))
    note_decision(uow.session, Entity.CUSTOMER, customer.id, decision, changes, actor=actor, today=day)
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


def customer_out(uow: UnitOfWork, customer: Customer, policy: Policy, today: dt.date) -> CustomerOut:
    rules = programme().in_force(today)
    return present(
        CustomerOut,
        customer,
        exposure=customer_exposure(uow.session, customer.id),
        limit=creditor_limit(rules, policy, customer.own_limit),
        pending_limit_change=_pending_out(uow, Entity.CUSTOMER, customer.id),
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
        public_works_orders=[order.ordered_on for order in debtor.public_works_orders],
        pending_limit_change=_pending_out(uow, Entity.DEBTOR, debtor.id),
        prefecture_ja=None if debtor.prefecture is None else Prefecture.label_of(debtor.prefecture),
        trade_ja=None if debtor.trade is None else Trade.label_of(debtor.trade),
    )


def limit_change_out(change: LimitChange) -> LimitChangeOut:
    return present(LimitChangeOut, change)


def _pending_out(uow: UnitOfWork, entity: Entity, company_id: int) -> LimitChangeOut | None:
    waiting = limits.pending_of(uow.session, entity, company_id)
    return None if waiting is None else limit_change_out(waiting)


def get_customer(uow: UnitOfWork, actor: Actor, customer_id: int) -> Customer:
    """Staff see every customer; a customer user only its own company (404 otherwise)."""
    actor.require_customer(customer_id)
    return get_or_404(uow.session, Customer, customer_id, Entity.CUSTOMER)


def get_debtor(uow: UnitOfWork, actor: Actor, debtor_id: int) -> Debtor:
    """Debtor records are staff information (a customer sees only the names on its own lines)."""
    actor.require(Permission.VIEW_PORTFOLIO)
    return get_or_404(uow.session, Debtor, debtor_id, Entity.DEBTOR)
