"""The eligibility findings of a stored review line: the domain check fed from the store."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any, Protocol

from hozen.domain import eligibility as rules
from hozen.domain.policy import Policy, Product
from hozen.domain.programme import ProgrammeRules
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


class Receivable(Protocol):
    """What the receivable rules read of a line: a stored review line or an imported one."""

    @property
    def kind(self) -> str: ...
    @property
    def amount(self) -> int: ...
    @property
    def due_date(self) -> dt.date: ...
    @property
    def issue_date(self) -> dt.date: ...
    @property
    def endorsed(self) -> bool: ...
    @property
    def bill_of_exchange(self) -> bool: ...
    @property
    def transferred(self) -> bool: ...
    @property
    def has_contract(self) -> bool: ...
    @property
    def has_amount_document(self) -> bool: ...


_PartiesKey = tuple[int, dt.date, Product]  # the debtor, the start date and the product


class LineChecker:
    """The eligibility findings of many lines of one customer's request: the customer's facts, each
    debtor's facts and the parties' findings are read once (per debtor and start date), not per line;
    the stored text of a line's findings is written once for all the lines that fail alike."""

    def __init__(self, customer: Customer, policy: Policy, request_date: dt.date, purchase: bool = False) -> None:
        self._creditor = creditor_facts(customer)
        self._policy = _without_minimum(policy)
        self._request_date = request_date
        self._purchase = purchase
        self._parties: dict[_PartiesKey, list[dict[str, Any]]] = {}
        self._texts: dict[tuple[_PartiesKey, tuple[Any, ...]], str] = {}
        self._requests: dict[tuple[dt.date, Product], tuple[rules.Request, ProgrammeRules]] = {}

    def findings(self, debtor: Debtor, line: Receivable, as_of: dt.date) -> list[dict[str, Any]]:
        """Failures of one line (creditor, debtor and the receivable itself) as stored JSON-ready dicts.

        The application minimum and the limits are judged when the customer applies, over the lines it
        takes up; a frame line has no receivable of its own yet."""
        found: list[dict[str, Any]] = json.loads(self.findings_json(debtor, line, as_of))
        return found

    def findings_json(self, debtor: Debtor, line: Receivable, as_of: dt.date) -> str:
        """:meth:`findings` as the JSON text a line stores."""
        product = Product(line.kind)
        request, in_force = self._request(as_of, product)
        key = (debtor.id, as_of, request.product)
        if key not in self._parties:
            found = rules.check_parties(request, self._creditor, debtor_facts(debtor), self._policy, in_force)
            self._parties[key] = _dumped(found)
        failures: tuple[rules.Failure, ...] = ()
        if product is not Product.FRAME:
            receivable = rules.Receivable(
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
            failures = rules.check_receivable(request, receivable, 0, self._policy, in_force)
        # A failure's messages follow from its code and context alone (plain values, hashable).
        alike = (key, tuple((f.code, f.subject, f.index, *f.context.items()) for f in failures))
        text = self._texts.get(alike)
        if text is None:
            text = self._texts[alike] = json.dumps([*self._parties[key], *_dumped(failures)])
        return text

    def _request(self, as_of: dt.date, product: Product) -> tuple[rules.Request, ProgrammeRules]:
        """The request a line of this product makes, starting on ``as_of``, and the rules then in force."""
        found = self._requests.get((as_of, product))
        if found is None:
            request = rules.Request(
                as_of=as_of, request_date=self._request_date, product=Product.PURCHASE if self._purchase else product
            )
            found = self._requests[(as_of, product)] = (request, programme().in_force(as_of))
        return found


def _dumped(failures: tuple[rules.Failure, ...]) -> list[dict[str, Any]]:
    return [f.model_dump() for f in output(failures).failures] if failures else []


def line_findings(
    customer: Customer,
    debtor: Debtor,
    line: ReviewLine,
    policy: Policy,
    as_of: dt.date,
    request_date: dt.date,
    purchase: bool = False,
) -> list[dict[str, Any]]:
    """Failures of one line (see :meth:`LineChecker.findings`)."""
    return LineChecker(customer, policy, request_date, purchase).findings(debtor, line, as_of)


def _without_minimum(policy: Policy) -> Policy:
    return dataclasses.replace(policy, application_minimum=None)


def debtor_status(debtor: Debtor, policy: Policy, today: dt.date) -> list[str]:
    """The debtor rules failed today (public record, filings, suspension, dishonour, soundness)."""
    request = rules.Request(as_of=today, request_date=today, product=Product.NOTE)
    failures = rules.check(request, rules.Creditor(0, 0), debtor_facts(debtor), [], policy, programme().in_force(today))
    return [f.message_ja for f in failures if f.subject is rules.Subject.DEBTOR]
