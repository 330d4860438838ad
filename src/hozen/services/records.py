"""Past work, found again: a filtered, paged list of each kind of work and one page for each object
with its parties, figures, documents, history and related objects.

What a caller may see is decided here (SPEC §13): staff with the portfolio permission see all; a
customer user only its own company's rows, and another company's object is ``NOT_FOUND``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from hozen.contract.records import PAGE_SIZE, RecordFilter
from hozen.domain.codes import (
    Decision,
    DecisionField,
    HistoryReason,
    Labelled,
    RecordCode,
    RecordKind,
    ReviewProduct,
    find,
)
from hozen.domain.errors import DomainError, NotFoundError
from hozen.domain.policy import FrameChange as ChangeKind
from hozen.domain.policy import Product
from hozen.domain.roles import Actor, Permission, Role
from hozen.domain.states import (
    ApplicationState,
    ClaimState,
    DiscountState,
    Entity,
    FrameChangeState,
    GuaranteeState,
    InvoiceState,
    PurchaseState,
    ReviewState,
)
from hozen.formatting import jdate_short, yen
from hozen.policies import load_policy
from hozen.services.common import UnitOfWork, get_or_404, not_found
from hozen.services.presenters import receivable_number_label
from hozen.store.models import (
    Application,
    Claim,
    Customer,
    Debtor,
    Discount,
    FrameChange,
    Guarantee,
    Invoice,
    Purchase,
    ReviewLine,
    ReviewRequest,
    StateChange,
    User,
)

MAX_ID = 2_147_483_647
Condition = Callable[[int], ColumnElement[bool]]


def _of_guarantees(column: InstrumentedAttribute[int], party: InstrumentedAttribute[int]) -> Condition:
    """Rows whose guarantee belongs to the given customer or debtor."""
    return lambda party_id: column.in_(select(Guarantee.id).where(party == party_id))


@dataclass(frozen=True, slots=True)
class Kind:
    """How one kind of work is stored: its model, states, the date it is listed by, and how its
    customer and debtor are reached."""

    model: type[Any]
    entity: Entity
    states: type[Labelled]
    date: InstrumentedAttribute[dt.date]
    date_label: str
    amount_label: str
    of_customer: Condition
    of_debtor: Condition


def _invoice_of_debtor(debtor_id: int) -> ColumnElement[bool]:
    of_application = Invoice.application_id.in_(select(Application.id).where(Application.debtor_id == debtor_id))
    of_frame = Invoice.frame_change_id.in_(
        select(FrameChange.id)
        .join(Guarantee, FrameChange.guarantee_id == Guarantee.id)
        .where(Guarantee.debtor_id == debtor_id)
    )
    return of_application | of_frame


KINDS: dict[RecordKind, Kind] = {
    RecordKind.REVIEW: Kind(
        ReviewRequest,
        Entity.REVIEW_REQUEST,
        ReviewState,
        ReviewRequest.requested_on,
        "受付日",
        "依頼額",
        lambda c: ReviewRequest.customer_id == c,
        lambda d: ReviewRequest.id.in_(select(ReviewLine.review_request_id).where(ReviewLine.debtor_id == d)),
    ),
    RecordKind.APPLICATION: Kind(
        Application,
        Entity.APPLICATION,
        ApplicationState,
        Application.received_on,
        "申込日",
        "申込金額",
        lambda c: Application.customer_id == c,
        lambda d: Application.debtor_id == d,
    ),
    RecordKind.GUARANTEE: Kind(
        Guarantee,
        Entity.GUARANTEE,
        GuaranteeState,
        Guarantee.start_date,
        "保証開始日",
        "保証金額",
        lambda c: Guarantee.customer_id == c,
        lambda d: Guarantee.debtor_id == d,
    ),
    RecordKind.INVOICE: Kind(
        Invoice,
        Entity.INVOICE,
        InvoiceState,
        Invoice.issued_on,
        "発行日",
        "ご請求額",
        lambda c: Invoice.customer_id == c,
        _invoice_of_debtor,
    ),
    RecordKind.PURCHASE: Kind(
        Purchase,
        Entity.PURCHASE,
        PurchaseState,
        Purchase.purchase_date,
        "振込予定日",
        "額面",
        lambda c: Purchase.customer_id == c,
        lambda d: Purchase.debtor_id == d,
    ),
    RecordKind.DISCOUNT: Kind(
        Discount,
        Entity.DISCOUNT,
        DiscountState,
        Discount.discount_date,
        "割引日",
        "額面",
        lambda c: Discount.customer_id == c,
        _of_guarantees(Discount.guarantee_id, Guarantee.debtor_id),
    ),
    RecordKind.FRAME_CHANGE: Kind(
        FrameChange,
        Entity.FRAME_CHANGE,
        FrameChangeState,
        FrameChange.requested_on,
        "依頼日",
        "変更後の保証極度額",
        _of_guarantees(FrameChange.guarantee_id, Guarantee.customer_id),
        _of_guarantees(FrameChange.guarantee_id, Guarantee.debtor_id),
    ),
    RecordKind.CLAIM: Kind(
        Claim,
        Entity.CLAIM,
        ClaimState,
        Claim.claim_date,
        "請求日",
        "お支払額",
        lambda c: Claim.customer_id == c,
        _of_guarantees(Claim.guarantee_id, Guarantee.debtor_id),
    ),
}


def kind_of(value: str) -> RecordKind:
    """The kind named by a page's path; anything else is ``NOT_FOUND``."""
    if value not in RecordKind._value2member_map_:
        raise NotFoundError(RecordCode.UNKNOWN_RECORD_KIND)
    return RecordKind(value)


def object_id_of(record: RecordKind, text: str) -> int:
    """The id in a page's path; what cannot be an id (not a number, out of range) is ``NOT_FOUND``."""
    if not text.isdecimal() or len(text) > 10 or not 1 <= int(text) <= MAX_ID:
        raise not_found(KINDS[record].entity, text[:20])
    return int(text)


# --- lists ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a records list, in the words of its kind."""

    kind: RecordKind
    id: int
    title: str
    customer: str
    debtor: str
    day: dt.date
    amount: int | None
    state: str


@dataclass(frozen=True, slots=True)
class Listing:
    kind: RecordKind
    rows: Sequence[Row]
    total: int
    page: int
    pages: int
    date_label: str
    amount_label: str
    states: Sequence[Labelled]


def _customer_scope(actor: Actor, wanted: int | None) -> int | None:
    """A customer user sees its own company whatever it asks for; staff need the portfolio permission."""
    if actor.role is Role.CUSTOMER:
        return actor.customer_id
    actor.require(Permission.VIEW_PORTFOLIO)
    return wanted


def _filtered(kind: Kind, record: RecordKind, actor: Actor, wanted: RecordFilter) -> Select[Any]:
    if wanted.state is not None and wanted.state not in kind.states._value2member_map_:
        raise DomainError(RecordCode.UNKNOWN_STATE_FILTER, {"kind": record, "state": wanted.state})
    if wanted.date_from and wanted.date_to and wanted.date_from > wanted.date_to:
        raise DomainError(RecordCode.DATES_REVERSED, {"from": wanted.date_from, "to": wanted.date_to})
    query = select(kind.model)
    customer_id = _customer_scope(actor, wanted.customer_id)
    if customer_id is not None:
        query = query.where(kind.of_customer(customer_id))
    if wanted.debtor_id is not None:
        query = query.where(kind.of_debtor(wanted.debtor_id))
    if wanted.state is not None:
        query = query.where(kind.model.state == wanted.state)
    if wanted.date_from:
        query = query.where(kind.date >= wanted.date_from)
    if wanted.date_to:
        query = query.where(kind.date <= wanted.date_to)
    return query


def list_records(uow: UnitOfWork, actor: Actor, record: RecordKind, wanted: RecordFilter) -> Listing:
    """One page of the rows of ``record`` the actor may see that match the filter, by date (then id)."""
    kind = KINDS[record]
    query = _filtered(kind, record, actor, wanted)
    session = uow.session
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(wanted.page, pages)
    ordering = (kind.date.desc(), kind.model.id.desc()) if wanted.order == "newest" else (kind.date, kind.model.id)
    found = session.scalars(query.order_by(*ordering).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    parties = _Parties(session)
    rows = [_row(session, parties, record, obj) for obj in found]
    return Listing(record, rows, total, page, pages, kind.date_label, kind.amount_label, list(kind.states))


class _Parties:
    """Customer and debtor names, each read once per page."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._customers: dict[int, str] = {}
        self._debtors: dict[int, str] = {}

    def customer(self, customer_id: int) -> str:
        if customer_id not in self._customers:
            self._customers[customer_id] = get_or_404(self.session, Customer, customer_id, Entity.CUSTOMER).name
        return self._customers[customer_id]

    def debtors(self, debtor_ids: Iterable[int]) -> str:
        names = []
        for debtor_id in dict.fromkeys(debtor_ids):
            if debtor_id not in self._debtors:
                self._debtors[debtor_id] = get_or_404(self.session, Debtor, debtor_id, Entity.DEBTOR).name
            names.append(self._debtors[debtor_id])
        return "、".join(names)


@dataclass(frozen=True, slots=True)
class Parties:
    customer: str
    debtor: str


def parties(uow: UnitOfWork, actor: Actor, record: RecordKind, objects: Iterable[Any]) -> dict[int, Parties]:
    """The customer and debtor names of listed objects of one kind, by id (for the work lists)."""
    _customer_scope(actor, None)
    names = _Parties(uow.session)
    found = {}
    for obj in objects:
        customer_id, debtor_ids = _parties_of(uow.session, record, obj)
        found[obj.id] = Parties(names.customer(customer_id), names.debtors(debtor_ids))
    return found


def _invoice_guarantees(session: Session, invoice: Invoice) -> Sequence[Guarantee]:
    if invoice.application_id is not None:
        return session.scalars(select(Guarantee).where(Guarantee.application_id == invoice.application_id)).all()
    change = session.get(FrameChange, invoice.frame_change_id)
    return [change.guarantee] if change is not None else []


def _parties_of(session: Session, record: RecordKind, obj: Any) -> tuple[int, list[int]]:
    """The customer id and the debtor ids of an object."""
    if record is RecordKind.REVIEW:
        return obj.customer_id, [line.debtor_id for line in obj.lines]
    if record in (RecordKind.APPLICATION, RecordKind.GUARANTEE, RecordKind.PURCHASE):
        return obj.customer_id, [obj.debtor_id]
    if record is RecordKind.INVOICE:
        return obj.customer_id, [g.debtor_id for g in _invoice_guarantees(session, obj)]
    guarantee = get_or_404(session, Guarantee, obj.guarantee_id, Entity.GUARANTEE)
    return guarantee.customer_id, [guarantee.debtor_id]


def _title(record: RecordKind, obj: Any) -> str:
    number = getattr(obj, "certificate_number", None) or getattr(obj, "number", None)
    if record is RecordKind.FRAME_CHANGE:
        return f"{ChangeKind.label_of(obj.kind)} {obj.id}"
    return str(number) if number else f"{record.label} {obj.id}"


def _amount(record: RecordKind, obj: Any) -> int | None:
    if record is RecordKind.REVIEW:
        return sum(int(line.amount) for line in obj.lines)
    if record is RecordKind.FRAME_CHANGE:
        return int(obj.new_limit)
    if record is RecordKind.CLAIM:
        paid = obj.paid_amount if obj.paid_amount is not None else obj.payable
        return None if paid is None else int(paid)
    if record in (RecordKind.PURCHASE, RecordKind.DISCOUNT):
        return int(obj.face)
    return int(obj.amount)


def _row(session: Session, parties: _Parties, record: RecordKind, obj: Any) -> Row:
    kind = KINDS[record]
    customer_id, debtor_ids = _parties_of(session, record, obj)
    return Row(
        record,
        obj.id,
        _title(record, obj),
        parties.customer(customer_id),
        parties.debtors(debtor_ids),
        getattr(obj, kind.date.key),
        _amount(record, obj),
        kind.states.label_of(obj.state),
    )


# --- one object -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    """Another object of past work this one is tied to."""

    kind: RecordKind
    id: int
    title: str
    state: str


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: dt.datetime
    business_date: dt.date
    who: str
    from_state: str
    to_state: str
    reason: str
    changes: tuple[ChangedField, ...] = ()


@dataclass(frozen=True, slots=True)
class ChangedField:
    """One field of a recorded decision as people read it: its label, before → after. ``verbatim``: the
    values are identifiers (a login id, a code), shown as typed rather than read as words."""

    label: str
    before: str
    after: str
    verbatim: bool = False


VERBATIM_FIELDS = frozenset(
    {DecisionField.LOGIN, DecisionField.CORPORATE_NUMBER, DecisionField.GROUP_CODE, DecisionField.DENSAI_USER_NUMBER}
)
"""Fields whose values are identifiers rather than words."""


@dataclass(slots=True)
class Detail:
    kind: RecordKind
    id: int
    title: str
    state: str
    customer: str
    debtor: str
    figures: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)


def _visible_object(session: Session, actor: Actor, record: RecordKind, object_id: int) -> Any:
    kind = KINDS[record]
    if actor.role is not Role.CUSTOMER:
        actor.require(Permission.VIEW_PORTFOLIO)
    obj = session.get(kind.model, object_id)
    if obj is None:
        raise not_found(kind.entity, object_id)
    customer_id, _ = _parties_of(session, record, obj)
    if actor.role is Role.CUSTOMER and customer_id != actor.customer_id:
        raise not_found(kind.entity, object_id)
    return obj


def reason_text(reason: str) -> str:
    """A history reason as people read it: codes by their labels, the system's own reasons in
    Japanese (:class:`HistoryReason`), and what a person typed as it was typed."""
    parts = [part.strip() for part in reason.split(",") if part.strip()]
    codes = [find(part) for part in parts]
    if parts and all(code is not None for code in codes):
        return "、".join(code.label for code in codes if code is not None)
    if reason in ChangeKind._value2member_map_:
        return ChangeKind.label_of(reason)
    known = [member for member in HistoryReason if reason.startswith(member.value)]
    if known:
        return max(known, key=lambda member: len(member.value)).label
    return reason


def _history(session: Session, actor: Actor, kind: Kind, object_id: int) -> list[HistoryEntry]:
    return history_of(session, actor, kind.entity, object_id, kind.states)


def history_of(
    session: Session, actor: Actor, entity: Entity, object_id: int, states: type[Labelled] = Decision
) -> list[HistoryEntry]:
    """An object's history in order: its state changes (labelled by ``states``) and the decisions
    recorded on it, each with its fields before → after. A customer sees staff as 当社."""
    rows = session.execute(
        select(StateChange, User)
        .outerjoin(User, StateChange.actor_id == User.id)
        .where(StateChange.entity == entity.value, StateChange.entity_id == object_id)
        .order_by(StateChange.at, StateChange.id)
    ).all()
    entries = []
    for change, user in rows:
        who = "自動処理" if user is None else _seen_as(actor, user)
        entries.append(
            HistoryEntry(
                change.at,
                change.business_date,
                who,
                states.label_of(change.from_state) if change.from_state else "",
                (states if change.changes is None else Decision).label_of(change.to_state),
                reason_text(change.reason),
                _changed_fields(change.changes) if change.changes is not None else (),
            )
        )
    return entries


def business_date_history(uow: UnitOfWork, actor: Actor) -> list[HistoryEntry]:
    """Every change of the business date: who, when, the date before and after (administrators)."""
    actor.require(Permission.MANAGE_USERS)
    return history_of(uow.session, actor, Entity.BUSINESS_DATE, 1)


def _changed_fields(recorded: str) -> tuple[ChangedField, ...]:
    return tuple(
        ChangedField(
            DecisionField.label_of(name), _decision_value(before), _decision_value(after), name in VERBATIM_FIELDS
        )
        for name, before, after in json.loads(recorded)
    )


def _decision_value(value: object) -> str:
    """A recorded value as people read it: amounts with separators, dates in Japanese, nothing as —."""
    if value is None:
        return "（なし）"
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, int):
        return f"{value:,}"
    text = str(value)
    try:
        return jdate_short(dt.date.fromisoformat(text))
    except ValueError:
        return text


def _link(record: RecordKind, obj: Any) -> Link:
    return Link(record, obj.id, _title(record, obj), KINDS[record].states.label_of(obj.state))


def people(uow: UnitOfWork, actor: Actor, user_ids: Iterable[int]) -> dict[int, str]:
    """Users' names by id as ``actor`` may read them: a customer sees staff as 当社."""
    users = uow.session.scalars(select(User).where(User.id.in_(set(user_ids)))).all()
    return {user.id: _seen_as(actor, user) for user in users}


def _seen_as(actor: Actor, user: User) -> str:
    if actor.role is Role.CUSTOMER and user.role != Role.CUSTOMER.value:
        return "当社"
    return user.display_name


def _user_name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user is not None else "—"


def get_record(uow: UnitOfWork, actor: Actor, record: RecordKind, object_id: int) -> Detail:
    """One object of past work as its page shows it."""
    session = uow.session
    obj = _visible_object(session, actor, record, object_id)
    kind = KINDS[record]
    parties = _Parties(session)
    customer_id, debtor_ids = _parties_of(session, record, obj)
    detail = Detail(
        record,
        obj.id,
        _title(record, obj),
        kind.states.label_of(obj.state),
        parties.customer(customer_id),
        parties.debtors(debtor_ids),
    )
    _DESCRIBE[record](session, actor, obj, detail)
    detail.history = _history(session, actor, kind, obj.id)
    return detail


def _describe_review(session: Session, actor: Actor, review: ReviewRequest, detail: Detail) -> None:
    detail.figures += [
        ("商品", ReviewProduct.label_of(review.product)),
        ("受付日", jdate_short(review.requested_on)),
        ("明細", f"{len(review.lines)}件"),
        ("依頼額の合計", yen(sum(line.amount for line in review.lines))),
    ]
    if actor.role is not Role.CUSTOMER:
        detail.figures += [
            ("審査担当", _user_name(session, review.underwriter_id)),
            ("決裁者", _user_name(session, review.approver_id)),
        ]
    if review.approved_on:
        detail.figures.append(("決裁日", jdate_short(review.approved_on)))
    for day, reason in return_reasons(session, review.id):
        detail.notes.append((f"差戻しの理由（{jdate_short(day)}）", reason))
    for line in review.lines:
        if line.decline_reason:
            detail.notes.append((f"謝絶の理由（{line.reference or '明細 ' + str(line.id)}）", line.decline_reason))
    if review.state in (ReviewState.APPROVED, ReviewState.APPLIED, ReviewState.EXPIRED):
        detail.documents.append(Document("審査結果通知書", f"/api/v1/review-requests/{review.id}/result.pdf"))
    detail.related += [
        _link(RecordKind.APPLICATION, a)
        for a in session.scalars(
            select(Application).where(Application.review_request_id == review.id).order_by(Application.id)
        )
    ]


def _describe_application(session: Session, actor: Actor, application: Application, detail: Detail) -> None:
    detail.figures += [
        ("申込日", jdate_short(application.received_on)),
        ("保証開始日", jdate_short(application.start_date)),
        ("申込金額", yen(application.amount)),
        ("事務手数料", yen(application.office_fee)),
    ]
    holds = [code for code in application.hold_reasons.split(",") if code]
    if holds:
        detail.notes.append(("保留の理由", reason_text(",".join(holds))))
    review = get_or_404(session, ReviewRequest, application.review_request_id, Entity.REVIEW_REQUEST)
    detail.related.append(_link(RecordKind.REVIEW, review))
    detail.related += [_link(RecordKind.GUARANTEE, g) for g in application.guarantees]
    detail.related += [_link(RecordKind.PURCHASE, p) for p in application.purchases]
    if application.invoice is not None:
        detail.related.append(_link(RecordKind.INVOICE, application.invoice))


def _describe_guarantee(session: Session, actor: Actor, guarantee: Guarantee, detail: Detail) -> None:
    frame = guarantee.product == Product.FRAME.value
    detail.figures += [
        ("商品", Product.label_of(guarantee.product)),
        ("保証極度額" if frame else "保証金額", yen(guarantee.amount)),
        ("保証期間", f"{jdate_short(guarantee.start_date)}〜{jdate_short(guarantee.end_date)}"),
        ("保証料", yen(guarantee.net_fee)),
        ("助成額", yen(guarantee.subsidy)),
    ]
    if not frame and guarantee.line.reference:
        detail.figures.insert(1, (receivable_number_label(guarantee.line.kind), guarantee.line.reference))
    if guarantee.certificate_issued_on:
        detail.figures.append(("保証承諾書の発行日", jdate_short(guarantee.certificate_issued_on)))
        detail.documents.append(Document("保証承諾書", f"/api/v1/guarantees/{guarantee.id}/certificate.pdf"))
    application = get_or_404(session, Application, guarantee.application_id, Entity.APPLICATION)
    review = get_or_404(session, ReviewRequest, application.review_request_id, Entity.REVIEW_REQUEST)
    detail.related += [_link(RecordKind.REVIEW, review), _link(RecordKind.APPLICATION, application)]
    if application.invoice is not None:
        detail.related.append(_link(RecordKind.INVOICE, application.invoice))
    later: tuple[tuple[type[FrameChange | Claim | Discount], RecordKind], ...] = (
        (FrameChange, RecordKind.FRAME_CHANGE),
        (Claim, RecordKind.CLAIM),
        (Discount, RecordKind.DISCOUNT),
    )
    for model, record in later:
        found = session.scalars(select(model).where(model.guarantee_id == guarantee.id).order_by(model.id))
        detail.related += [_link(record, obj) for obj in found]


def _describe_invoice(session: Session, actor: Actor, invoice: Invoice, detail: Detail) -> None:
    detail.figures += [
        ("請求書番号", invoice.number),
        ("ご請求額", yen(invoice.amount)),
        ("発行日", jdate_short(invoice.issued_on)),
        ("お支払期限", jdate_short(invoice.due_date)),
    ]
    detail.documents.append(Document("保証料請求書", f"/api/v1/invoices/{invoice.id}.pdf"))
    if invoice.application_id is not None:
        application = get_or_404(session, Application, invoice.application_id, Entity.APPLICATION)
        detail.related.append(_link(RecordKind.APPLICATION, application))
    if invoice.frame_change_id is not None:
        change = get_or_404(session, FrameChange, invoice.frame_change_id, Entity.FRAME_CHANGE)
        detail.related.append(_link(RecordKind.FRAME_CHANGE, change))
    detail.related += [_link(RecordKind.GUARANTEE, g) for g in _invoice_guarantees(session, invoice)]


def _describe_purchase(session: Session, actor: Actor, purchase: Purchase, detail: Detail) -> None:
    detail.figures += [
        ("額面", yen(purchase.face)),
        ("振込予定日", jdate_short(purchase.purchase_date)),
        ("支払期日", jdate_short(purchase.due_date)),
        ("買取料", yen(purchase.net_fee)),
        ("振込手数料", yen(purchase.transfer_fee)),
        ("買取代金（お振込額）", yen(purchase.proceeds)),
    ]
    if purchase.executed_on:
        detail.figures.append(("買取実行日", jdate_short(purchase.executed_on)))
    if purchase.number is not None and purchase.executed_on is not None:
        detail.documents.append(Document("買取実行通知書", f"/api/v1/purchases/{purchase.id}/notice.pdf"))
    application = get_or_404(session, Application, purchase.application_id, Entity.APPLICATION)
    review = get_or_404(session, ReviewRequest, application.review_request_id, Entity.REVIEW_REQUEST)
    detail.related += [_link(RecordKind.REVIEW, review), _link(RecordKind.APPLICATION, application)]


def _describe_discount(session: Session, actor: Actor, discount: Discount, detail: Detail) -> None:
    detail.figures += [
        ("額面", yen(discount.face)),
        ("割引日", jdate_short(discount.discount_date)),
        ("支払期日", jdate_short(discount.due_date)),
        ("割引料", yen(discount.discount_fee)),
        ("お振込額", yen(discount.proceeds)),
    ]
    if discount.settled_on:
        detail.figures.append(("決済日", jdate_short(discount.settled_on)))
    guarantee = get_or_404(session, Guarantee, discount.guarantee_id, Entity.GUARANTEE)
    detail.related.append(_link(RecordKind.GUARANTEE, guarantee))


def _describe_frame_change(session: Session, actor: Actor, change: FrameChange, detail: Detail) -> None:
    detail.figures += [
        ("変更の内容", ChangeKind.label_of(change.kind)),
        ("依頼日", jdate_short(change.requested_on)),
        ("保証極度額", f"{yen(change.old_limit)} → {yen(change.new_limit)}"),
        ("保証期間の終期", f"{jdate_short(change.old_end)} → {jdate_short(change.new_end)}"),
        ("保証料", yen(change.net_fee)),
        ("事務手数料", yen(change.office_fee)),
    ]
    if change.effective_from:
        detail.figures.append(("発効日", jdate_short(change.effective_from)))
    detail.related.append(_link(RecordKind.GUARANTEE, change.guarantee))
    invoice = session.scalars(select(Invoice).where(Invoice.frame_change_id == change.id)).first()
    if invoice is not None:
        detail.related.append(_link(RecordKind.INVOICE, invoice))


def _describe_claim(session: Session, actor: Actor, claim: Claim, detail: Detail) -> None:
    detail.figures += [
        ("保証事由", reason_text(claim.trigger)),
        ("事由の発生日", jdate_short(claim.event_date)),
        ("請求日", jdate_short(claim.claim_date)),
        ("お支払額（査定）", yen(claim.payable) or "—"),
    ]
    if claim.paid_on:
        detail.figures += [("お支払日", jdate_short(claim.paid_on)), ("お支払額", yen(claim.paid_amount))]
    if claim.state in (ClaimState.APPROVED, ClaimState.PAID, ClaimState.REJECTED):
        detail.documents.append(Document("保証履行決定通知書", f"/api/v1/claims/{claim.id}/decision.pdf"))
    detail.related.append(_link(RecordKind.GUARANTEE, claim.guarantee))


_DESCRIBE: dict[RecordKind, Callable[[Session, Actor, Any, Detail], None]] = {
    RecordKind.REVIEW: _describe_review,
    RecordKind.APPLICATION: _describe_application,
    RecordKind.GUARANTEE: _describe_guarantee,
    RecordKind.INVOICE: _describe_invoice,
    RecordKind.PURCHASE: _describe_purchase,
    RecordKind.DISCOUNT: _describe_discount,
    RecordKind.FRAME_CHANGE: _describe_frame_change,
    RecordKind.CLAIM: _describe_claim,
}


@dataclass(frozen=True, slots=True)
class ReviewParties:
    """Who a review is for and who works on it, by name, and the fee schedule it is priced by."""

    customer: str
    underwriter: str
    approver: str
    fee_schedule: str
    returns: tuple[tuple[dt.date, str], ...] = ()
    """Each time the approver sent the review back: the business date and the reason, oldest first."""


def review_parties(uow: UnitOfWork, actor: Actor, review_id: int) -> ReviewParties:
    session = uow.session
    review = _visible_object(session, actor, RecordKind.REVIEW, review_id)
    return ReviewParties(
        review.customer.name,
        _user_name(session, review.underwriter_id),
        _user_name(session, review.approver_id),
        load_policy(review.policy).description,
        return_reasons(session, review.id),
    )


def return_reasons(session: Session, review_id: int) -> tuple[tuple[dt.date, str], ...]:
    """The reasons a review was returned from approval to its underwriter, with their business dates."""
    rows = session.execute(
        select(StateChange.business_date, StateChange.reason)
        .where(
            StateChange.entity == Entity.REVIEW_REQUEST.value,
            StateChange.entity_id == review_id,
            StateChange.from_state == ReviewState.AWAITING_APPROVAL.value,
            StateChange.to_state == ReviewState.IN_REVIEW.value,
        )
        .order_by(StateChange.at, StateChange.id)
    ).all()
    return tuple((day, reason) for day, reason in rows)


def filter_choices(uow: UnitOfWork, actor: Actor) -> tuple[Sequence[Customer], Sequence[Debtor]]:
    """The customers and debtors a list can be filtered by: all for staff; for a customer user, its
    own company only and the debtors of its own work."""
    session = uow.session
    if actor.role is Role.CUSTOMER:
        own = session.scalars(select(Customer).where(Customer.id == actor.customer_id)).all()
        debtor_ids = (
            select(ReviewLine.debtor_id).join(ReviewRequest).where(ReviewRequest.customer_id == actor.customer_id)
        )
        return own, session.scalars(select(Debtor).where(Debtor.id.in_(debtor_ids)).order_by(Debtor.id)).all()
    actor.require(Permission.VIEW_PORTFOLIO)
    return (
        session.scalars(select(Customer).order_by(Customer.id)).all(),
        session.scalars(select(Debtor).order_by(Debtor.id)).all(),
    )
