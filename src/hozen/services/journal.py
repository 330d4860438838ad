"""The accounting journal of a period (SPEC §18), derived from the stored facts.

Nothing is written: every entry is rebuilt from the rows that record the money events (invoices,
payments, the subsidy ledger, purchases, discounts, claims, recoveries) and from the state history
(an invoice's voiding), so the journal of a closed period is the same every time it is asked for.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hozen.domain import journal as j
from hozen.domain.codes import AccountingCode
from hozen.domain.errors import DomainError
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import ClaimState, DiscountState, Entity, InvoiceState, PurchaseState
from hozen.services.claims import loss_compensation_claim
from hozen.services.common import UnitOfWork
from hozen.store.models import (
    Application,
    Claim,
    Discount,
    FrameChange,
    Guarantee,
    Invoice,
    Payment,
    Purchase,
    Recovery,
    StateChange,
    SubsidyEntry,
)

MAX_PERIOD_DAYS = 366
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def check_period(start: dt.date, end: dt.date) -> None:
    if not EARLIEST <= start <= end <= LATEST or (end - start).days >= MAX_PERIOD_DAYS:
        context = {"start": start.isoformat(), "end": end.isoformat(), "max_days": MAX_PERIOD_DAYS}
        raise DomainError(AccountingCode.INVALID_JOURNAL_PERIOD, context)


def entries(uow: UnitOfWork, actor: Actor, start: dt.date, end: dt.date) -> list[j.JournalEntry]:
    """Every entry dated in ``start``..``end``, by date, then by event, then by reference."""
    actor.require(Permission.VIEW_PORTFOLIO)
    check_period(start, end)
    found = [
        *_invoices(uow, start, end),
        *_payments(uow, start, end),
        *_subsidies(uow, start, end),
        *_purchases(uow, start, end),
        *_discounts(uow, start, end),
        *_claims(uow, start, end),
    ]
    compensation = loss_compensation_claim(uow, actor, start, end).compensation
    if compensation:
        found.append(j.loss_compensation_claimed(end, f"LC-{start.isoformat()}-{end.isoformat()}", compensation))
    order = list(j.JournalEvent)
    return sorted(found, key=lambda e: (e.date, order.index(e.event), e.reference))


def _office_fees(uow: UnitOfWork, invoices: list[Invoice]) -> dict[int, int]:
    """The office fee of each invoice: its application's, or its frame change's."""
    ids = [i.id for i in invoices]
    fees: dict[int, int] = {}
    for owner, key in ((Application, Invoice.application_id), (FrameChange, Invoice.frame_change_id)):
        query = select(Invoice.id, owner.office_fee).join(owner, owner.id == key).where(Invoice.id.in_(ids))
        fees.update((invoice_id, fee) for invoice_id, fee in uow.session.execute(query))
    return fees


def _invoices(uow: UnitOfWork, start: dt.date, end: dt.date) -> list[j.JournalEntry]:
    session = uow.session
    issued = list(session.scalars(select(Invoice).where(Invoice.issued_on >= start, Invoice.issued_on <= end)))
    voids = session.execute(
        select(StateChange.business_date, Invoice)
        .join(Invoice, Invoice.id == StateChange.entity_id)
        .where(
            StateChange.entity == Entity.INVOICE.value,
            StateChange.to_state == InvoiceState.VOID.value,
            StateChange.business_date >= start,
            StateChange.business_date <= end,
        )
    ).all()
    office = _office_fees(uow, issued + [invoice for _, invoice in voids])
    return [
        *(j.fee_invoiced(i.issued_on, i.number, i.amount, office.get(i.id, 0)) for i in issued),
        *(j.fee_invoice_voided(on, i.number, i.amount, office.get(i.id, 0)) for on, i in voids),
    ]


def _payments(uow: UnitOfWork, start: dt.date, end: dt.date) -> list[j.JournalEntry]:
    rows = uow.session.execute(
        select(Payment, Invoice.number)
        .join(Invoice, Invoice.id == Payment.invoice_id)
        .where(Payment.received_on >= start, Payment.received_on <= end)
    ).all()
    return [j.fee_received(payment.received_on, number, payment.amount) for payment, number in rows]


def _subsidies(uow: UnitOfWork, start: dt.date, end: dt.date) -> list[j.JournalEntry]:
    rows = uow.session.execute(
        select(SubsidyEntry, Guarantee.certificate_number, Purchase.number)
        .outerjoin(Guarantee, Guarantee.id == SubsidyEntry.guarantee_id)
        .outerjoin(Purchase, Purchase.id == SubsidyEntry.purchase_id)
        .where(SubsidyEntry.booked_on >= start, SubsidyEntry.booked_on <= end)
    ).all()
    return [
        j.subsidy_booked(
            entry.booked_on,
            certificate or number or f"S-{entry.id:06d}",
            entry.subsidy,
            purchase=entry.purchase_id is not None,
        )
        for entry, certificate, number in rows
        if entry.subsidy
    ]


def _purchases(uow: UnitOfWork, start: dt.date, end: dt.date) -> list[j.JournalEntry]:
    session = uow.session
    found: list[j.JournalEntry] = []
    for p in session.scalars(select(Purchase).where(Purchase.executed_on >= start, Purchase.executed_on <= end)):
        assert p.executed_on is not None
        found.append(j.purchase_executed(p.executed_on, p.number or "", p.face, p.net_fee, p.transfer_fee, p.proceeds))
    settled = session.scalars(
        select(Purchase).where(
            Purchase.settled_on >= start,
            Purchase.settled_on <= end,
            Purchase.state.in_([PurchaseState.COLLECTED.value, PurchaseState.DISHONOURED.value]),
        )
    )
    for p in settled:
        assert p.settled_on is not None
        outcome = j.purchase_collected if p.state == PurchaseState.COLLECTED.value else j.purchase_dishonoured
        found.append(outcome(p.settled_on, p.number or "", p.face))
    return found


def _discounts(uow: UnitOfWork, start: dt.date, end: dt.date) -> list[j.JournalEntry]:
    """Advances and collections; a set-off discount is booked with its claim (:func:`_claims`)."""
    session = uow.session
    found = [
        j.discount_advanced(d.discount_date, f"D-{d.id:06d}", d.face, d.discount_fee, d.proceeds)
        for d in session.scalars(select(Discount).where(Discount.discount_date >= start, Discount.discount_date <= end))
    ]
    collected = session.scalars(
        select(Discount).where(
            Discount.settled_on >= start, Discount.settled_on <= end, Discount.state == DiscountState.COLLECTED.value
        )
    )
    for d in collected:
        assert d.settled_on is not None
        found.append(j.discount_collected(d.settled_on, f"D-{d.id:06d}", d.face))
    return found


def _claims(uow: UnitOfWork, start: dt.date, end: dt.date) -> list[j.JournalEntry]:
    session = uow.session
    found: list[j.JournalEntry] = []
    for c in session.scalars(select(Claim).where(Claim.paid_on >= start, Claim.paid_on <= end)):
        if c.paid_on is not None and c.paid_amount:
            set_off = c.state == ClaimState.SET_OFF.value
            found.append(j.claim_paid(c.paid_on, f"C-{c.id:06d}", c.paid_amount, set_off=set_off))
    recoveries = session.scalars(select(Recovery).where(Recovery.received_on >= start, Recovery.received_on <= end))
    found.extend(j.recovery_received(r.received_on, f"C-{r.claim_id:06d}", r.amount) for r in recoveries)
    return found
