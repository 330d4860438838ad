"""The alerts and reminders of the daily run (SPEC §19): what falls due, found by date.

Each query reads only the rows whose date is in its window and that have no notification yet
(indexed by state and date), so the work follows what is due, not the size of the portfolio. A
notification is unique by kind and subject: a second or a concurrent run adds nothing. Limit
utilisation is the exception that cannot be found by date: it reads one grouped sum of the live
reservations (see ``_utilisation``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from hozen.domain.calendar import add_business_days, add_months
from hozen.domain.codes import NoticeKind
from hozen.domain.limits import creditor_limit, debtor_limit
from hozen.domain.policy import Policy
from hozen.domain.programme import ProgrammeRules
from hozen.domain.registration import CERTIFICATE_VALIDITY_MONTHS, DATED, DocumentKind
from hozen.domain.roles import Permission
from hozen.domain.states import Entity, GuaranteeState, InvoiceState
from hozen.formatting import japanese_date
from hozen.policies import load_policy, programme
from hozen.services import outbox
from hozen.services.common import UnitOfWork
from hozen.store.models import (
    Application,
    Customer,
    Debtor,
    Guarantee,
    Invoice,
    Notification,
    RegistrationDocument,
    Reservation,
    ReviewRequest,
)
from hozen.store.outbox import Published, insert_new_notifications
from hozen.store.repositories import RESERVED, id_batches, policies_in_use

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
    kind: NoticeKind,
    entity: Entity | str,
    entity_id: int,
    customer_id: int | None,
    audience: str = CUSTOMER,
    **context: Any,
) -> dict[str, Any]:
    return {
        "audience": audience,
        "customer_id": customer_id,
        "kind": kind.value,
        "entity": entity if isinstance(entity, str) else entity.value,
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
        for row in uow.session.execute(query.order_by(Invoice.id)).all():
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
    for row in uow.session.execute(query.order_by(Guarantee.id)).all():
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
    until its payment is assumed, after the deadline, so the (state, end date) index finds them.

    One selection per notice covers the windows of every policy in use; the policy of the rows found
    (read by primary key, only for the rows not yet notified) decides whether its own window holds.
    """
    session = uow.session
    deadline_days = {
        name: dt.timedelta(days=load_policy(name or "default").claim_deadline_days) for name in policies_in_use(session)
    }
    if not deadline_days:
        return
    soon = dt.timedelta(days=CLAIM_DEADLINE_DAYS)
    found = {
        (kind, audience): session.execute(
            select(
                Guarantee.id,
                Guarantee.application_id,
                Guarantee.certificate_number,
                Guarantee.amount,
                Guarantee.end_date,
                Guarantee.customer_id,
                Customer.name,
            )
            .join(Customer, Customer.id == Guarantee.customer_id)
            .where(
                Guarantee.state == GuaranteeState.ACTIVE.value,
                Guarantee.end_date >= today - max(deadline_days.values()),
                Guarantee.end_date <= today + soon - min(deadline_days.values()),
                _not_notified(kind, Entity.GUARANTEE, Guarantee.id),
            )
            .order_by(Guarantee.id)
        ).all()
        for kind, audience in (
            (NoticeKind.CLAIM_DEADLINE_SOON, CUSTOMER),
            (NoticeKind.CLAIM_DEADLINE_SOON_STAFF, Permission.HANDLE_CLAIMS.value),
        )
    }
    days_of = _deadline_days_of(session, {row.application_id for rows in found.values() for row in rows}, deadline_days)
    for (kind, audience), rows in found.items():
        for row in rows:
            days = days_of(row.application_id)
            if today - days <= row.end_date <= today + soon - days:
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


def _deadline_days_of(
    session: Session, application_ids: set[int], deadline_days: dict[str, dt.timedelta]
) -> Callable[[int], dt.timedelta]:
    """The claim deadline days of each application's policy. With one policy in use there is nothing
    to read: the selection's window is already each row's own."""
    if len(deadline_days) == 1:
        (days,) = deadline_days.values()
        return lambda application_id: days
    policy_of: dict[int, str] = {}
    for batch in id_batches(sorted(application_ids)):
        query = (
            select(Application.id, ReviewRequest.policy)
            .join(ReviewRequest, ReviewRequest.id == Application.review_request_id)
            .where(Application.id.in_(batch))
        )
        policy_of.update({application_id: policy for application_id, policy in session.execute(query)})
    return lambda application_id: deadline_days[policy_of[application_id]]


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


def _crossing_subject(party: Entity, threshold: int, crossing: int) -> str:
    """The subject of the ``crossing``-th time a party's utilisation reached ``threshold`` percent:
    with the party's id as entity id it makes each crossing unique (``customer:80:1``)."""
    return f"{party.value}:{threshold}:{crossing}"


Limits = Callable[[UnitOfWork, ProgrammeRules, Policy, Sequence[int]], Iterator[tuple[int, str, int]]]


def _debtor_limits(
    uow: UnitOfWork, rules: ProgrammeRules, policy: Policy, ids: Sequence[int]
) -> Iterator[tuple[int, str, int]]:
    query = select(Debtor.id, Debtor.name, Debtor.net_assets, Debtor.own_limit).where(Debtor.id.in_(ids))
    for debtor in uow.session.execute(query):
        yield debtor.id, debtor.name, debtor_limit(rules, policy, debtor.net_assets, debtor.own_limit)


def _customer_limits(
    uow: UnitOfWork, rules: ProgrammeRules, policy: Policy, ids: Sequence[int]
) -> Iterator[tuple[int, str, int]]:
    query = select(Customer.id, Customer.name, Customer.own_limit).where(Customer.id.in_(ids))
    for customer in uow.session.execute(query):
        yield customer.id, customer.name, creditor_limit(rules, policy, customer.own_limit)


@dataclass(frozen=True, slots=True)
class _LimitedParty:
    kind: NoticeKind
    entity: Entity
    limits: Limits
    reservation_column: Any


_LIMITED_PARTIES = (
    _LimitedParty(NoticeKind.DEBTOR_LIMIT_THRESHOLD, Entity.DEBTOR, _debtor_limits, Reservation.debtor_id),
    _LimitedParty(NoticeKind.CUSTOMER_LIMIT_THRESHOLD, Entity.CUSTOMER, _customer_limits, Reservation.customer_id),
)


def _utilisation(uow: UnitOfWork, today: dt.date, policy: Policy) -> Iterator[dict[str, Any]]:
    """Limits whose utilisation (exposure / limit, compared exactly in integers) reached a threshold.

    A crossing is raised once and stays open while the utilisation stays at or above the threshold;
    when it falls below, the open alert is resolved, and the next crossing is a new alert. One scan of
    the live reservations, summed by (debtor, customer) pair, gives every debtor's and every
    customer's exposure; only parties with exposure or an open alert are read.
    """
    rules = programme().in_force(today)
    session, now = uow.session, uow.clock.now()
    pairs = session.execute(
        select(Reservation.debtor_id, Reservation.customer_id, func.sum(Reservation.amount).label("total"))
        .where(Reservation.state == RESERVED)
        .group_by(Reservation.debtor_id, Reservation.customer_id)
    ).all()
    for party in _LIMITED_PARTIES:
        exposures: dict[int, int] = defaultdict(int)
        for pair in pairs:
            exposures[pair._mapping[party.reservation_column]] += int(pair.total)
        open_alerts = {
            (notice.entity_id, int(notice.entity.split(":")[1])): notice
            for notice in session.scalars(
                select(Notification).where(Notification.kind == party.kind.value, Notification.resolved_at.is_(None))
            )
        }
        ids = sorted(set(exposures) | {party_id for party_id, _ in open_alerts})
        for batch in id_batches(ids):
            for party_id, name, limit in party.limits(uow, rules, policy, batch):
                exposure = exposures.get(party_id, 0)
                for threshold in policy.alert_thresholds:
                    reached = exposure > 0 and exposure * 100 >= threshold * limit
                    notice = open_alerts.get((party_id, threshold))
                    if notice is not None and not reached:
                        notice.resolved_at = now
                    elif notice is None and reached:
                        crossing = _crossings(uow, party, party_id, threshold) + 1
                        yield _row(
                            party.kind,
                            _crossing_subject(party.entity, threshold, crossing),
                            party_id,
                            party_id if party.entity is Entity.CUSTOMER else None,
                            Permission.DECIDE_LIMITS.value,
                            name=name,
                            exposure=exposure,
                            limit=limit,
                            utilisation=exposure * 100 // limit if limit else "—",
                            threshold=threshold,
                        )


def _crossings(uow: UnitOfWork, party: _LimitedParty, party_id: int, threshold: int) -> int:
    """How many times this party's utilisation reached this threshold before."""
    prefix = f"{party.entity.value}:{threshold}:"
    query = select(func.count()).where(
        Notification.kind == party.kind.value,
        Notification.entity_id == party_id,
        Notification.entity.startswith(prefix, autoescape=True),
    )
    return int(uow.session.scalar(query) or 0)


def raise_alerts(uow: UnitOfWork, today: dt.date, policy: Policy | None = None) -> list[Published]:
    """The notifications due today that do not exist yet, each with its outbox event (not committed).

    Limit utilisation is judged under ``policy`` (the default policy unless given), the one the
    company's limits are reported under."""
    rows = [
        *_utilisation(uow, today, policy or load_policy("default")),
        *_invoices(uow, today),
        *_maturities(uow, today),
        *_claim_deadlines(uow, today),
        *_expiring_certificates(uow, today),
    ]
    inserted = insert_new_notifications(uow.session, rows)
    outbox.publish_rows(uow.session, inserted, uow.clock.now())
    return inserted
