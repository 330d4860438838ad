"""The eligibility findings of a stored review line: the domain check fed from the store."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from hozen.domain import eligibility as rules
from hozen.domain.policy import Policy, Product
from hozen.policies import programme
from hozen.services.eligibility import output
from hozen.store.models import Customer, Debtor, ReviewLine


def creditor_facts(customer: Customer) -> rules.Creditor:
    return rules.Creditor(
        capital=customer.capital,
        employees=customer.employees,
        sanctions=tuple(rules.Sanction(rules.SanctionKind(s.kind), s.from_date, s.to_date) for s in customer.sanctions),
        direct=customer.direct,
        registered=customer.registered_on is not None,
    )


def debtor_facts(debtor: Debtor) -> rules.Debtor:
    return rules.Debtor(
        public_works_orders=tuple(order.ordered_on for order in debtor.public_works_orders),
        review_base_date=debtor.review_base_date,
        insolvency_filings=tuple(rules.Filing(f.filed_on, f.concluded) for f in debtor.insolvency_filings),
        trading_suspended=debtor.trading_suspended,
        dishonoured=debtor.dishonoured,
        unsound=debtor.unsound,
    )


def line_findings(
    customer: Customer,
    debtor: Debtor,
    line: ReviewLine,
    policy: Policy,
    as_of: dt.date,
    request_date: dt.date,
    purchase: bool = False,
) -> list[dict[str, Any]]:
    """Failures of one line (creditor, debtor and the receivable itself) as stored JSON-ready dicts.

    The application minimum and the limits are judged when the customer applies, over the lines it
    takes up; a frame line has no receivable of its own yet.
    """
    product = Product(line.kind)
    requested = Product.PURCHASE if purchase else product
    receivables = (
        []
        if product is Product.FRAME
        else [
            rules.Receivable(
                kind=product,
                amount=line.amount,
                due_date=line.due_date,
                issue_date=line.issue_date,
                endorsed=line.endorsed,
                bill_of_exchange=line.bill_of_exchange,
                transferred=line.transferred,
                has_contract=line.has_contract,
                has_amount_document=line.has_amount_document,
            )
        ]
    )
    unlimited = _without_minimum(policy)
    failures = rules.check(
        rules.Request(as_of=as_of, request_date=request_date, product=requested),
        creditor_facts(customer),
        debtor_facts(debtor),
        receivables,
        unlimited,
        programme().in_force(as_of),
    )
    return [f.model_dump() for f in output(failures).failures]


def _without_minimum(policy: Policy) -> Policy:
    return dataclasses.replace(policy, application_minimum=None)


def debtor_status(debtor: Debtor, policy: Policy, today: dt.date) -> list[str]:
    """The debtor rules failed today (public record, filings, suspension, dishonour, soundness)."""
    request = rules.Request(as_of=today, request_date=today, product=Product.NOTE)
    failures = rules.check(request, rules.Creditor(0, 0), debtor_facts(debtor), [], policy, programme().in_force(today))
    return [f.message_ja for f in failures if f.subject is rules.Subject.DEBTOR]
