"""The ledger's invariants as set-based queries (``hozen db check``), on SQLite and PostgreSQL.

Every query aggregates in the database and returns only the rows that break an invariant, so a clean
book of a million guarantees costs a few grouped scans and nothing is looped over in Python. The
numbering follows ``docs/operations.md``:

1. a live reservation belongs to a live guarantee or purchase; every live one of a reserved or paid
   application has one live reservation of the right amount (a frame: its limit plus the approved
   increases not yet paid, which reserve on approval; a purchase: its face value);
2. per debtor and per customer, Σ live reservations (what the services check limits against) equals
   the exposure of its live objects; the limit figures are the caller's (:func:`over_limit`);
3. a reserved or paid application has guarantees or purchases and, with guarantees, its fee invoice of
   Σ net fees + office fee; a held application holds no reservation;
4. an object's state is the ``to_state`` of its last history row (an invoice without history is open);
5. a priced guarantee, purchase or frame change has its subsidy booked once, and a cancelled one has it
   reversed exactly.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, false, func, literal, not_, or_, select, union_all
from sqlalchemy.orm import InstrumentedAttribute, Session

from hozen.domain.codes import InvariantCode
from hozen.domain.policy import FrameChange as ChangeKind
from hozen.domain.states import (
    ApplicationState,
    Entity,
    FrameChangeState,
    GuaranteeState,
    InvoiceState,
    PurchaseState,
)
from hozen.store.models import (
    Application,
    Claim,
    Customer,
    Debtor,
    Discount,
    FrameChange,
    Guarantee,
    Invoice,
    Purchase,
    Reservation,
    ReviewRequest,
    StateChange,
    SubsidyEntry,
)
from hozen.store.repositories import RESERVED

Figure = int | str | None

LIVE_GUARANTEE = tuple(
    s.value
    for s in (
        GuaranteeState.AWAITING_PAYMENT,
        GuaranteeState.AWAITING_START,
        GuaranteeState.ACTIVE,
        GuaranteeState.CLAIMED,
    )
)
LIVE_PURCHASE = tuple(
    s.value for s in (PurchaseState.AWAITING_PAPERS, PurchaseState.PAPERS_RECEIVED, PurchaseState.EXECUTED)
)
TAKEN_UP = (ApplicationState.RESERVED.value, ApplicationState.PAID.value)
BOOKED = (*TAKEN_UP, ApplicationState.LAPSED.value)  # the application reserved once: its subsidy was booked
HELD = ApplicationState.HELD.value
PRICED_CHANGES = (ChangeKind.INCREASE.value, ChangeKind.EXTENSION.value)


@dataclass(frozen=True, slots=True)
class Finding:
    """One broken invariant about one object, with the figures that show it."""

    code: InvariantCode
    entity: Entity
    id: int
    figures: Mapping[str, Figure] = field(default_factory=dict)

    def context(self) -> dict[str, Any]:
        return {"entity": self.entity, "id": self.id, **self.figures}


@dataclass(frozen=True, slots=True)
class PartyExposure:
    """A debtor's or customer's live reservations, with what its limit is made of."""

    entity: Entity
    id: int
    exposure: int
    net_assets: int | None
    own_limit: int | None


def _live_objects(kind: Entity) -> Select[int, int, int, str, int]:
    """The live guarantees (or purchases) of applications that are not held, with the exposure each
    must reserve: columns ``id``, ``debtor_id``, ``customer_id``, ``state``, ``expected``."""
    if kind is Entity.PURCHASE:
        return (
            select(
                Purchase.id,
                Purchase.debtor_id,
                Purchase.customer_id,
                Purchase.state,
                Purchase.face.label("expected"),
            )
            .join(Application, Application.id == Purchase.application_id)
            .where(Purchase.state.in_(LIVE_PURCHASE), Application.state != HELD)
        )
    pending = (
        select(
            FrameChange.guarantee_id,
            func.sum(FrameChange.new_limit - FrameChange.old_limit).label("added"),
        )
        .where(FrameChange.kind == ChangeKind.INCREASE.value, FrameChange.state == FrameChangeState.APPROVED.value)
        .group_by(FrameChange.guarantee_id)
        .subquery()
    )
    return (
        select(
            Guarantee.id,
            Guarantee.debtor_id,
            Guarantee.customer_id,
            Guarantee.state,
            (Guarantee.amount + func.coalesce(pending.c.added, 0)).label("expected"),
        )
        .join(Application, Application.id == Guarantee.application_id)
        .outerjoin(pending, pending.c.guarantee_id == Guarantee.id)
        .where(Guarantee.state.in_(LIVE_GUARANTEE), Application.state != HELD)
    )


def _holder(kind: Entity) -> InstrumentedAttribute[int | None]:
    return Reservation.purchase_id if kind is Entity.PURCHASE else Reservation.guarantee_id


# --- 1. reservations ------------------------------------------------------------------------------


def orphaned_reservations(session: Session) -> Iterator[Finding]:
    live = or_(
        func.coalesce(Guarantee.state, "").in_(LIVE_GUARANTEE),
        func.coalesce(Purchase.state, "").in_(LIVE_PURCHASE),
    )
    rows = session.execute(
        select(Reservation.id, Reservation.amount, Reservation.guarantee_id, Guarantee.state, Purchase.state)
        .outerjoin(Guarantee, Guarantee.id == Reservation.guarantee_id)
        .outerjoin(Purchase, Purchase.id == Reservation.purchase_id)
        .where(Reservation.state == RESERVED, not_(live))
        .order_by(Reservation.id)
    )
    for reservation_id, amount, guarantee_id, guarantee_state, purchase_state in rows:
        holder = f"{Entity.GUARANTEE.value} {guarantee_id}" if guarantee_id is not None else Entity.PURCHASE.value
        yield Finding(
            InvariantCode.RESERVATION_ORPHANED,
            Entity.RESERVATION,
            reservation_id,
            {"amount": amount, "holder": holder, "holder_state": guarantee_state or purchase_state or "-"},
        )


def reservations_of_live_objects(session: Session) -> Iterator[Finding]:
    for kind in (Entity.GUARANTEE, Entity.PURCHASE):
        live = _live_objects(kind).subquery()
        holder = _holder(kind)
        rows = session.execute(
            select(live.c.id, live.c.state, live.c.expected, Reservation.amount)
            .outerjoin(Reservation, and_(holder == live.c.id, Reservation.state == RESERVED))
            .where(or_(Reservation.id.is_(None), Reservation.amount != live.c.expected))
            .order_by(live.c.id)
        )
        for object_id, state, expected, reserved in rows:
            if reserved is None:
                figures: dict[str, Figure] = {"state": state, "expected": int(expected)}
                yield Finding(InvariantCode.RESERVATION_MISSING, kind, object_id, figures)
            else:
                figures = {"expected": int(expected), "reserved": reserved}
                yield Finding(InvariantCode.RESERVATION_AMOUNT_WRONG, kind, object_id, figures)


# --- 2. exposure ----------------------------------------------------------------------------------


def _party_column(model: Any, party: Entity) -> Any:
    return model.debtor_id if party is Entity.DEBTOR else model.customer_id


def unbalanced_exposure(session: Session, party: Entity) -> Iterator[Finding]:
    """Σ live reservations against Σ exposure of live objects, per debtor or per customer."""
    guarantees, purchases = _live_objects(Entity.GUARANTEE).subquery(), _live_objects(Entity.PURCHASE).subquery()
    column = "debtor_id" if party is Entity.DEBTOR else "customer_id"
    parts = union_all(
        select(
            _party_column(Reservation, party).label("party"),
            Reservation.amount.label("reserved"),
            literal(0).label("expected"),
        ).where(Reservation.state == RESERVED),
        select(guarantees.c[column], literal(0), guarantees.c.expected),
        select(purchases.c[column], literal(0), purchases.c.expected),
    ).subquery()
    reserved, expected = func.sum(parts.c.reserved), func.sum(parts.c.expected)
    rows = session.execute(
        select(parts.c.party, reserved, expected)
        .group_by(parts.c.party)
        .having(reserved != expected)
        .order_by(parts.c.party)
    )
    for party_id, total_reserved, total_expected in rows:
        figures: dict[str, Figure] = {"reserved": int(total_reserved), "expected": int(total_expected)}
        yield Finding(InvariantCode.EXPOSURE_UNBALANCED, party, party_id, figures)


def over_limit(session: Session, party: Entity, cap: int) -> Iterator[PartyExposure]:
    """Debtors (or customers) whose Σ live reservations may exceed their limit: above ``cap`` (the
    smallest of the programme's and the policy's figures), above their own limit, or — a debtor —
    above its positive net assets. The caller computes the exact limit of these few."""
    model: Any = Debtor if party is Entity.DEBTOR else Customer
    exposure = func.sum(Reservation.amount)
    totals = (
        select(_party_column(Reservation, party).label("party"), exposure.label("exposure"))
        .where(Reservation.state == RESERVED)
        .group_by(_party_column(Reservation, party))
        .subquery()
    )
    above: list[ColumnElement[bool]] = [totals.c.exposure > cap, totals.c.exposure > model.own_limit]
    net_assets = model.net_assets if party is Entity.DEBTOR else literal(None)
    if party is Entity.DEBTOR:
        above.append(totals.c.exposure > case((Debtor.net_assets > 0, Debtor.net_assets), else_=0))
    rows = session.execute(
        select(model.id, totals.c.exposure, net_assets, model.own_limit)
        .join(totals, totals.c.party == model.id)
        .where(or_(*above))
        .order_by(model.id)
    )
    for party_id, total, assets, own in rows:
        yield PartyExposure(party, party_id, int(total), assets, own)


# --- 3. applications and invoices ------------------------------------------------------------------


def applications_and_invoices(session: Session) -> Iterator[Finding]:
    has_guarantee = exists().where(Guarantee.application_id == Application.id)
    has_purchase = exists().where(Purchase.application_id == Application.id)
    empty = session.execute(
        select(Application.id, Application.state)
        .where(Application.state.in_(TAKEN_UP), not_(has_guarantee), not_(has_purchase))
        .order_by(Application.id)
    )
    for application_id, state in empty:
        yield Finding(InvariantCode.APPLICATION_EMPTY, Entity.APPLICATION, application_id, {"state": state})
    fees = (
        select(Guarantee.application_id, func.sum(Guarantee.net_fee).label("net_fees"))
        .group_by(Guarantee.application_id)
        .subquery()
    )
    expected = fees.c.net_fees + Application.office_fee
    rows = session.execute(
        select(Application.id, Application.state, expected, Invoice.number, Invoice.amount)
        .join(fees, fees.c.application_id == Application.id)
        .outerjoin(Invoice, Invoice.application_id == Application.id)
        .where(Application.state.in_(TAKEN_UP), or_(Invoice.id.is_(None), Invoice.amount != expected))
        .order_by(Application.id)
    )
    for application_id, state, fee, number, invoiced in rows:
        if number is None:
            figures: dict[str, Figure] = {"state": state, "expected": int(fee)}
            yield Finding(InvariantCode.INVOICE_MISSING, Entity.APPLICATION, application_id, figures)
        else:
            figures = {"invoice": number, "invoiced": invoiced, "expected": int(fee)}
            yield Finding(InvariantCode.INVOICE_AMOUNT_WRONG, Entity.APPLICATION, application_id, figures)


def held_with_reservations(session: Session) -> Iterator[Finding]:
    holders = union_all(
        select(Guarantee.application_id.label("application_id"), Reservation.amount)
        .join(Reservation, Reservation.guarantee_id == Guarantee.id)
        .where(Reservation.state == RESERVED),
        select(Purchase.application_id, Reservation.amount)
        .join(Reservation, Reservation.purchase_id == Purchase.id)
        .where(Reservation.state == RESERVED),
    ).subquery()
    rows = session.execute(
        select(Application.id, func.count(), func.sum(holders.c.amount))
        .join(holders, holders.c.application_id == Application.id)
        .where(Application.state == HELD)
        .group_by(Application.id)
        .order_by(Application.id)
    )
    for application_id, count, amount in rows:
        figures: dict[str, Figure] = {"count": int(count), "amount": int(amount)}
        yield Finding(InvariantCode.HELD_APPLICATION_RESERVED, Entity.APPLICATION, application_id, figures)


# --- 4. state history -----------------------------------------------------------------------------

WITH_HISTORY: tuple[tuple[Entity, Any], ...] = (
    (Entity.REVIEW_REQUEST, ReviewRequest),
    (Entity.APPLICATION, Application),
    (Entity.GUARANTEE, Guarantee),
    (Entity.FRAME_CHANGE, FrameChange),
    (Entity.CLAIM, Claim),
    (Entity.DISCOUNT, Discount),
    (Entity.PURCHASE, Purchase),
    (Entity.INVOICE, Invoice),
)
"""Every entity whose state changes through a transition table; all record their first state, except an
invoice, which is issued open and records only its moves."""


def state_history(session: Session) -> Iterator[Finding]:
    for entity, model in WITH_HISTORY:
        last = (
            select(StateChange.entity_id, func.max(StateChange.id).label("last_id"))
            .where(StateChange.entity == entity.value, StateChange.changes.is_(None))  # state changes, not decisions
            .group_by(StateChange.entity_id)
            .subquery()
        )
        missing: ColumnElement[bool] = StateChange.id.is_(None)
        if entity is Entity.INVOICE:
            missing = and_(missing, model.state != InvoiceState.OPEN.value)
        rows = session.execute(
            select(model.id, model.state, StateChange.to_state)
            .outerjoin(last, last.c.entity_id == model.id)
            .outerjoin(StateChange, StateChange.id == last.c.last_id)
            .where(or_(missing, StateChange.to_state != model.state))
            .order_by(model.id)
        )
        for object_id, state, last_state in rows:
            if last_state is None:
                yield Finding(InvariantCode.STATE_HISTORY_MISSING, entity, object_id, {"state": state})
            else:
                figures: dict[str, Figure] = {"state": state, "last": last_state}
                yield Finding(InvariantCode.STATE_HISTORY_MISMATCH, entity, object_id, figures)


# --- 5. the subsidy ledger ------------------------------------------------------------------------


def _ledger(holder: InstrumentedAttribute[int | None], *, of_changes: bool) -> Any:
    """Per holder: the number and sum of bookings, and of reversals."""
    original, reversal = SubsidyEntry.reversal.is_(False), SubsidyEntry.reversal.is_(True)
    scope = SubsidyEntry.frame_change_id.is_not(None) if of_changes else SubsidyEntry.frame_change_id.is_(None)
    return (
        select(
            holder.label("holder"),
            func.sum(case((original, 1), else_=0)).label("entries"),
            func.sum(case((original, SubsidyEntry.subsidy), else_=0)).label("booked"),
            func.sum(case((reversal, 1), else_=0)).label("reversals"),
            func.sum(case((reversal, SubsidyEntry.subsidy), else_=0)).label("reversed"),
        )
        .where(holder.is_not(None), scope)
        .group_by(holder)
        .subquery()
    )


def subsidy_ledger(session: Session) -> Iterator[Finding]:
    for entity, model, holder, cancelled in (
        (Entity.GUARANTEE, Guarantee, SubsidyEntry.guarantee_id, GuaranteeState.CANCELLED.value),
        (Entity.PURCHASE, Purchase, SubsidyEntry.purchase_id, PurchaseState.CANCELLED.value),
    ):
        ledger = _ledger(holder, of_changes=False)
        booked_once = and_(Application.state.in_(BOOKED), model.subsidy != 0)
        yield from _ledger_findings(
            session,
            entity,
            select(model.id, model.state)
            .join(Application, Application.id == model.application_id)
            .outerjoin(ledger, ledger.c.holder == model.id),
            ledger,
            expected=case((booked_once, model.subsidy), else_=0),
            expected_entries=case((booked_once, 1), else_=0),
            cancelled=model.state == cancelled,
        )
    ledger = _ledger(SubsidyEntry.frame_change_id, of_changes=True)
    priced = and_(
        FrameChange.kind.in_(PRICED_CHANGES),
        FrameChange.state.in_((FrameChangeState.APPROVED.value, FrameChangeState.EFFECTIVE.value)),
        FrameChange.subsidy != 0,
    )
    yield from _ledger_findings(
        session,
        Entity.FRAME_CHANGE,
        select(FrameChange.id, FrameChange.state).outerjoin(ledger, ledger.c.holder == FrameChange.id),
        ledger,
        expected=case((priced, FrameChange.subsidy), else_=0),
        expected_entries=case((priced, 1), else_=0),
        cancelled=false(),
    )


def _ledger_findings(
    session: Session,
    entity: Entity,
    query: Select[int, str],
    ledger: Any,
    *,
    expected: ColumnElement[Any],
    expected_entries: ColumnElement[Any],
    cancelled: ColumnElement[bool],
) -> Iterator[Finding]:
    entries, booked = func.coalesce(ledger.c.entries, 0), func.coalesce(ledger.c.booked, 0)
    reversals, reversed_ = func.coalesce(ledger.c.reversals, 0), func.coalesce(ledger.c.reversed, 0)
    wrong_booking = or_(entries != expected_entries, booked != expected)
    wrong_reversal = or_(
        and_(cancelled, or_(reversals != entries, reversed_ != -booked)),
        and_(not_(cancelled), reversals != 0),
    )
    rows = session.execute(
        query.add_columns(entries, booked, reversed_, expected, expected_entries, wrong_booking)
        .where(or_(wrong_booking, wrong_reversal))
        .order_by(query.selected_columns[0])
    )
    for object_id, state, n, total, back, should, should_n, booking_wrong in rows:
        if booking_wrong:
            figures: dict[str, Figure] = {
                "entries": int(n),
                "booked": int(total),
                "expected_entries": int(should_n),
                "expected": int(should),
            }
            yield Finding(InvariantCode.SUBSIDY_BOOKING_WRONG, entity, object_id, figures)
        else:
            figures = {"state": state, "booked": int(total), "reversed": int(back)}
            yield Finding(InvariantCode.SUBSIDY_REVERSAL_WRONG, entity, object_id, figures)
