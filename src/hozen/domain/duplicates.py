"""Duplicate receivables (SPEC §4.3 ``RECEIVABLE_DUPLICATE``): the keys that name one receivable.

Two receivables are the same when they share a key. Notes and e-receivables are named by their number
(note number, or the 20-character 記録番号) and their debtor, whoever holds them; an AR is named by
customer, debtor and invoice number, and also by customer, debtor, amount and due date. A receivable
without a number has only the keys that do not need one (a note without a number has none).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from hozen.domain.money import Yen
from hozen.domain.policy import Product

MAX_KEY_LENGTH = 200


@dataclass(frozen=True, slots=True)
class ReceivableIdentity:
    kind: Product  # ar, note or erecord
    customer_id: int
    debtor_id: int
    number: str  # note number, 記録番号 or invoice number; "" when not given
    amount: Yen
    due_date: dt.date


@dataclass(frozen=True, slots=True)
class ReceivableKey:
    value: str
    by_amount_and_due: bool = False  # an AR matched by amount and due date rather than by number


def normalised_number(text: str) -> str:
    """A number as written on paper or typed: full-width folded (NFKC), spaces dropped, upper case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def receivable_keys(receivable: ReceivableIdentity) -> tuple[ReceivableKey, ...]:
    number = normalised_number(receivable.number)
    if receivable.kind is Product.AR:
        by_number = f"ar:{receivable.customer_id}:{receivable.debtor_id}:invoice:{number}"
        by_amount = (
            f"ar:{receivable.customer_id}:{receivable.debtor_id}:amount:{receivable.amount}:"
            f"{receivable.due_date.isoformat()}"
        )
        return (*((ReceivableKey(by_number),) if number else ()), ReceivableKey(by_amount, by_amount_and_due=True))
    if receivable.kind in (Product.NOTE, Product.ERECORD) and number:
        return (ReceivableKey(f"{receivable.kind.value}:{receivable.debtor_id}:{number}"),)
    return ()
