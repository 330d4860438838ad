"""The accounting journal (SPEC §18): a small chart of accounts and one balanced entry per money event.

Each function below turns one stored fact into its entry; ``docs/accounting.md`` explains why each
entry looks as it does. Amounts are integer yen; an entry whose debits and credits differ cannot be
built. Office and transfer fees are taxable and booked tax-excluded (税抜経理): the tax goes to
仮受消費税, computed as on the invoice (:mod:`hozen.domain.tax`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hozen.domain.codes import Labelled
from hozen.domain.money import Yen
from hozen.domain.tax import TaxCategory, tax_included_in


class Account(Labelled):
    """The chart of accounts (勘定科目); the value is the account's code in the CSV."""

    CASH = ("cash", "現金預金")
    FEES_RECEIVABLE = ("fees_receivable", "売掛金")
    SUBSIDY_RECEIVABLE = ("subsidy_receivable", "未収助成金")
    LOSS_COMPENSATION_RECEIVABLE = ("loss_compensation_receivable", "未収損失補償金")
    PURCHASED_RECEIVABLES = ("purchased_receivables", "買取債権")
    DISCOUNTED_NOTES = ("discounted_notes", "割引手形")
    SUBROGATION_CLAIMS = ("subrogation_claims", "求償債権")
    OUTPUT_TAX = ("output_tax", "仮受消費税")
    GUARANTEE_FEE_INCOME = ("guarantee_fee_income", "保証料収入")
    PURCHASE_FEE_INCOME = ("purchase_fee_income", "買取料収入")
    DISCOUNT_FEE_INCOME = ("discount_fee_income", "割引料収入")
    OFFICE_FEE_INCOME = ("office_fee_income", "事務手数料収入")
    TRANSFER_FEE_INCOME = ("transfer_fee_income", "振込手数料収入")
    LOSS_COMPENSATION_INCOME = ("loss_compensation_income", "損失補償金収入")
    PURCHASE_LOSSES = ("purchase_losses", "買取債権売却損")

    @property
    def tax_category(self) -> TaxCategory | None:
        """The consumption tax category of an income account; None for balance-sheet accounts."""
        return _TAX_CATEGORIES.get(self)


_TAX_CATEGORIES = {
    Account.GUARANTEE_FEE_INCOME: TaxCategory.EXEMPT,
    Account.PURCHASE_FEE_INCOME: TaxCategory.EXEMPT,
    Account.DISCOUNT_FEE_INCOME: TaxCategory.EXEMPT,
    Account.OFFICE_FEE_INCOME: TaxCategory.STANDARD,
    Account.TRANSFER_FEE_INCOME: TaxCategory.STANDARD,
}


class Side(Labelled):
    DEBIT = ("debit", "借方")
    CREDIT = ("credit", "貸方")


@dataclass(frozen=True, slots=True)
class Posting:
    """One line of an entry: an account debited or credited with a non-negative amount."""

    side: Side
    account: Account
    amount: Yen


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """A balanced journal entry: what happened, on which day, about which document."""

    date: dt.date
    event: JournalEvent
    reference: str
    postings: tuple[Posting, ...]

    def __post_init__(self) -> None:
        if any(p.amount < 0 for p in self.postings):
            raise ValueError("a posting is never negative")
        if self.debits != self.credits:
            raise ValueError(f"unbalanced entry {self.reference}: debits {self.debits} ≠ credits {self.credits}")

    @property
    def debits(self) -> Yen:
        return sum(p.amount for p in self.postings if p.side is Side.DEBIT)

    @property
    def credits(self) -> Yen:
        return sum(p.amount for p in self.postings if p.side is Side.CREDIT)


class JournalEvent(Labelled):
    """The money events of SPEC §18, in the order entries of one day are listed."""

    FEE_INVOICED = ("fee_invoiced", "保証料請求")
    FEE_INVOICE_VOIDED = ("fee_invoice_voided", "保証料請求の取消")
    FEE_RECEIVED = ("fee_received", "保証料入金")
    SUBSIDY_BOOKED = ("subsidy_booked", "助成金計上")
    SUBSIDY_REVERSED = ("subsidy_reversed", "助成金計上の取消")
    PURCHASE_EXECUTED = ("purchase_executed", "買取実行")
    PURCHASE_COLLECTED = ("purchase_collected", "買取債権の取立")
    PURCHASE_DISHONOURED = ("purchase_dishonoured", "買取債権の不渡り")
    DISCOUNT_ADVANCED = ("discount_advanced", "割引実行")
    DISCOUNT_COLLECTED = ("discount_collected", "割引手形の決済")
    CLAIM_PAID = ("claim_paid", "保証債務の履行（支払）")
    CLAIM_SET_OFF = ("claim_set_off", "保証債務の履行（割引手形と相殺）")
    RECOVERY_RECEIVED = ("recovery_received", "求償債権の回収")
    LOSS_COMPENSATION_CLAIMED = ("loss_compensation_claimed", "損失補償金の請求")


def _entry(date: dt.date, event: JournalEvent, reference: str, *postings: Posting) -> JournalEntry:
    return JournalEntry(date, event, reference, tuple(p for p in postings if p.amount))


def _dr(account: Account, amount: Yen) -> Posting:
    return Posting(Side.DEBIT, account, amount)


def _cr(account: Account, amount: Yen) -> Posting:
    return Posting(Side.CREDIT, account, amount)


def _taxable_income(account: Account, gross: Yen, side: Side = Side.CREDIT) -> tuple[Posting, Posting]:
    """A tax-included taxable amount split into income and 仮受消費税, the tax computed once."""
    tax = tax_included_in(gross, TaxCategory.STANDARD)
    return Posting(side, account, gross - tax), Posting(side, Account.OUTPUT_TAX, tax)


def fee_invoiced(date: dt.date, reference: str, amount: Yen, office_fee: Yen) -> JournalEntry:
    """An invoice to the customer: the fees after subsidy (exempt) and the office fee (10 %, tax-included)."""
    return _entry(
        date,
        JournalEvent.FEE_INVOICED,
        reference,
        _dr(Account.FEES_RECEIVABLE, amount),
        _cr(Account.GUARANTEE_FEE_INCOME, amount - office_fee),
        *_taxable_income(Account.OFFICE_FEE_INCOME, office_fee),
    )


def fee_invoice_voided(date: dt.date, reference: str, amount: Yen, office_fee: Yen) -> JournalEntry:
    """An unpaid invoice cancelled with its guarantee: the invoicing entry reversed."""
    return _entry(
        date,
        JournalEvent.FEE_INVOICE_VOIDED,
        reference,
        _dr(Account.GUARANTEE_FEE_INCOME, amount - office_fee),
        *_taxable_income(Account.OFFICE_FEE_INCOME, office_fee, Side.DEBIT),
        _cr(Account.FEES_RECEIVABLE, amount),
    )


def fee_received(date: dt.date, reference: str, amount: Yen) -> JournalEntry:
    return _entry(
        date, JournalEvent.FEE_RECEIVED, reference, _dr(Account.CASH, amount), _cr(Account.FEES_RECEIVABLE, amount)
    )


def subsidy_booked(date: dt.date, reference: str, subsidy: Yen, *, purchase: bool) -> JournalEntry:
    """The programme's share of a fee (SPEC §11), income when the guarantee or purchase is priced and
    reserved; a negative ``subsidy`` (a cancelled booking) reverses it."""
    income = Account.PURCHASE_FEE_INCOME if purchase else Account.GUARANTEE_FEE_INCOME
    if subsidy < 0:
        return _entry(
            date,
            JournalEvent.SUBSIDY_REVERSED,
            reference,
            _dr(income, -subsidy),
            _cr(Account.SUBSIDY_RECEIVABLE, -subsidy),
        )
    return _entry(
        date, JournalEvent.SUBSIDY_BOOKED, reference, _dr(Account.SUBSIDY_RECEIVABLE, subsidy), _cr(income, subsidy)
    )


def purchase_executed(
    date: dt.date, reference: str, face: Yen, purchase_fee: Yen, transfer_fee: Yen, proceeds: Yen
) -> JournalEntry:
    """A receivable bought at face: the customer gets the proceeds, the fees are earned."""
    return _entry(
        date,
        JournalEvent.PURCHASE_EXECUTED,
        reference,
        _dr(Account.PURCHASED_RECEIVABLES, face),
        _cr(Account.CASH, proceeds),
        _cr(Account.PURCHASE_FEE_INCOME, purchase_fee),
        *_taxable_income(Account.TRANSFER_FEE_INCOME, transfer_fee),
    )


def purchase_collected(date: dt.date, reference: str, face: Yen) -> JournalEntry:
    return _entry(
        date,
        JournalEvent.PURCHASE_COLLECTED,
        reference,
        _dr(Account.CASH, face),
        _cr(Account.PURCHASED_RECEIVABLES, face),
    )


def purchase_dishonoured(date: dt.date, reference: str, face: Yen) -> JournalEntry:
    """Without recourse the loss is the company's: the receivable is written off."""
    return _entry(
        date,
        JournalEvent.PURCHASE_DISHONOURED,
        reference,
        _dr(Account.PURCHASE_LOSSES, face),
        _cr(Account.PURCHASED_RECEIVABLES, face),
    )


def discount_advanced(date: dt.date, reference: str, face: Yen, discount_fee: Yen, proceeds: Yen) -> JournalEntry:
    return _entry(
        date,
        JournalEvent.DISCOUNT_ADVANCED,
        reference,
        _dr(Account.DISCOUNTED_NOTES, face),
        _cr(Account.CASH, proceeds),
        _cr(Account.DISCOUNT_FEE_INCOME, discount_fee),
    )


def discount_collected(date: dt.date, reference: str, face: Yen) -> JournalEntry:
    return _entry(
        date, JournalEvent.DISCOUNT_COLLECTED, reference, _dr(Account.CASH, face), _cr(Account.DISCOUNTED_NOTES, face)
    )


def claim_paid(date: dt.date, reference: str, amount: Yen, *, set_off: bool) -> JournalEntry:
    """The guarantee honoured: the company acquires the customer's receivable (subrogation). A
    discounted note's claim moves no cash: it is set off against the note the customer must buy back."""
    if set_off:
        return _entry(
            date,
            JournalEvent.CLAIM_SET_OFF,
            reference,
            _dr(Account.SUBROGATION_CLAIMS, amount),
            _cr(Account.DISCOUNTED_NOTES, amount),
        )
    return _entry(
        date, JournalEvent.CLAIM_PAID, reference, _dr(Account.SUBROGATION_CLAIMS, amount), _cr(Account.CASH, amount)
    )


def recovery_received(date: dt.date, reference: str, amount: Yen) -> JournalEntry:
    return _entry(
        date,
        JournalEvent.RECOVERY_RECEIVED,
        reference,
        _dr(Account.CASH, amount),
        _cr(Account.SUBROGATION_CLAIMS, amount),
    )


def loss_compensation_claimed(date: dt.date, reference: str, amount: Yen) -> JournalEntry:
    """The programme's share of the period's net losses, claimed on the period's last day."""
    return _entry(
        date,
        JournalEvent.LOSS_COMPENSATION_CLAIMED,
        reference,
        _dr(Account.LOSS_COMPENSATION_RECEIVABLE, amount),
        _cr(Account.LOSS_COMPENSATION_INCOME, amount),
    )
