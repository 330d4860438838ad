"""Fee payments, effect and certificates, maturity, and the daily run (SPEC §5, §8.2 5–8).

Recording a payment is idempotent: the same idempotency key returns the first result and records
nothing twice. The daily run is idempotent too: running it again for the same business date finds
nothing left to do.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Integer, Row, String, column, select

from hozen.contract.reviews import PaymentInput
from hozen.domain.codes import NoticeKind, WorkflowCode
from hozen.domain.errors import ConflictError, DomainError
from hozen.domain.guarantees import (
    application_lapses_on,
    assumed_paid_on,
    certificate_number,
    effect_date,
    latest_due_assumed_paid,
)
from hozen.domain.policy import Policy
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import (
    APPLICATION,
    GUARANTEE,
    INVOICE,
    PURCHASE,
    REVIEW,
    ApplicationState,
    DiscountState,
    Entity,
    GuaranteeState,
    InvoiceState,
    PurchaseState,
    ReviewState,
)
from hozen.policies import load_policy
from hozen.services import alerts, discounts, idempotency, reservations, subsidies
from hozen.services.common import UnitOfWork, get_or_404, get_visible, move, move_where, not_found, policy_of
from hozen.services.frame_guarantees import frame_change_paid
from hozen.store.models import Application, Guarantee, Invoice, Payment, Purchase, ReviewRequest
from hozen.store.repositories import (
    id_batches,
    policies_in_use,
    release_reservation,
    release_reservations,
    values_table,
)


def record_payment(uow: UnitOfWork, actor: Actor, data: PaymentInput, *, today: dt.date) -> Payment:
    """A fee received by bank transfer: the guarantees take effect (now or on their start date)."""
    actor.require(Permission.RECORD_PAYMENT)
    session = uow.session
    request = {"invoice_id": data.invoice_id, "amount": data.amount, "received_on": data.received_on.isoformat()}
    command, earlier = idempotency.begin(uow, "payment", idempotency.STAFF, data.idempotency_key, request, "payment")
    if earlier is not None:
        return get_or_404(session, Payment, earlier[0], Entity.PAYMENT)
    invoice = session.scalars(select(Invoice).where(Invoice.id == data.invoice_id).with_for_update()).first()
    if invoice is None:
        raise not_found(Entity.INVOICE, data.invoice_id)
    if invoice.state != InvoiceState.OPEN.value:
        raise ConflictError(
            WorkflowCode.INVOICE_NOT_OPEN, {"number": invoice.number, "state": InvoiceState(invoice.state)}
        )
    if data.amount != invoice.amount:
        raise DomainError(WorkflowCode.PAYMENT_AMOUNT_MISMATCH, {"invoiced": invoice.amount, "received": data.amount})
    if data.received_on > today:
        raise DomainError(
            WorkflowCode.PAYMENT_IN_FUTURE, {"received_on": data.received_on.isoformat(), "today": today.isoformat()}
        )
    if invoice.application_id is None:  # the fee of a frame change
        payment = _new_payment(uow, actor, invoice, data, command)
        frame_change_paid(session, invoice, actor, data.received_on, today)
        uow.commit()
        return payment
    application = session.get(Application, invoice.application_id)
    assert application is not None
    too_late = [g.id for g in application.guarantees if effect_date(g.start_date, data.received_on) > g.end_date]
    if too_late:
        raise ConflictError(WorkflowCode.PAYMENT_AFTER_DUE_DATE, {"guarantee_ids": too_late})
    payment = _new_payment(uow, actor, invoice, data, command)
    move(session, invoice, INVOICE, InvoiceState.PAID, actor=actor, today=today, reason="fee received")
    move(session, application, APPLICATION, ApplicationState.PAID, actor=actor, today=today)
    for guarantee in application.guarantees:
        guarantee.effect_date = effect_date(guarantee.start_date, data.received_on)
        target = GuaranteeState.ACTIVE if guarantee.effect_date <= today else GuaranteeState.AWAITING_START
        move(session, guarantee, GUARANTEE, target, actor=actor, today=today, reason="fee received")
        if target is GuaranteeState.ACTIVE:
            _issue_certificate(guarantee)
    uow.commit()
    return payment


def _new_payment(
    uow: UnitOfWork, actor: Actor, invoice: Invoice, data: PaymentInput, command: idempotency.Command | None
) -> Payment:
    """The payment row, and the key's answer for a retry."""
    payment = Payment(
        invoice_id=invoice.id,
        amount=data.amount,
        received_on=data.received_on,
        idempotency_key=data.idempotency_key,
        recorded_by=actor.user_id,
    )
    uow.session.add(payment)
    uow.session.flush()
    idempotency.finish(uow, command, [payment.id])
    return payment


def _issue_certificate(guarantee: Guarantee) -> None:
    assert guarantee.effect_date is not None
    guarantee.certificate_number = certificate_number(guarantee.effect_date.year, guarantee.id)
    guarantee.certificate_issued_on = guarantee.effect_date


def confirm_paid(uow: UnitOfWork, actor: Actor, guarantee_id: int, paid_on: dt.date, *, today: dt.date) -> Guarantee:
    """The customer (or operations) confirms the debtor paid at maturity: the guarantee ends."""
    actor.require(Permission.CONFIRM_MATURITY)
    guarantee = get_visible(uow.session, actor, Guarantee, guarantee_id, Entity.GUARANTEE)
    if paid_on > today:
        raise DomainError(WorkflowCode.PAID_ON_IN_FUTURE)
    move(
        uow.session,
        guarantee,
        GUARANTEE,
        GuaranteeState.ENDED,
        actor=actor,
        today=today,
        reason=f"debtor paid on {paid_on.isoformat()} (confirmed)",
    )
    guarantee.ended_on = paid_on
    release_reservation(uow.session, uow.clock.now(), guarantee.id)
    discounts.settle(uow.session, guarantee.id, DiscountState.COLLECTED, actor, today, reason="paid at maturity")
    uow.commit()
    return guarantee


def get_guarantee(uow: UnitOfWork, actor: Actor, guarantee_id: int) -> Guarantee:
    return get_visible(uow.session, actor, Guarantee, guarantee_id, Entity.GUARANTEE)


@dataclass
class DailyReport:
    business_date: dt.date
    activated: list[int] = field(default_factory=list)
    matured: list[int] = field(default_factory=list)
    lapsed: list[int] = field(default_factory=list)
    expired_purchases: list[int] = field(default_factory=list)
    expired_reviews: list[int] = field(default_factory=list)
    reminders: list[int] = field(default_factory=list)  # invoices reminded of their due date
    alerts: list[int] = field(default_factory=list)  # every notification raised


Progress = Callable[[str, int, int], None]


def _no_progress(step: str, done: int, total: int) -> None:
    return None


def run_daily(
    uow: UnitOfWork, actor: Actor | None, *, today: dt.date, progress: Progress = _no_progress
) -> DailyReport:
    """Effect dates and certificates, maturities, lapsed applications, expired reviews, reminders.

    ``actor`` None is the scheduled run from the server's command line (history names no person).
    """
    if actor is not None:
        actor.require(Permission.RUN_DAILY)
    report = DailyReport(today)
    steps: list[tuple[str, Callable[[UnitOfWork, Actor | None, dt.date, DailyReport], None]]] = [
        ("effect", _activate),
        ("maturity", _mature),
        ("lapse", _lapse),
        ("purchases", _expire_purchases),
        ("reviews", _expire_reviews),
        ("alerts", _alert),
    ]
    for number, (name, step) in enumerate(steps, start=1):
        step(uow, actor, today, report)
        progress(name, number, len(steps))
    uow.commit()
    return report


def _activate(uow: UnitOfWork, actor: Actor | None, today: dt.date, report: DailyReport) -> None:
    """Guarantees whose effect date has come take effect and get their certificate, set-based.

    The numbers of the guarantees due are worked out first, and each batch takes effect in one UPDATE
    joined to its numbers: a row is written once (a second UPDATE of a row written in the same
    transaction would check its foreign keys again)."""
    session = uow.session
    due = session.execute(
        select(Guarantee.id, Guarantee.effect_date).where(
            Guarantee.state == GuaranteeState.AWAITING_START.value, Guarantee.effect_date <= today
        )
    ).all()
    year_of = {row.id: row.effect_date.year for row in due}
    for batch in id_batches(sorted(year_of)):
        numbers = values_table(
            session,
            "numbers",
            [column("id", Integer), column("number", String)],
            [(guarantee_id, certificate_number(year_of[guarantee_id], guarantee_id)) for guarantee_id in batch],
        )
        activated = move_where(
            session,
            Guarantee,
            GUARANTEE,
            GuaranteeState.AWAITING_START,
            GuaranteeState.ACTIVE,
            [Guarantee.id == numbers.c.id, Guarantee.effect_date <= today],
            actor=actor,
            today=today,
            reason="effect date reached",
            values={
                "certificate_issued_on": Guarantee.effect_date,
                "certificate_number": numbers.c.number,
                "version": Guarantee.version + 1,
            },
        )
        report.activated.extend(row.id for row in activated)


def _mature(uow: UnitOfWork, actor: Actor | None, today: dt.date, report: DailyReport) -> None:
    """Active guarantees past their due date with no claim by the day their payment is assumed end,
    release their exposure and settle their discounts. A policy's grace gives the latest due date
    that ends today, so each selection walks the (state, end date) index over just those rows (and,
    when several policies are in use, looks up the policy each was reviewed under)."""
    session = uow.session
    ended: list[int] = []
    names = policies_in_use(session)
    for name in names:
        policy = load_policy(name or "default")
        # with one policy in use every guarantee was reviewed under it: nothing to look up per row
        under_policy = [_reviewed_under(name)] if len(names) > 1 else []

        @functools.cache  # a night's rows share a few due dates: each worded once
        def reason_on(end_date: dt.date, policy: Policy = policy) -> str:
            return f"no claim by {assumed_paid_on(end_date, policy).isoformat()}: the debtor's payment is assumed"

        def reason(row: Row[Any], reason_on: Callable[[dt.date], str] = reason_on) -> str:
            return reason_on(row.end_date)

        moved = move_where(
            session,
            Guarantee,
            GUARANTEE,
            GuaranteeState.ACTIVE,
            GuaranteeState.ENDED,
            [Guarantee.end_date <= latest_due_assumed_paid(today, policy), *under_policy],
            actor=actor,
            today=today,
            reason=reason,
            values={"ended_on": Guarantee.end_date, "version": Guarantee.version + 1},
            returning=[Guarantee.end_date],
        )
        ended.extend(row.id for row in moved)
    ended.sort()
    release_reservations(session, uow.clock.now(), ended)
    discounts.settle_all(session, ended, DiscountState.COLLECTED, actor, today, reason="paid at maturity")
    report.matured.extend(ended)


def _reviewed_under(policy_name: str) -> ColumnElement[bool]:
    """A guarantee's application was reviewed under this policy."""
    return (
        select(Application.id)
        .join(ReviewRequest, ReviewRequest.id == Application.review_request_id)
        .where(Application.id == Guarantee.application_id, ReviewRequest.policy == policy_name)
        .exists()
    )


def _lapse(uow: UnitOfWork, actor: Actor | None, today: dt.date, report: DailyReport) -> None:
    session = uow.session
    reserved = session.scalars(select(Application).where(Application.state == ApplicationState.RESERVED.value))
    for application in reserved:
        if application.invoice is None:
            continue  # a purchase: the company pays, nothing to lapse (see _expire_purchases)
        policy = load_policy(policy_of(session, application.id))
        if today <= application_lapses_on(application.start_date, policy):
            continue
        reason = f"fee not received within {policy.application_validity_days} days of the start date"
        move(session, application, APPLICATION, ApplicationState.LAPSED, actor=actor, today=today, reason=reason)
        if application.invoice is not None:
            move(session, application.invoice, INVOICE, InvoiceState.VOID, actor=actor, today=today, reason=reason)
        reservations.cancel(session, application, actor, today, uow.clock.now(), reason)
        report.lapsed.append(application.id)


def _expire_purchases(uow: UnitOfWork, actor: Actor | None, today: dt.date, report: DailyReport) -> None:
    """A purchase whose papers never came is cancelled after the validity period; its exposure and
    subsidy are released, and an application left with nothing to buy lapses."""
    session = uow.session
    waiting = session.scalars(
        select(Purchase).where(
            Purchase.state.in_([PurchaseState.AWAITING_PAPERS.value, PurchaseState.PAPERS_RECEIVED.value])
        )
    )
    for purchase in waiting:
        policy = load_policy(policy_of(session, purchase.application_id))
        if today <= application_lapses_on(purchase.purchase_date, policy):
            continue
        reason = f"not executed within {policy.application_validity_days} days of the purchase date"
        move(session, purchase, PURCHASE, PurchaseState.CANCELLED, actor=actor, today=today, reason=reason)
        release_reservation(session, uow.clock.now(), purchase_id=purchase.id)
        subsidies.reverse(session, today, purchase_id=purchase.id)
        report.expired_purchases.append(purchase.id)
        application = session.get(Application, purchase.application_id)
        assert application is not None
        if application.state == ApplicationState.RESERVED.value and all(
            p.state == PurchaseState.CANCELLED.value for p in application.purchases
        ):
            move(session, application, APPLICATION, ApplicationState.LAPSED, actor=actor, today=today, reason=reason)


def _expire_reviews(uow: UnitOfWork, actor: Actor | None, today: dt.date, report: DailyReport) -> None:
    session = uow.session
    approved = session.scalars(select(ReviewRequest).where(ReviewRequest.state == ReviewState.APPROVED.value))
    for review in approved:
        policy = load_policy(review.policy)
        assert review.approved_on is not None
        if today <= review.approved_on + dt.timedelta(days=policy.application_validity_days):
            continue
        move(
            session,
            review,
            REVIEW,
            ReviewState.EXPIRED,
            actor=actor,
            today=today,
            reason="no application within the validity of the review result",
        )
        report.expired_reviews.append(review.id)


def _alert(uow: UnitOfWork, actor: Actor | None, today: dt.date, report: DailyReport) -> None:
    """The alerts and reminders due today (SPEC §19), each once."""
    raised = alerts.raise_alerts(uow, today)
    report.reminders.extend(n.entity_id for n in raised if n.kind == NoticeKind.INVOICE_DUE.value)
    report.alerts.extend(n.id for n in raised)
