"""The preview of a review request just imported: every line priced at one indicative rate by the
bulk engine (:mod:`hozen.domain.bulk_pricing`), and each debtor's requested total against its limit.

Set-based throughout, so that a list of 10,000 lines or more is previewed in a few queries: the
lines in one query, the debtors in one, the reserved sums in one; the fees of all lines with the
same start date in one bulk batch (the programme's rules of that date), exactly as the scalar
engine prices them one by one. A frame line has no receivable of its own: its fee is 0 here. A line
due before its planned start cannot be guaranteed: it is listed as not priceable, with no fee, and
left out of the requested totals, while the other lines are priced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from sqlalchemy import select

from hozen.domain.bulk_pricing import MILLI, price_batch
from hozen.domain.limits import creditor_limit, debtor_limit
from hozen.domain.money import days_inclusive, parse_rate
from hozen.domain.policy import Product
from hozen.domain.pricing import PricingTerms, check_rate_in_range
from hozen.domain.roles import Actor
from hozen.domain.states import Entity
from hozen.policies import load_policy, programme
from hozen.services.common import UnitOfWork, collector_paused, read_visible
from hozen.services.reviews import PURCHASE, max_guaranteed_amount, planned_start
from hozen.store.models import Debtor, ReviewLine, ReviewRequest
from hozen.store.repositories import reserved_sums


class _Line(NamedTuple):
    id: int
    kind: str
    amount: int
    notified: bool
    due_date: dt.date
    debtor_id: int


@dataclass(frozen=True, slots=True)
class DebtorPreview:
    """One debtor of the request: what its lines could guarantee against what its limit leaves."""

    debtor_id: int
    name: str
    lines: int
    requested: int
    reserved: int
    limit: int

    @property
    def fits(self) -> bool:
        return self.reserved + self.requested <= self.limit


@dataclass(frozen=True, slots=True)
class ReviewPreview:
    """Every line's fee at the indicative rate (by line id), their total, the lines that cannot be
    priced (due before their start), and the limits."""

    rate: str
    line_ids: list[int]
    fees: list[int]
    total_fee: int
    unpriced: list[int]
    debtors: list[DebtorPreview]
    customer_reserved: int
    customer_requested: int
    customer_limit: int

    @property
    def customer_fits(self) -> bool:
        return self.customer_reserved + self.customer_requested <= self.customer_limit


@collector_paused()
def import_preview(uow: UnitOfWork, actor: Actor, review_id: int, rate: str, *, today: dt.date) -> ReviewPreview:
    """The request's lines priced at ``rate`` (gross % p.a.) as if applied for today, in full (the
    most each line may guarantee), and each debtor's and the customer's total against the headroom."""
    session = uow.session
    review = read_visible(session, actor, ReviewRequest, review_id, Entity.REVIEW_REQUEST)
    policy = load_policy(review.policy)
    bought = review.product == PURCHASE
    gross = parse_rate(rate)
    query = select(*(getattr(ReviewLine, field) for field in _Line._fields)).where(
        ReviewLine.review_request_id == review.id
    )
    lines = [_Line(*row) for row in session.execute(query.order_by(ReviewLine.id))]
    amounts = [max_guaranteed_amount(line, today) for line in lines]
    one_of_each_kind = {line.kind: line for line in lines}.values()  # the planned start depends on the kind alone
    start_of = {line.kind: planned_start(line, policy, today, bought) for line in one_of_each_kind}
    starts = [start_of[line.kind] for line in lines]
    priceable = [line.due_date >= start for line, start in zip(lines, starts, strict=True)]
    fees = np.zeros(len(lines), dtype=np.int64)
    terms = PricingTerms.of(policy)
    for start in sorted(set(starts)):
        rules = programme().in_force(start)
        subsidy = rules.subsidy_rate(gross) if terms.subsidised else 0
        check_rate_in_range(policy, Product.PURCHASE if bought else Product.NOTE, gross, gross - subsidy)
        chosen = [
            i
            for i, line in enumerate(lines)
            if starts[i] == start and priceable[i] and line.kind != Product.FRAME.value
        ]
        batch = price_batch(
            np.array([amounts[i] for i in chosen], dtype=np.int64),
            np.full(len(chosen), int(gross * MILLI), dtype=np.int64),
            np.array([days_inclusive(start, lines[i].due_date) for i in chosen], dtype=np.int64),
            terms,
            rules.subsidy_ratio,
            rules.subsidy_cap,
        )
        fees[chosen] = batch.net_fee
    requested: dict[int, list[int]] = {}
    for line, amount, counted in zip(lines, amounts, priceable, strict=True):
        if counted:
            requested.setdefault(line.debtor_id, []).append(amount)
    exposure = reserved_sums(session, sorted(requested), [review.customer_id])
    rules = programme().in_force(today)
    debtors = session.execute(
        select(Debtor.id, Debtor.name, Debtor.net_assets, Debtor.own_limit)
        .where(Debtor.id.in_(sorted(requested)))
        .order_by(Debtor.id)
    ).all()
    return ReviewPreview(
        rate=rate,
        line_ids=[line.id for line in lines],
        fees=[int(fee) for fee in fees],
        total_fee=int(fees.sum()),
        unpriced=[line.id for line, counted in zip(lines, priceable, strict=True) if not counted],
        debtors=[
            DebtorPreview(
                debtor_id=debtor_id,
                name=name,
                lines=len(requested[debtor_id]),
                requested=sum(requested[debtor_id]),
                reserved=exposure.debtors.get(debtor_id, 0),
                limit=debtor_limit(rules, policy, net_assets, own_limit),
            )
            for debtor_id, name, net_assets, own_limit in debtors
        ],
        customer_reserved=exposure.customers.get(review.customer_id, 0),
        customer_requested=sum(map(sum, requested.values())),
        customer_limit=creditor_limit(rules, policy, review.customer.own_limit),
    )
