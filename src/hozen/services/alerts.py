"""The alerts and reminders of the daily run (SPEC §19): what falls due, found by date.

Each query reads only the rows whose date is in its window and that have no notification yet
(indexed by state and date), so the work follows what is due, not the size of the portfolio. A
notification is unique by kind and subject: a second or a concurrent run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import and_, exists, select

from hozen.domain.calendar import add_business_days, add_months
from hozen.domain.codes import NoticeKind
from hozen.domain.registration import CERTIFICATE_VALIDITY_MONTHS, DATED, DocumentKind
from hozen.domain.roles import Permission
from hozen.domain.states import Entity, GuaranteeState, InvoiceState
from hozen.formatting import japanese_date
from hozen.policies import load_policy
from hozen.services import outbox
from hozen.services.common import UnitOfWork
from hozen.store.models import (
    Application,
    Customer,
    Guarantee,
    Invoice,
    Notification,
    RegistrationDocument,
    ReviewRequest,
)
from hozen.store.outbox import insert_new_notifications
from hozen.store.repositories import policies_in_use

INVOICE_DUE_BUSINESS_DAYS = 3
MATURITY_DAYS = 7
CLAIM_DEADLINE_DAYS = 10
CERTIFICATE_EXPIRY_DAYS = 14
CUSTOMER = "customer"


def _not_notified(kind: NoticeKind, entity: Entity, entity_id: Any) -> Any:
    return ~exists().where(
        and_(Notification.kind == kind.value, Notification.entity == entity.value, Notification.entity_id == entity_id)
    )


def _row(
    kind: NoticeKind, entity: Entity, entity_id: int, customer_id: int, audience: str = CUSTOMER, **context: Any
) -> dict[str, Any]:
    return {
        "audience": audience,
        "customer_id": customer_id,
        "kind": kind.value,
        "entity": entity.value,
        "entity_id": entity_id,
        "message_ja": kind.message_ja(context),
    }


def _invoices(uow: UnitOfWork, today: dt.date) -> Iterator[dict[str, Any]]:
    due_by = add_business_days(today, INVOICE_DUE_BUSINESS_DAYS)
    windows = ((NoticeKind.INVOICE_DUE, today, due_by), (NoticeKind.INVOICE_OVERDUE, None, today))
    for kind, first, before in windows:
        query = select(Invoice.id, Invoice.number, Invoice.amount, Invoice.due_date, Invoice.customer_id).where(
            Invoice.state == InvoiceState.OPEN.value, _not_notified(kind, Entity.INVOICE, Invoice.id)
        )
        if first is None:
            query = query.where(Invoice.due_date < before)
        else:
            query = query.where(Invoice.due_date >= first, Invoice.due_date <= before)
        for row in uow.session.execute(query.order_by(Invoice.id)):
            yield _row(
                kind,
                Entity.INVOICE,
                row.id,
                row.customer_id,
                number=row.number,
                amount=row.amount,
                due=japanese_date(row.due_date),
            )


def _maturities(uow: UnitOfWork, today: dt.date) -> Iterator[dict[str, Any]]:
    kind = NoticeKind.MATURITY_SOON
    query = select(
        Guarantee.id, Guarantee.certificate_number, Guarantee.amount, Guarantee.end_date, Guarantee.customer_id
    ).where(
        Guarantee.state == GuaranteeState.ACTIVE.value,
        Guarantee.end_date >= today,
        Guarantee.end_date <= today + dt.timedelta(days=MATURITY_DAYS),
        _not_notified(kind, Entity.GUARANTEE, Guarantee.id),
    )
    for row in uow.session.execute(query.order_by(Guarantee.id)):
        yield _row(
            kind,
            Entity.GUARANTEE,
            row.id,
            row.customer_id,
            number=row.certificate_number or row.id,
            amount=row.amount,
            due=japanese_date(row.end_date),
        )


def _claim_deadlines(uow: UnitOfWork, today: dt.date) -> Iterator[dict[str, Any]]:
    """Guarantees not claimed whose claim deadline (due date + the policy's days, SPEC §9.2) falls
    within ``CLAIM_DEADLINE_DAYS``: to the customer and to the claims staff. A guarantee stays active
    until its payment is assumed, after the deadline, so the (state, end date) index finds them."""
    for name in policies_in_use(uow.session):
        days = dt.timedelta(days=load_policy(name or "default").claim_deadline_days)
        reviewed_under_policy = (
            select(Application.id)
            .join(ReviewRequest, ReviewRequest.id == Application.review_request_id)
            .where(Application.id == Guarantee.application_id, ReviewRequest.policy == name)
            .exists()
        )
        for kind, audience in (
            (NoticeKind.CLAIM_DEADLINE_SOON, CUSTOMER),
            (NoticeKind.CLAIM_DEADLINE_SOON_STAFF, Permission.HANDLE_CLAIMS.value),
        ):
            query = (
                select(
                    Guarantee.id,
                    Guarantee.certificate_number,
                    Guarantee.amount,
                    Guarantee.end_date,
                    Guarantee.customer_id,
                    Customer.name,
                )
                .join(Customer, Customer.id == Guarantee.customer_id)
                .where(
                    Guarantee.state == GuaranteeState.ACTIVE.value,
                    Guarantee.end_date >= today - days,
                    Guarantee.end_date <= today + dt.timedelta(days=CLAIM_DEADLINE_DAYS) - days,
                    reviewed_under_policy,
                    _not_notified(kind, Entity.GUARANTEE, Guarantee.id),
                )
            )
            for row in uow.session.execute(query.order_by(Guarantee.id)):
                yield _row(
                    kind,
                    Entity.GUARANTEE,
                    row.id,
                    row.customer_id,
                    audience,
                    number=row.certificate_number or row.id,
                    amount=row.amount,
                    deadline=japanese_date(row.end_date + days),
                    customer=row.name,
                )


def _expiring_certificates(uow: UnitOfWork, today: dt.date) -> Iterator[dict[str, Any]]:
    """A customer's newest registry or seal certificate that is valid today and no longer valid
    ``CERTIFICATE_EXPIRY_DAYS`` from now (SPEC §8.1: three months from issue): to the customer."""
    kind = NoticeKind.CERTIFICATE_EXPIRING
    newer = RegistrationDocument.__table__.alias("newer")
    query = select(
        RegistrationDocument.id,
        RegistrationDocument.customer_id,
        RegistrationDocument.kind,
        RegistrationDocument.issue_date,
    ).where(
        RegistrationDocument.kind.in_(sorted(k.value for k in DATED)),
        RegistrationDocument.issue_date >= add_months(today, -CERTIFICATE_VALIDITY_MONTHS),
        RegistrationDocument.issue_date
        < add_months(today + dt.timedelta(days=CERTIFICATE_EXPIRY_DAYS), -CERTIFICATE_VALIDITY_MONTHS),
        ~exists().where(
            newer.c.customer_id == RegistrationDocument.customer_id,
            newer.c.kind == RegistrationDocument.kind,
            newer.c.issue_date > RegistrationDocument.issue_date,
        ),
        _not_notified(kind, Entity.REGISTRATION_DOCUMENT, RegistrationDocument.id),
    )
    for row in uow.session.execute(query.order_by(RegistrationDocument.id)):
        yield _row(
            kind,
            Entity.REGISTRATION_DOCUMENT,
            row.id,
            row.customer_id,
            document=DocumentKind(row.kind).label,
            issued=japanese_date(row.issue_date),
            until=japanese_date(add_months(row.issue_date, CERTIFICATE_VALIDITY_MONTHS)),
        )


def raise_alerts(uow: UnitOfWork, today: dt.date) -> list[Notification]:
    """The notifications due today that do not exist yet, each with its outbox event (not committed)."""
    rows = [
        *_invoices(uow, today),
        *_maturities(uow, today),
        *_claim_deadlines(uow, today),
        *_expiring_certificates(uow, today),
    ]
    ids = insert_new_notifications(uow.session, rows)
    return outbox.publish(uow.session, ids, uow.clock.now())
