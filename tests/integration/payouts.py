"""Outgoing payments of one day, written as the workflows leave them (for the transfer tests).

A purchase executed on the day (its proceeds), a discount advanced on the day, a claim paid on the
day, and a claim set off on the day (no cash: never in a transfer file).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from hozen.store.db import Database
from hozen.store.models import Application, Claim, Discount, Guarantee, Purchase, ReviewLine, ReviewRequest

_references = itertools.count(1)


@dataclass(frozen=True)
class Payouts:
    purchase: tuple[int, int]  # (id, amount)
    discount: tuple[int, int]
    claim: tuple[int, int]
    set_off_claim: int


PRICED = {"gross_rate": "5.0", "subsidy_rate": "1.5", "days": 50, "gross_fee": 6849, "subsidy": 2054, "net_fee": 4795}


def add_payouts(
    db: Database,
    day: dt.date,
    customer_id: int,
    debtor_id: int,
    *,
    proceeds: int = 993_105,
    advance: int = 1_980_000,
    payout: int = 1_500_000,
) -> Payouts:
    due = day + dt.timedelta(days=60)
    with db.unit_of_work() as uow:
        session = uow.session
        review = ReviewRequest(
            customer_id=customer_id, product="note", policy="default", state="approved", requested_on=day
        )
        session.add(review)
        session.flush()

        def line(amount: int) -> ReviewLine:
            found = ReviewLine(
                review_request_id=review.id,
                debtor_id=debtor_id,
                kind="note",
                reference=f"T-{next(_references)}",
                amount=amount,
                issue_date=day - dt.timedelta(days=10),
                due_date=due,
            )
            session.add(found)
            session.flush()
            return found

        application = Application(
            review_request_id=review.id,
            customer_id=customer_id,
            debtor_id=debtor_id,
            state="paid",
            received_on=day,
            start_date=day,
            amount=1_000_000,
            office_fee=0,
        )
        session.add(application)
        session.flush()
        purchase = Purchase(
            **PRICED,
            application_id=application.id,
            review_line_id=line(1_000_000).id,
            customer_id=customer_id,
            debtor_id=debtor_id,
            kind="note",
            face=1_000_000,
            purchase_date=day,
            due_date=due,
            transfer_fee=2_100,
            proceeds=proceeds,
            state="executed",
            executed_on=day,
        )
        session.add(purchase)

        def guarantee() -> Guarantee:
            found = Guarantee(
                **PRICED,
                application_id=application.id,
                review_line_id=line(2_000_000).id,
                customer_id=customer_id,
                debtor_id=debtor_id,
                product="note",
                amount=2_000_000,
                start_date=day - dt.timedelta(days=30),
                end_date=due,
                state="active",
            )
            session.add(found)
            session.flush()
            return found

        discount = Discount(
            guarantee_id=guarantee().id,
            customer_id=customer_id,
            face=2_000_000,
            discount_date=day,
            due_date=due,
            discount_rate="2.0",
            days=61,
            discount_fee=2_000_000 - advance,
            proceeds=advance,
            note_received_on=day,
            state="advanced",
        )
        claims = [
            Claim(
                guarantee_id=guarantee().id,
                customer_id=customer_id,
                trigger="LEGAL_PROCEEDING",
                event_date=day - dt.timedelta(days=5),
                claim_date=day - dt.timedelta(days=3),
                state=state,
                receivables="[]",
                payable=payout,
                paid_on=day,
                paid_amount=payout,
            )
            for state in ("paid", "set_off")
        ]
        session.add_all([discount, *claims])
        session.flush()
        result = Payouts(
            purchase=(purchase.id, proceeds),
            discount=(discount.id, advance),
            claim=(claims[0].id, payout),
            set_off_claim=claims[1].id,
        )
        uow.commit()
        return result
