"""Non-recourse purchase of notes and e-receivables (SPEC §2.4, §8.4)."""

from __future__ import annotations

import datetime as dt

from hozen.domain.calendar import add_business_days
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
        papers_ja = "譲渡記録" if kind is Product.ERECORD else "手形原本"
        papers_en = "the transfer record" if kind is Product.ERECORD else "the original note"
        days = lead_business_days(policy, kind)
        raise DomainError(
            "PURCHASE_LEAD_TIME_TOO_SHORT",
            f"{papers_ja}は買取日の{days}営業日前（{deadline.isoformat()}）までに必要です"
            f"（到着: {arrived_on.isoformat()}）。",
            f"{papers_en.capitalize()} must arrive {days} business days before the purchase date, "
            f"by {deadline.isoformat()} (arrived {arrived_on.isoformat()}).",
            {"deadline": deadline.isoformat(), "arrived_on": arrived_on.isoformat()},
        )


def proceeds(face: Yen, net_purchase_fee: Yen, transfer_fee: Yen) -> Yen:
    """What the customer receives at once: face − purchase fee − bank transfer fee."""
    paid = face - net_purchase_fee - transfer_fee
    if paid <= 0:
        raise DomainError(
            "PURCHASE_PROCEEDS_NOT_POSITIVE",
            "手数料が額面以上のため、買取できません。",
            "The fees are not less than the face value; the note cannot be bought.",
        )
    return paid
