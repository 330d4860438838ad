"""Customers and debtors as the staff pages show them: a searched, paged list and one page per company
with its registered facts, its exposure against each limit, documents, live guarantees and history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, cast

from sqlalchemy import func, or_, select

from hozen.contract.records import PAGE_SIZE
from hozen.domain import registration as reg
from hozen.domain.codes import DecisionField
from hozen.domain.codes.risk import ConcentrationBy, Prefecture, Trade
from hozen.domain.eligibility import SanctionKind
from hozen.domain.identifiers import normalise_corporate_number
from hozen.domain.limits import creditor_limit, debtor_limit
from hozen.domain.policy import Policy, Product
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import Entity, GuaranteeState
from hozen.formatting import jdate_short, yen
from hozen.policies import programme
from hozen.services import limits, registration
from hozen.services.common import UnitOfWork, get_or_404
from hozen.services.records import HistoryEntry, history_of
from hozen.store.models import Customer, Debtor, Guarantee, LimitChange
from hozen.store.repositories import customer_exposure, debtor_exposure

MODELS: dict[Entity, type[Customer] | type[Debtor]] = limits.COMPANIES
LIVE = (GuaranteeState.AWAITING_PAYMENT, GuaranteeState.AWAITING_START, GuaranteeState.ACTIVE, GuaranteeState.CLAIMED)
MAX_QUERY = 100


@dataclass(frozen=True, slots=True)
class CompanyRow:
    id: int
    name: str
    corporate_number: str
    exposure: int
    limit: int


@dataclass(frozen=True, slots=True)
class CompanyListing:
    entity: Entity
    rows: Sequence[CompanyRow]
    total: int
    page: int
    pages: int


def company_entity(kind: str) -> Entity:
    """``customers`` or ``debtors`` in a page's path."""
    return {"customers": Entity.CUSTOMER, "debtors": Entity.DEBTOR}[kind]


def _limit(entity: Entity, company: Customer | Debtor, policy: Policy, today: dt.date) -> int:
    rules = programme().in_force(today)
    if isinstance(company, Debtor):
        return debtor_limit(rules, policy, company.net_assets, company.own_limit)
    return creditor_limit(rules, policy, company.own_limit)


def _exposure(uow: UnitOfWork, entity: Entity, company_id: int) -> int:
    exposure = debtor_exposure if entity is Entity.DEBTOR else customer_exposure
    return exposure(uow.session, company_id)


def search(
    uow: UnitOfWork, actor: Actor, entity: Entity, text: str, page: int, policy: Policy, today: dt.date
) -> CompanyListing:
    """Companies whose name contains ``text`` or whose corporate number starts with its digits, by name."""
    actor.require(Permission.VIEW_PORTFOLIO)
    model = MODELS[entity]
    query = select(model)
    wanted = text.strip()[:MAX_QUERY]
    if wanted:
        digits = normalise_corporate_number(wanted)
        conditions = [model.name.contains(wanted, autoescape=True)]
        if digits.isascii() and digits.isdigit():
            conditions.append(model.corporate_number.startswith(digits, autoescape=True))
        query = query.where(or_(*conditions))
    total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    ordered = query.order_by(model.name, model.id).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    found = cast(Sequence[Customer | Debtor], uow.session.scalars(ordered).all())
    rows = [
        CompanyRow(c.id, c.name, c.corporate_number, _exposure(uow, entity, c.id), _limit(entity, c, policy, today))
        for c in found
    ]
    return CompanyListing(entity, rows, total, page, pages)


@dataclass(frozen=True, slots=True)
class GuaranteeLink:
    id: int
    title: str
    other_party: str
    amount: int
    end_date: dt.date
    state: str


class Fact(NamedTuple):
    """One registered fact as a company's page shows it; ``verbatim``: an identifier, shown as typed."""

    label: str
    value: str
    verbatim: bool = False


@dataclass(slots=True)
class CompanyPage:
    entity: Entity
    company: Customer | Debtor
    facts: list[Fact]
    exposure: int
    limit: int
    caps: list[tuple[str, str]]
    checklist: Sequence[reg.ChecklistItem] = ()
    documents: list[tuple[str, str, str]] = field(default_factory=list)
    guarantees: list[GuaranteeLink] = field(default_factory=list)
    pending: LimitChange | None = None
    changes: Sequence[LimitChange] = ()
    history: list[HistoryEntry] = field(default_factory=list)


def _yes(value: bool) -> str:
    return "はい" if value else "いいえ"


def _customer_facts(customer: Customer) -> list[Fact]:
    sanctions = "、".join(
        f"{SanctionKind.label_of(s.kind)}（{jdate_short(s.from_date)}〜{jdate_short(s.to_date)}）"
        for s in customer.sanctions
    )
    return [
        Fact("法人番号", customer.corporate_number, verbatim=True),
        Fact("建設業許可番号", customer.licence_number or "—"),
        Fact("資本金", yen(customer.capital)),
        Fact("常時使用する従業員数", f"{customer.employees:,}人"),
        Fact("注文者と直接の取引", _yes(customer.direct)),
        Fact("行政処分", sanctions or "なし"),
        Fact("初回登録日", jdate_short(customer.registered_on) or "未登録"),
    ]


def _debtor_facts(debtor: Debtor) -> list[Fact]:
    filings = "、".join(
        f"{jdate_short(f.filed_on)} {f.kind}{'（終結決定）' if f.concluded else ''}".strip()
        for f in debtor.insolvency_filings
    )
    return [
        Fact("法人番号", debtor.corporate_number, verbatim=True),
        Fact("でんさい利用者番号", debtor.densai_user_number or "—", verbatim=True),
        Fact("純資産額", yen(debtor.net_assets) or "不明"),
        Fact("経審の審査基準日", jdate_short(debtor.review_base_date) or "なし"),
        Fact("公共工事の受注日", "、".join(jdate_short(o.ordered_on) for o in debtor.public_works_orders) or "なし"),
        Fact("法的整理の申立て", filings or "なし"),
        Fact("取引停止処分", _yes(debtor.trading_suspended)),
        Fact("不渡り・支払不能", _yes(debtor.dishonoured)),
        Fact("財務の著しい悪化・不正のおそれ", _yes(debtor.unsound)),
        Fact(ConcentrationBy.GROUP.label, debtor.group_name or "なし"),
        Fact(DecisionField.GROUP_CODE.label, debtor.group_code or "—", verbatim=True),
        Fact(ConcentrationBy.PREFECTURE.label, Prefecture.label_of(debtor.prefecture or "") or "未設定"),
        Fact(ConcentrationBy.TRADE.label, Trade.label_of(debtor.trade or "") or "未設定"),
    ]


def _caps(company: Customer | Debtor, policy: Policy, today: dt.date) -> list[tuple[str, str]]:
    rules = programme().in_force(today)
    own = ("個別限度額", yen(company.own_limit) or "なし")
    if isinstance(company, Debtor):
        assets = "不明（限度額 0円）" if company.net_assets is None else yen(max(company.net_assets, 0))
        return [
            ("制度の上限", yen(rules.debtor_limit)),
            ("当社ポリシーの上限", yen(policy.debtor_limit) or "なし"),
            ("純資産額による上限", assets),
            own,
        ]
    return [
        ("制度の上限", yen(rules.creditor_limit)),
        ("当社ポリシーの上限", yen(policy.creditor_limit) or "なし"),
        own,
    ]


def company_page(
    uow: UnitOfWork, actor: Actor, entity: Entity, company_id: int, policy: Policy, today: dt.date
) -> CompanyPage:
    actor.require(Permission.VIEW_PORTFOLIO)
    session = uow.session
    company = get_or_404(session, MODELS[entity], company_id, entity)
    facts = _customer_facts(company) if isinstance(company, Customer) else _debtor_facts(company)
    page = CompanyPage(
        entity,
        company,
        facts,
        _exposure(uow, entity, company_id),
        _limit(entity, company, policy, today),
        _caps(company, policy, today),
    )
    if isinstance(company, Customer):
        page.checklist = registration.checklist(company, sorted(policy.products, key=Product.label_of), today)
        page.documents = [
            (reg.DocumentKind.label_of(d.kind), jdate_short(d.issue_date) or "—", jdate_short(d.received_on))
            for d in company.documents
        ]
    party = Guarantee.customer_id if entity is Entity.CUSTOMER else Guarantee.debtor_id
    live = session.scalars(
        select(Guarantee)
        .where(party == company_id, Guarantee.state.in_([s.value for s in LIVE]))
        .order_by(Guarantee.end_date, Guarantee.id)
    )
    for g in live:
        other_company: Customer | Debtor | None = (
            session.get(Debtor, g.debtor_id) if entity is Entity.CUSTOMER else session.get(Customer, g.customer_id)
        )
        other = other_company.name if other_company is not None else "—"
        title = g.certificate_number or f"保証 {g.id}"
        page.guarantees.append(
            GuaranteeLink(g.id, title, other, g.amount, g.end_date, GuaranteeState.label_of(g.state))
        )
    page.pending = limits.pending_of(session, entity, company_id)
    page.changes = limits.changes_of(uow, actor, entity, company_id)
    page.history = history_of(session, actor, entity, company_id)
    return page
