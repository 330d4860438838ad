"""The keys that name one receivable (SPEC §4.3 RECEIVABLE_DUPLICATE)."""

from __future__ import annotations

import datetime as dt

from hozen.domain.duplicates import ReceivableIdentity, normalised_number, receivable_keys
from hozen.domain.policy import Product

DUE = dt.date(2027, 2, 26)


def keys(kind: Product, number: str, *, customer: int = 1, debtor: int = 7, amount: int = 500_000) -> set[str]:
    return {key.value for key in receivable_keys(ReceivableIdentity(kind, customer, debtor, number, amount, DUE))}


def test_a_number_typed_differently_is_the_same_number() -> None:
    assert normalised_number(" ａｂ－１２ ３ ") == normalised_number("AB-123") == "AB-123"
    assert keys(Product.NOTE, "ａｂ－１２３") == keys(Product.NOTE, "AB-123")


def test_a_note_is_the_same_whoever_holds_it_but_not_for_another_debtor() -> None:
    assert keys(Product.NOTE, "N-1", customer=1) == keys(Product.NOTE, "N-1", customer=2)
    assert keys(Product.NOTE, "N-1", debtor=7).isdisjoint(keys(Product.NOTE, "N-1", debtor=8))
    assert keys(Product.NOTE, "N-1").isdisjoint(keys(Product.ERECORD, "N-1"))  # a note number is no 記録番号
    assert keys(Product.NOTE, "") == set()  # without a number a note cannot be matched


def test_an_ar_is_matched_by_invoice_number_or_by_amount_and_due_date() -> None:
    same_invoice_other_amount = keys(Product.AR, "INV-9", amount=700_000)
    same_amount_other_invoice = keys(Product.AR, "INV-10")
    original = keys(Product.AR, "INV-9")
    assert original & same_invoice_other_amount and original & same_amount_other_invoice
    assert keys(Product.AR, "INV-9", customer=2).isdisjoint(original)  # another customer's invoice
    assert len(keys(Product.AR, "")) == 1  # only the amount and due date
