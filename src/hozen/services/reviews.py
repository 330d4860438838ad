"""Review requests (審査依頼), the underwriter's decisions and the four-eyes approval (SPEC §8.2 1–3)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, Protocol, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session, selectinload

from hozen.contract.reviews import LineDecisionInput, ReceivableLineInput
from hozen.domain.codes import CompanyCode, WorkflowCode
from hozen.domain.errors import ConflictError, DomainError
from hozen.domain.guarantees import check_four_eyes, start_date
from hozen.domain.money import Rounding, format_rate, parse_rate, round_yen
from hozen.domain.policy import Policy, Product
from hozen.domain.pricing import PricingTerms, Quote, QuoteRequest, price
from hozen.domain.purchases import earliest_purchase_date
from hozen.domain.roles import Actor, Permission, Role
from hozen.domain.states import REVIEW, Entity, LineDecision, ReviewState
from hozen.policies import load_policy, programme
from hozen.services import duplicates
from hozen.services.common import (
    UnitOfWork,
    collector_paused,
    get_or_404,
    get_visible,
    move,
    not_found,
    note_policy_choice,
    read_visible,
    record_creation,
)
from hozen.services.duplicates import Received
from hozen.services.eligibility_facts import LineChecker, line_findings
from hozen.store.models import Customer, Debtor, ReviewLine, ReviewRequest
from hozen.store.repositories import insert_rows

INDIVIDUAL = "individual"
PURCHASE = "purchase"


@collector_paused()
def submit_review_request(
    uow: UnitOfWork,
    actor: Actor,
    customer_id: int,
    lines: Sequence[ReceivableLineInput],
    *,
    today: dt.date,
    policy_name: str,
    purchase: bool = False,
) -> ReviewRequest:
    """Store the customer's list with each line's eligibility findings as of today.

    ``purchase``: the customer asks the company to buy the notes rather than guarantee them.
    """
    actor.require(Permission.SUBMIT_REVIEW)
    actor.require_customer(customer_id)
    session = uow.session
    customer = get_or_404(session, Customer, customer_id, Entity.CUSTOMER)
    policy = load_policy(policy_name)
    numbers = sorted({line.debtor_corporate_number for line in lines})
    debtors = {
        d.corporate_number: d
        for d in session.scalars(
            select(Debtor)
            .where(Debtor.corporate_number.in_(numbers))
            .options(selectinload(Debtor.public_works_orders), selectinload(Debtor.insolvency_filings))
        )
    }
    unknown = [number for number in numbers if number not in debtors]
    if unknown:
        raise DomainError(CompanyCode.UNKNOWN_DEBTOR, {"corporate_numbers": unknown})
    review = ReviewRequest(
        customer=customer,
        product=PURCHASE if purchase else INDIVIDUAL,
        policy=policy_name,
        state=ReviewState.SUBMITTED.value,
        requested_on=today,
        submitted_by=actor.user_id,
    )
    session.add(review)
    record_creation(session, REVIEW.entity, review, actor=actor, today=today, reason="review request submitted")
    note_policy_choice(session, review, actor=actor, today=today)
    checker = LineChecker(customer, policy, today, purchase)
    starts: dict[str, dt.date] = {}  # by kind: the start depends on nothing else of the line
    rows = []
    for data in lines:
        debtor = debtors[data.debtor_corporate_number]
        as_of = starts.get(data.kind) or starts.setdefault(data.kind, planned_start(data, policy, today, purchase))
        row = data.model_dump(exclude={"debtor_corporate_number", "kind"})
        row.update(review_request_id=review.id, debtor_id=debtor.id, kind=data.kind.value)
        row["eligibility"] = checker.findings_json(debtor, data, as_of)
        rows.append(row)
    _store_lines(session, customer_id, rows)
    session.expire(review, ["lines"])  # stored around the ORM: read them when asked for
    uow.commit()
    return review


_LINES = cast(Table, ReviewLine.__table__)


def _store_lines(session: Session, customer_id: int, rows: list[dict[str, Any]]) -> None:
    """The lines of a new request in one bulk insert, then each duplicate finding added to its line
    (a duplicate names the earlier line, so it is found once every line has its id)."""
    # No RETURNING (SQLAlchemy would build multi-row VALUES statements, which PostgreSQL re-parses per
    # batch: seconds for 10,000 lines): the ids are read back, in the rows' order as their sequence
    # gives them out.
    review_id = rows[0]["review_request_id"]
    insert_rows(session, _LINES, rows)
    stored = session.scalars(select(ReviewLine.id).where(ReviewLine.review_request_id == review_id))
    for row, line_id in zip(rows, sorted(stored), strict=True):
        row["id"] = line_id
    received = [Received(**{field: row[field] for field in Received._fields}) for row in rows]
    found = duplicates.findings(session, customer_id, received, new_request=review_id)
    changed = [
        {"line_id": row["id"], "eligibility": json.dumps([*json.loads(row["eligibility"]), *duplicate])}
        for row, duplicate in zip(rows, found, strict=True)
        if duplicate
    ]
    if changed:
        session.execute(
            update(_LINES).where(_LINES.c.id == bindparam("line_id")).values(eligibility=bindparam("eligibility")),
            changed,
        )


def get_review(uow: UnitOfWork, actor: Actor, review_id: int) -> ReviewRequest:
    return read_visible(uow.session, actor, ReviewRequest, review_id, Entity.REVIEW_REQUEST)


def _review(uow: UnitOfWork, actor: Actor, review_id: int) -> ReviewRequest:
    """The review a command acts on (the command checks the role it needs)."""
    return get_visible(uow.session, actor, ReviewRequest, review_id, Entity.REVIEW_REQUEST)


def start_review(uow: UnitOfWork, actor: Actor, review_id: int, *, today: dt.date) -> ReviewRequest:
    """An underwriter takes the request; from now on only they decide its lines."""
    actor.require(Permission.REVIEW)
    review = _review(uow, actor, review_id)
    move(uow.session, review, REVIEW, ReviewState.IN_REVIEW, actor=actor, today=today, reason="review started")
    review.underwriter_id = actor.user_id
    uow.commit()
    return review


class Kinded(Protocol):
    @property
    def kind(self) -> str: ...


class Receivable(Kinded, Protocol):
    """What the guaranteed amount depends on: a stored line, or a row of one."""

    @property
    def amount(self) -> int: ...
    @property
    def notified(self) -> bool: ...


def max_guaranteed_amount(line: Receivable, today: dt.date) -> int:
    """AR: 80 % of the invoice (floored) unless a payment notice states the amount; notes: the face."""
    if line.kind == Product.AR.value and not line.notified:
        share = programme().in_force(today).ar_guaranteed_share
        return round_yen(line.amount * share, Rounding.DOWN)
    return line.amount


def planned_start(line: Kinded, policy: Policy, today: dt.date, purchase: bool) -> dt.date:
    """When cover (or the purchase) would begin if applied for today."""
    if purchase:
        return earliest_purchase_date(today, policy, Product(line.kind))
    return start_date(today, policy)


def price_line(policy: Policy, line: ReviewLine, amount: int, gross_rate: str, start: dt.date, today: dt.date) -> Quote:
    """The fee of one line from ``start`` to its due date: a guarantee fee, or a purchase fee."""
    product = Product.PURCHASE if line.review.product == PURCHASE else Product(line.kind)
    request = QuoteRequest(product, amount, parse_rate(gross_rate), start, line.due_date)
    return price(request, policy, programme(), PricingTerms.of(policy))


def decide_line(
    uow: UnitOfWork, actor: Actor, review_id: int, line_id: int, data: LineDecisionInput, *, today: dt.date
) -> ReviewLine:
    """Accept (amount, gross rate, fee priced as if applied today) or decline one line."""
    actor.require(Permission.REVIEW)
    review = _review(uow, actor, review_id)
    _require_underwriter(review, actor)
    line = next((candidate for candidate in review.lines if candidate.id == line_id), None)
    if line is None:
        raise not_found(Entity.LINE, line_id)
    policy = load_policy(review.policy)
    bought = review.product == PURCHASE
    as_of = planned_start(line, policy, today, bought)
    findings = line_findings(review.customer, line.debtor, line, policy, as_of, review.requested_on, bought)
    findings += duplicates.findings(uow.session, review.customer_id, [line])[0]
    line.eligibility = json.dumps(findings)
    if not data.accept:
        if not data.reason.strip():
            raise DomainError(WorkflowCode.DECLINE_REASON_REQUIRED)
        _set_decision(line, LineDecision.DECLINED, data.reason)
        uow.commit()
        return line
    if findings:
        raise ConflictError(
            WorkflowCode.LINE_NOT_ELIGIBLE,
            {
                "failures": findings,
                "messages_ja": "、".join(f["message_ja"] for f in findings),
                "messages_en": "; ".join(f["message_en"] for f in findings),
            },
        )
    if data.rate is None:
        raise DomainError(WorkflowCode.RATE_REQUIRED)
    ceiling = max_guaranteed_amount(line, today)
    amount = data.guaranteed_amount or ceiling
    if amount > ceiling:
        raise DomainError(WorkflowCode.GUARANTEED_AMOUNT_TOO_HIGH, {"maximum": ceiling})
    quote = price_line(policy, line, amount, data.rate, as_of, today)
    _set_decision(line, LineDecision.ACCEPTED, "")
    line.guaranteed_amount = amount
    line.gross_rate = format_rate(quote.gross_rate)
    line.subsidy_rate = format_rate(quote.subsidy_rate)
    line.days, line.gross_fee, line.subsidy, line.net_fee = quote.days, quote.gross_fee, quote.subsidy, quote.net_fee
    uow.commit()
    return line


def _set_decision(line: ReviewLine, decision: LineDecision, reason: str) -> None:
    line.decision = decision.value
    line.decline_reason = reason
    if decision is not LineDecision.ACCEPTED:
        line.guaranteed_amount = line.gross_rate = line.subsidy_rate = None
        line.days = line.gross_fee = line.subsidy = line.net_fee = None


def _require_underwriter(review: ReviewRequest, actor: Actor) -> None:
    if review.state != ReviewState.IN_REVIEW.value or review.underwriter_id != actor.user_id:
        raise ConflictError(WorkflowCode.REVIEW_NOT_YOURS, {"state": ReviewState(review.state)})


def submit_for_approval(uow: UnitOfWork, actor: Actor, review_id: int, *, today: dt.date) -> ReviewRequest:
    actor.require(Permission.REVIEW)
    review = _review(uow, actor, review_id)
    _require_underwriter(review, actor)
    pending = [line.id for line in review.lines if line.decision == LineDecision.PENDING]
    if pending:
        raise ConflictError(WorkflowCode.LINES_UNDECIDED, {"line_ids": pending, "count": len(pending)})
    move(uow.session, review, REVIEW, ReviewState.AWAITING_APPROVAL, actor=actor, today=today)
    uow.commit()
    return review


def approve_review(uow: UnitOfWork, actor: Actor, review_id: int, *, today: dt.date) -> ReviewRequest:
    """Four eyes: a second person (senior above the policy amount) approves the review result."""
    actor.require(Permission.APPROVE)
    review = _review(uow, actor, review_id)
    total = sum(line.guaranteed_amount or 0 for line in review.lines if line.decision == LineDecision.ACCEPTED)
    check_four_eyes(
        underwriter_id=review.underwriter_id or 0,
        approver_id=actor.user_id,
        approver_is_senior=actor.role is Role.SENIOR_APPROVER,
        total_amount=total,
        policy=load_policy(review.policy),
    )
    move(uow.session, review, REVIEW, ReviewState.APPROVED, actor=actor, today=today, reason="approved")
    review.approver_id = actor.user_id
    review.approved_on = today
    uow.commit()
    return review


def return_review(uow: UnitOfWork, actor: Actor, review_id: int, reason: str, *, today: dt.date) -> ReviewRequest:
    """The approver sends the result back to the underwriter, always saying why (the customer sees it)."""
    actor.require(Permission.APPROVE)
    review = _review(uow, actor, review_id)
    if not reason.strip():
        raise DomainError(WorkflowCode.RETURN_REASON_REQUIRED)
    move(uow.session, review, REVIEW, ReviewState.IN_REVIEW, actor=actor, today=today, reason=reason)
    uow.commit()
    return review


def withdraw_review(uow: UnitOfWork, actor: Actor, review_id: int, *, today: dt.date) -> ReviewRequest:
    actor.require(Permission.SUBMIT_REVIEW)
    review = _review(uow, actor, review_id)
    move(uow.session, review, REVIEW, ReviewState.WITHDRAWN, actor=actor, today=today, reason="withdrawn")
    uow.commit()
    return review
