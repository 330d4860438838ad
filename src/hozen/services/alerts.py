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

from hozen.domain.calendar import add_business_days
from hozen.domain.codes import NoticeKind
from hozen.domain.states import Entity, GuaranteeState, InvoiceState
from hozen.formatting import japanese_date
from hozen.services import outbox
from hozen.services.common import UnitOfWork
from hozen.store.models import Guarantee, Invoice, Notification
from hozen.store.outbox import insert_new_notifications

INVOICE_DUE_BUSINESS_DAYS = 3
MATURITY_DAYS = 7
CUSTOMER = "customer"


def _not_notified(kind: NoticeKind, entity: Entity, entity_id: Any) -> Any:
    return ~exists().where(
        and_(Notification.kind == kind.value, Notification.entity == entity.value, Notification.entity_id == entity_id)
    )


def _row(kind: NoticeKind, entity: Entity, entity_id: int, customer_id: int, **context: Any) -> dict[str, Any]:
    return {
        "audience": CUSTOMER,
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


def raise_alerts(uow: UnitOfWork, today: dt.date) -> list[Notification]:
    """The notifications due today that do not exist yet, each with its outbox event (not committed)."""
    rows = [*_invoices(uow, today), *_maturities(uow, today)]
    ids = insert_new_notifications(uow.session, rows)
    return outbox.publish(uow.session, ids, uow.clock.now())
