"""Non-recourse purchase of notes and e-receivables (SPEC §2.4, §8.4)."""

from __future__ import annotations

import datetime as dt

from hozen.domain.calendar import add_business_days
from hozen.domain.codes import WorkflowCode
from hozen.domain.errors import DomainError
from hozen.domain.money import Yen
from hozen.domain.policy import Policy, Product


def lead_business_days(policy: Policy, kind: Product) -> int:
    """Business days the original note (or the transfer record) must arrive before the purchase."""
    return policy.purchase_lead_days_erecord if kind is Product.ERECORD else policy.purchase_lead_days_note


def earliest_purchase_date(applied_on: dt.date, policy: Policy, kind: Product) -> dt.date:
    """The purchase date if the papers arrive on the day of the application."""
    return add_business_days(applied_on, lead_business_days(policy, kind))


def latest_arrival(purchase_date: dt.date, policy: Policy, kind: Product) -> dt.date:
    """The last day the papers may arrive for a purchase on ``purchase_date``."""
    return add_business_days(purchase_date, -lead_business_days(policy, kind))


def check_lead_time(arrived_on: dt.date, purchase_date: dt.date, policy: Policy, kind: Product) -> None:
    deadline = latest_arrival(purchase_date, policy, kind)
    if arrived_on > deadline:
        context = {
            "deadline": deadline.isoformat(),
            "arrived_on": arrived_on.isoformat(),
            "days": lead_business_days(policy, kind),
        }
        if kind is Product.ERECORD:
            context["variant"] = "erecord"
        raise DomainError(WorkflowCode.PURCHASE_LEAD_TIME_TOO_SHORT, context)


def proceeds(face: Yen, net_purchase_fee: Yen, transfer_fee: Yen) -> Yen:
    """What the customer receives at once: face − purchase fee − bank transfer fee."""
    paid = face - net_purchase_fee - transfer_fee
    if paid <= 0:
        raise DomainError(WorkflowCode.PURCHASE_PROCEEDS_NOT_POSITIVE)
    return paid
