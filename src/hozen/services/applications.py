"""Applications (申込) with atomic limit reservation, held applications and limit decisions (SPEC §5, §8.2 4–5).

Reserving is atomic: the debtor rows and the customer row are locked (in that order) in the same
transaction that writes the application, its guarantees, its reservations and its invoice. The lock
is taken as late as possible: everything that does not depend on the reserved sums is written first
(see :func:`apply`), so that applications on one busy debtor wait for each other only for the sums
and the reservations. An
application that would breach a limit is *held* with the reason codes and a notification for staff:
never reserved past the limit, never lost.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, cast

from sqlalchemy import Delete, Table, bindparam, delete, inspect, select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from hozen.domain.codes import EligibilityCode, PricingCode, WorkflowCode
from hozen.domain.errors import ConflictError, DomainError
from hozen.domain.guarantees import invoice_due_date, start_date
from hozen.domain.limits import Headroom, creditor_limit, debtor_limit
from hozen.domain.money import format_rate
from hozen.domain.policy import Policy, Product
from hozen.domain.purchases import earliest_purchase_date
from hozen.domain.purchases import proceeds as purchase_proceeds
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import (
    APPLICATION,
    GUARANTEE,
    REVIEW,
    ApplicationState,
    Entity,
    GuaranteeState,
    InvoiceState,
    LineDecision,
    PurchaseState,
    ReviewState,
)
from hozen.domain.states import PURCHASE as PURCHASE_TABLE
from hozen.policies import load_policy, programme
from hozen.services import duplicates, idempotency, outbox, reservations, subsidies
from hozen.services.common import (
    UnitOfWork,
    get_or_404,
    get_visible,
    move,
    not_found,
    record_creation,
)
from hozen.services.reviews import PURCHASE, price_line
from hozen.services.together import Alone, Grouped
from hozen.store import audit_chain
from hozen.store.audit_chain import HistoryRow
from hozen.store.models import (
    Application,
    Guarantee,
    Invoice,
    Notification,
    Purchase,
    Reservation,
    ReviewLine,
    ReviewRequest,
    SubsidyEntry,
)
from hozen.store.outbox import insert_new_notifications
from hozen.store.repositories import (
    ListedIn,
    detach_new,
    insert_new,
    lock_limit_rows,
    lock_limits,
    new_row,
    record_transitions,
    reserved_sums,
    take_ids,
)

HOLD_NOTICE = "application_held"


MOST_TOGETHER = 32
"""The most applications one transaction takes together (see :mod:`hozen.services.together`)."""
GATHER_SECONDS = 0.003
"""How long a group waits for the callers of the last one to come back with their next call."""


@dataclass(frozen=True, slots=True)
class ApplyCall:
    """One call to :func:`apply`: who, which review, which of its lines, on which business date."""

    actor: Actor
    review_id: int
    line_ids: tuple[int, ...]
    idempotency_key: str | None
    today: dt.date


def apply(
    uow: UnitOfWork,
    actor: Actor,
    review_id: int,
    line_ids: Sequence[int],
    *,
    today: dt.date,
    idempotency_key: str | None = None,
) -> list[Application]:
    """The customer takes up accepted lines: one application per debtor, limits reserved or held.

    Everything that does not need the reserved sums — the review claimed, the checks, pricing, the
    receivable keys and every row of the applications, written as if they will be reserved — is done
    before the limit rows are locked. Under the lock (:func:`_reserve_or_hold`) only the sums are read,
    each application decided, and the reservations of those that fit inserted; the transaction then
    commits. A held application (rare: the limit is reached) is turned back under the lock.

    On PostgreSQL, calls that arrive while another is being written on the same server process are
    written together in one transaction (:mod:`hozen.services.together`): one lock, one read of the
    sums, one seal and one commit for all of them. A group that fails is written by nobody and each
    of its calls runs again alone, so every caller gets exactly the answer it would get alone. This
    must be the first write of the unit of work (every caller's is); one that has written runs alone.

    The applications written are returned as detached rows, complete (see :func:`_answer`): to
    change one, read it in the unit of work.
    """
    actor.require(Permission.APPLY)
    call = ApplyCall(actor, review_id, tuple(line_ids), idempotency_key, today)
    session = uow.session
    if _may_wait(session):
        written = _TOGETHER.run(uow, (session.get_bind(), today), call)
        if not isinstance(written, Alone):
            return _answer(session, written)
    [written] = _apply_all(uow, [call])
    return _answer(session, written)


def _answer(session: Session, applications: list[Application]) -> list[Application]:
    """A call's applications as its caller receives them. Those written now are the detached rows
    they were made as (:func:`_write_drafts`): complete — every column, their guarantees, purchases
    and invoice — so nothing is read or added to the caller's session; taking them into it cost a
    tenth of an application's work (docs/performance.md). A retry's, read in another unit of work of
    the group, are read again in the caller's session."""
    return [
        application
        if inspect(application).detached or inspect(application).session is session
        else get_or_404(session, Application, application.id, Entity.APPLICATION)
        for application in applications
    ]


def _may_wait(session: Session) -> bool:
    """A unit of work may wait for another's transaction only when it holds nothing another needs: on
    PostgreSQL, before it has written (SQLite's write unit of work holds the database's write lock)."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    return not (session.new or session.dirty or session.deleted or audit_chain.has_written(session))


@dataclass(slots=True)
class _Taking:
    """A call that takes up lines (not a retry answered from its idempotency key)."""

    call: ApplyCall
    review: ReviewRequest
    chosen: list[ReviewLine]
    command: idempotency.Command | None
    result: list[Application]
    """Its applications, as the call is answered (filled when they are written)."""
    drafts: list[_Draft] = field(default_factory=list)


def _apply_all(uow: UnitOfWork, calls: Sequence[ApplyCall]) -> list[list[Application]]:
    """Every call's applications written in ``uow``'s one transaction, committed, by call (a retry's
    as first written). Raises the first error of any call (a group's calls then run again alone)."""
    session = uow.session
    today = calls[0].today
    if len({call.review_id for call in calls}) < len(calls):
        raise _NotTogether("one review applied for twice: each call alone decides which is first")
    reviews, claimed = _reviews(session, [call.review_id for call in calls])
    results: list[list[Application]] = []
    taking: list[_Taking] = []
    for call in calls:
        call.actor.require(Permission.APPLY)
        review = reviews.get(call.review_id)
        if review is None:
            raise not_found(Entity.REVIEW_REQUEST, call.review_id)
        call.actor.require_customer(review.customer_id)
        wanted = set(call.line_ids)
        chosen = [line for line in review.lines if line.id in wanted]
        if len(chosen) != len(wanted):
            raise not_found(Entity.LINE, sorted(wanted - {line.id for line in chosen}))
        request = {"review_id": review.id, "line_ids": sorted(wanted)}
        scope = idempotency.customer_scope(review.customer_id)
        command, earlier = idempotency.begin(uow, "apply", scope, call.idempotency_key, request)
        result = [] if earlier is None else [get_or_404(session, Application, i, Entity.APPLICATION) for i in earlier]
        results.append(result)
        if earlier is None:
            taking.append(_Taking(call, review, chosen, command, result))
    if taking:
        _take_up(uow, taking, today, claimed)
    uow.commit()
    # the rows answered made detached rows, as if loaded, once the locks are released: nothing waits for it
    detach_new(row for taken in taking for draft in taken.drafts for row in draft.answered())
    return results


def _take_up(uow: UnitOfWork, taking: list[_Taking], today: dt.date, claimed: dict[int, int] | None) -> None:
    """The calls' lines taken up: reviews claimed, keys held, applications written, limits reserved or
    held — every call's rows together, the limit rows locked once — and each call's history."""
    session = uow.session
    _claim(session, taking, today, claimed)
    for taken in taking:
        not_accepted = [line.id for line in taken.chosen if line.decision != LineDecision.ACCEPTED]
        if not_accepted:
            raise ConflictError(WorkflowCode.LINE_NOT_ACCEPTED, {"line_ids": not_accepted})
    _require_programme_open(today)
    duplicates.hold(session, [(taken.review.customer_id, taken.chosen) for taken in taking])
    for taken in taking:  # no statement from here to the flush: every call's rows go in together
        review = taken.review
        policy = load_policy(review.policy)
        start = start_date(today, policy)
        taken.drafts = [
            _draft(session, review, list(group), policy, start, today)
            for _, group in groupby(
                sorted(taken.chosen, key=lambda line: (line.debtor_id, _frame_key(line), line.id)),
                key=lambda line: (line.debtor_id, _frame_key(line)),
            )
        ]
    drafts = [draft for taken in taking for draft in taken.drafts]
    _write_drafts(session, drafts, today)
    _reserve_or_hold(session, drafts, today, uow.clock.now())
    for taken in taking:
        _record_history(session, taken.call.actor, taken.drafts, today)
        taken.result += [draft.application for draft in taken.drafts]
        idempotency.finish(uow, taken.command, [application.id for application in taken.result])


class _NotTogether(Exception):
    """Calls that cannot share one transaction (a group's; each then runs alone). Two calls for one
    review would see each other's uncommitted claim and idempotency key as if committed before."""


def _reviews(session: Session, review_ids: Sequence[int]) -> tuple[dict[int, ReviewRequest], dict[int, int] | None]:
    """The reviews asked for, with their lines, in one query whatever their number. On PostgreSQL the
    same statement claims those still approved (:data:`_CLAIM`, as a ``WITH`` query: one round trip
    fewer), and their new versions come back beside them; the rows read are as before the claim, and
    :func:`_claim` takes the versions. SQLite (no ``UPDATE`` inside ``WITH``) claims in :func:`_claim`.
    Claiming before each call's checks changes nothing a caller sees: a check that fails rolls the
    claim back with everything else, and a review applied for already (a retry's) is not approved."""
    ids = {"ids": sorted(set(review_ids))}
    if session.get_bind().dialect.name != "postgresql":
        return {review.id: review for review in session.scalars(_REVIEWS, ids).unique()}, None
    reviews: dict[int, ReviewRequest] = {}
    claimed: dict[int, int] = {}
    for review, version in session.execute(_REVIEWS_CLAIMING, ids).unique():
        reviews[review.id] = review
        if version is not None:
            claimed[review.id] = version
    return reviews, claimed


_TOGETHER: Grouped[ApplyCall, list[Application]] = Grouped(_apply_all, MOST_TOGETHER, GATHER_SECONDS)


def _claim(session: Session, taking: Sequence[_Taking], today: dt.date, claimed: dict[int, int] | None) -> None:
    """Move the approved reviews to applied with one conditional UPDATE (a constant statement, with no
    ORM bookkeeping: the reviews read in this transaction take their new state and version as
    committed values): of two applications for the same review at once, the second waits for the
    first and then finds the review applied (409). Each review's history row names who applied.
    ``claimed``: the versions of the reviews claimed as they were read (:func:`_reviews`), if they were."""
    REVIEW.check(ReviewState.APPROVED, ReviewState.APPLIED)
    if claimed is None:
        ids = {"ids": [taken.review.id for taken in taking]}
        claimed = {review_id: version for review_id, version in session.execute(_CLAIM, ids)}
    for taken in taking:
        if taken.review.id not in claimed:
            session.refresh(taken.review)
            raise ConflictError(WorkflowCode.REVIEW_NOT_APPROVED, {"state": ReviewState(taken.review.state)})
    history = []
    for taken in taking:
        review = taken.review
        set_committed_value(review, "state", ReviewState.APPLIED.value)
        set_committed_value(review, "version", claimed[review.id])
        history.append(
            HistoryRow(
                REVIEW.entity,
                review.id,
                ReviewState.APPROVED.value,
                ReviewState.APPLIED.value,
                taken.call.actor.recorded_id,
                today,
                "applied",
            )
        )
    record_transitions(session, history)


_REVIEW_REQUESTS = cast(Table, ReviewRequest.__table__)
_CLAIM = (
    update(_REVIEW_REQUESTS)
    .where(
        ListedIn(_REVIEW_REQUESTS.c.id, "ids"),
        _REVIEW_REQUESTS.c.state == ReviewState.APPROVED.value,
    )
    .values(state=ReviewState.APPLIED.value, version=_REVIEW_REQUESTS.c.version + 1)
    .returning(_REVIEW_REQUESTS.c.id, _REVIEW_REQUESTS.c.version)
)
_REVIEWS = select(ReviewRequest).where(ListedIn(ReviewRequest.id, "ids")).options(joinedload(ReviewRequest.lines))
_CLAIMED = _CLAIM.cte("claimed")
_REVIEWS_CLAIMING = (
    select(ReviewRequest, _CLAIMED.c.version)
    .outerjoin(_CLAIMED, _CLAIMED.c.id == ReviewRequest.id)
    .where(ListedIn(ReviewRequest.id, "ids"))
    .options(joinedload(ReviewRequest.lines))
)


def _require_programme_open(today: dt.date) -> None:
    rules = programme().in_force(today)
    if not rules.receives_applications_on(today):
        end, received = rules.programme_end.isoformat(), today.isoformat()
        raise DomainError(
            PricingCode.AFTER_PROGRAMME_END, {"variant": "application", "programme_end": end, "received_on": received}
        )


def _frame_key(line: ReviewLine) -> int:
    """Individual lines of one debtor share an application; each frame has its own."""
    return line.id if line.kind == Product.FRAME.value else 0


_Written = Application | Guarantee | Purchase | Invoice | SubsidyEntry | Reservation


@dataclass(slots=True)
class _Draft:
    """One application written before the limit rows are locked, as if it will be reserved."""

    application: Application
    policy: Policy
    lines: list[ReviewLine]
    guarantees: list[Guarantee]
    purchases: list[Purchase]
    invoice: Invoice | None = None
    subsidies: list[SubsidyEntry] = field(default_factory=list)
    reservations: list[Reservation] = field(default_factory=list)

    def answered(self) -> list[Application | Guarantee | Purchase | Invoice]:
        """The rows its caller receives: the application and those reached from it."""
        unissued = [] if self.invoice is None else [self.invoice]
        return [self.application, *self.guarantees, *self.purchases, *unissued]


def _draft(
    session: Session,
    review: ReviewRequest,
    lines: list[ReviewLine],
    policy: Policy,
    start: dt.date,
    today: dt.date,
) -> _Draft:
    """An application of one debtor's lines (or one frame), priced, its guarantees or purchases built."""
    bought = review.product == PURCHASE
    if bought:
        start = min(earliest_purchase_date(today, policy, Product(line.kind)) for line in lines)
    face_total = sum(line.amount for line in lines)
    if policy.application_minimum is not None and face_total < policy.application_minimum:
        raise DomainError(
            EligibilityCode.APPLICATION_TOO_SMALL, {"total": face_total, "minimum": policy.application_minimum}
        )
    application = new_row(
        Application,
        {
            "review_request_id": review.id,
            "customer_id": review.customer_id,
            "debtor_id": lines[0].debtor_id,
            "state": ApplicationState.RESERVED.value,  # turned to held under the lock if a limit does not allow it
            "hold_reasons": "",
            "received_on": today,
            "start_date": start,
            "amount": sum(line.guaranteed_amount or 0 for line in lines),
            "office_fee": _office_fee(policy, lines[0], bought),
        },
    )
    draft = _Draft(application, policy, lines, [], [])
    for line in lines:
        assert line.guaranteed_amount is not None and line.gross_rate is not None
        if bought:
            draft.purchases.append(_purchase(line, application, policy, today))
            set_committed_value(draft.purchases[-1], "line", line)  # as loaded: nothing to read to present it
            continue
        quote = price_line(policy, line, line.guaranteed_amount, line.gross_rate, start, today)
        draft.guarantees.append(
            new_row(
                Guarantee,
                {
                    "review_line_id": line.id,
                    "customer_id": review.customer_id,
                    "debtor_id": line.debtor_id,
                    "product": line.kind,
                    "amount": line.guaranteed_amount,
                    "start_date": start,
                    "end_date": line.due_date,
                    "state": GuaranteeState.AWAITING_PAYMENT.value,
                    "gross_rate": line.gross_rate,
                    "subsidy_rate": line.subsidy_rate or "0",
                    "days": quote.days,
                    "gross_fee": quote.gross_fee,
                    "subsidy": quote.subsidy,
                    "net_fee": quote.net_fee,
                },
            )
        )
        set_committed_value(draft.guarantees[-1], "line", line)
    set_committed_value(application, "guarantees", draft.guarantees)  # as loaded: no event, no load
    set_committed_value(application, "purchases", draft.purchases)
    return draft


def _write_drafts(session: Session, drafts: list[_Draft], today: dt.date) -> None:
    """Every row of the drafted applications, before any lock: the applications, their guarantees or
    purchases, the invoices, the subsidies booked, the reservations, and the lines taken up — written
    as if every application will be reserved. The ids are taken first (one statement) and the rows go
    in with Core (:func:`insert_new`: one statement for every table on PostgreSQL), with nothing to
    read back: they never enter the session's unit of work, whose flush of a group's objects was the
    largest part of its Python time (see docs/performance.md)."""
    applications = [draft.application for draft in drafts]
    guarantees = [guarantee for draft in drafts for guarantee in draft.guarantees]
    purchases = [bought_note for draft in drafts for bought_note in draft.purchases]
    invoiced = [draft for draft in drafts if draft.guarantees]
    subsidised = sum(1 for guarantee in guarantees if guarantee.subsidy) + sum(1 for p in purchases if p.subsidy)
    ids = take_ids(
        session,
        {
            _APPLICATIONS: len(applications),
            _GUARANTEES: len(guarantees),
            _PURCHASES: len(purchases),
            _INVOICES: len(invoiced),
            _SUBSIDY_ENTRIES: subsidised,
            _RESERVATIONS: len(guarantees) + len(purchases),
        },
    )
    _number(applications, ids.get(_APPLICATIONS))
    _number(guarantees, ids.get(_GUARANTEES))
    _number(purchases, ids.get(_PURCHASES))
    for draft in drafts:
        holders: list[Guarantee | Purchase] = [*draft.guarantees, *draft.purchases]
        for holder in holders:
            vars(holder)["application_id"] = draft.application.id  # a new row's value, put in place (new_row)
        draft.invoice = _invoice(draft.application, draft.guarantees, today)
        set_committed_value(draft.application, "invoice", draft.invoice)
        draft.subsidies = [entry for holder in holders for entry in subsidies.entries(holder, today)]
        draft.reservations = [reservations.reservation_of(holder) for holder in holders]
    invoices = [draft.invoice for draft in invoiced if draft.invoice is not None]
    entries = [entry for draft in drafts for entry in draft.subsidies]
    reserved = [reservation for draft in drafts for reservation in draft.reservations]
    _number(invoices, ids.get(_INVOICES))
    _number(entries, ids.get(_SUBSIDY_ENTRIES))
    _number(reserved, ids.get(_RESERVATIONS))
    taken_up = [(line, draft.application.id) for draft in drafts for line in draft.lines]
    # the rows that others refer to first (SQLite checks each executemany's foreign keys as it runs)
    insert_new(
        session,
        [*applications, *guarantees, *purchases, *invoices, *entries, *reserved],
        setting={_REVIEW_LINES: [{"id": line.id, "application_id": application} for line, application in taken_up]},
    )
    for line, application_id in taken_up:
        set_committed_value(line, "application_id", application_id)


def _number(rows: Sequence[_Written], ids: list[int] | None) -> None:
    """Each new row's id put in place, as :func:`new_row` puts its values (no attribute event)."""
    for row, number in zip(rows, ids or [], strict=True):
        vars(row)["id"] = number


_APPLICATIONS = cast(Table, Application.__table__)
_GUARANTEES = cast(Table, Guarantee.__table__)
_PURCHASES = cast(Table, Purchase.__table__)
_INVOICES = cast(Table, Invoice.__table__)
_SUBSIDY_ENTRIES = cast(Table, SubsidyEntry.__table__)
_RESERVATIONS = cast(Table, Reservation.__table__)
_REVIEW_LINES = cast(Table, ReviewLine.__table__)


def _record_history(session: Session, actor: Actor, drafts: list[_Draft], today: dt.date) -> None:
    """The first state of every row the applications created, as decided under the lock."""
    actor_id = actor.user_id
    rows: list[HistoryRow] = []
    for draft in drafts:
        application = draft.application
        reason = application.hold_reasons or "limits reserved"
        rows.append(HistoryRow(APPLICATION.entity, application.id, None, application.state, actor_id, today, reason))
        rows += (HistoryRow(GUARANTEE.entity, g.id, None, g.state, actor_id, today) for g in draft.guarantees)
        rows += (HistoryRow(PURCHASE_TABLE.entity, p.id, None, p.state, actor_id, today) for p in draft.purchases)
    issued = [draft.invoice for draft in drafts if draft.invoice is not None]
    rows += (HistoryRow(Entity.INVOICE.value, i.id, None, i.state, actor_id, today, "invoice issued") for i in issued)
    record_transitions(session, rows)


def _reserve_or_hold(session: Session, drafts: list[_Draft], today: dt.date, now: dt.datetime) -> None:
    """The locked section: lock the limit rows (the one order, one statement), read the reserved sums
    (one query), and decide each application in turn — the earlier ones of this transaction counted.
    Their reservations were written with them, so the sums hold them already: each is taken out and
    counted only once its application is decided to fit. Those that do not fit are held."""
    applications = [draft.application for draft in drafts]
    limits = lock_limits(session, [a.debtor_id for a in applications], [a.customer_id for a in applications])
    exposure = reserved_sums(session, list(limits.debtors), list(limits.customers))
    for reservation in (reservation for draft in drafts for reservation in draft.reservations):
        exposure.debtors[reservation.debtor_id] -= reservation.amount
        exposure.customers[reservation.customer_id] -= reservation.amount
    rules = programme().in_force(today)
    held: list[tuple[_Draft, str]] = []
    for draft in drafts:
        application, policy = draft.application, draft.policy
        debtor, customer = limits.debtors[application.debtor_id], limits.customers[application.customer_id]
        room = Headroom(
            debtor_exposure=exposure.debtors.get(debtor.id, 0),
            debtor_limit=debtor_limit(rules, policy, debtor.net_assets, debtor.own_limit),
            creditor_exposure=exposure.customers.get(customer.id, 0),
            creditor_limit=creditor_limit(rules, policy, customer.own_limit),
        )
        breaches = room.breaches(application.amount)
        if breaches:
            held.append((draft, ",".join(breaches)))
            continue
        exposure.debtors[debtor.id] = room.debtor_exposure + application.amount
        exposure.customers[customer.id] = room.creditor_exposure + application.amount
    if held:
        _hold(session, held, now)


def _hold(session: Session, held: list[tuple[_Draft, str]], now: dt.datetime) -> None:
    """Drafted applications that a limit does not allow, each with its reasons: held, with no
    reservation, no invoice and no subsidy booked, and a notice for staff leaving through the outbox —
    a few statements for all of them. Their rows are still as first written (in this transaction), so
    their version stays the first."""
    for draft, reasons in held:
        draft.application.state = ApplicationState.HELD.value
        draft.application.hold_reasons = reasons
    session.execute(_HOLD, [{"held": draft.application.id, "reasons": reasons} for draft, reasons in held])
    for table, rows in (
        (_RESERVATIONS, [row for draft, _ in held for row in draft.reservations]),
        (_SUBSIDY_ENTRIES, [row for draft, _ in held for row in draft.subsidies]),
        (_INVOICES, [draft.invoice for draft, _ in held if draft.invoice is not None]),
    ):
        if rows:
            session.execute(_dropping(table), {"ids": [row.id for row in rows]})
    for draft, _ in held:
        draft.invoice = None
        set_committed_value(draft.application, "invoice", None)
        draft.subsidies, draft.reservations = [], []
    notices = insert_new_notifications(session, [_held_notice(draft.application) for draft, _ in held])
    outbox.publish_rows(session, notices, now)


_HOLD = (
    update(_APPLICATIONS)
    .where(_APPLICATIONS.c.id == bindparam("held"))
    .values(state=ApplicationState.HELD.value, hold_reasons=bindparam("reasons"))
)


@functools.cache
def _dropping(table: Table) -> Delete:
    return delete(table).where(table.c.id.in_(bindparam("ids", expanding=True)))


def _office_fee(policy: Policy, first: ReviewLine, bought: bool) -> int:
    if bought:
        return policy.office_fees.purchase
    return policy.office_fees.frame_new if first.kind == Product.FRAME.value else policy.office_fees.individual


def _purchase(line: ReviewLine, application: Application, policy: Policy, today: dt.date) -> Purchase:
    """A note to buy: priced from its earliest purchase date (papers arriving today) to its due date."""
    assert line.gross_rate is not None
    kind = Product(line.kind)
    on = earliest_purchase_date(today, policy, kind)
    quote = price_line(policy, line, line.amount, line.gross_rate, on, today)
    transfer_fee = policy.purchase_transfer_fee
    return new_row(
        Purchase,
        {
            "review_line_id": line.id,
            "customer_id": application.customer_id,
            "debtor_id": line.debtor_id,
            "kind": kind.value,
            "face": line.amount,
            "purchase_date": on,
            "due_date": line.due_date,
            "gross_rate": line.gross_rate,
            "subsidy_rate": format_rate(quote.subsidy_rate),
            "days": quote.days,
            "gross_fee": quote.gross_fee,
            "subsidy": quote.subsidy,
            "net_fee": quote.net_fee,
            "transfer_fee": transfer_fee,
            "proceeds": purchase_proceeds(line.amount, quote.net_fee, transfer_fee),
            "state": PurchaseState.AWAITING_PAPERS.value,
        },
    )


def _held_notice(application: Application) -> dict[str, Any]:
    """The notice for staff of a held application, as a row of ``notifications``."""
    reasons = "・".join(EligibilityCode(code).label for code in application.hold_reasons.split(","))
    return {
        "audience": "decide_limits",
        "customer_id": application.customer_id,
        "kind": HOLD_NOTICE,
        "entity": APPLICATION.entity,
        "entity_id": application.id,
        "message_ja": f"申込 {application.id}（{application.amount:,}円）は{reasons}のため保留中です。"
        "限度額の変更または謝絶をご判断ください。",
    }


def held_application(uow: UnitOfWork, application_id: int) -> Application:
    application = get_or_404(uow.session, Application, application_id, Entity.APPLICATION)
    lock_limit_rows(uow.session, [application.debtor_id], application.customer_id)
    uow.session.refresh(application)
    return application


def release_held(uow: UnitOfWork, actor: Actor, application_id: int, *, today: dt.date) -> Application:
    """Reserve a held application once the limits allow it (after a limit change)."""
    actor.require(Permission.DECIDE_LIMITS)
    application = held_application(uow, application_id)
    breaches = held_breaches(uow.session, application, today)
    if breaches:
        raise ConflictError(WorkflowCode.LIMIT_STILL_EXCEEDED, {"reasons": list(breaches)})
    release(uow, actor, application, today=today)
    uow.commit()
    return application


def policy_of_application(session: Session, application: Application) -> Policy:
    """The policy the application's review was priced under (its limits decide whether it fits)."""
    review = session.get(ReviewRequest, application.review_request_id)
    assert review is not None
    return load_policy(review.policy)


def held_breaches(session: Session, application: Application, today: dt.date) -> tuple[str, ...]:
    """The limits a held application would still breach if it were reserved now."""
    policy = policy_of_application(session, application)
    return reservations.headroom(session, application.debtor, application.customer, policy, today).breaches(
        application.amount
    )


def release(uow: UnitOfWork, actor: Actor, application: Application, *, today: dt.date) -> None:
    """Reserve a held application that now fits, in the caller's transaction (which holds the limit
    rows' locks and has checked :func:`held_breaches`)."""
    session = uow.session
    policy = policy_of_application(session, application)
    move(
        session,
        application,
        APPLICATION,
        ApplicationState.RESERVED,
        actor=actor,
        today=today,
        reason="limits reserved after a limit decision",
    )
    if application.start_date <= today:
        _restart(application, start_date(today, policy), policy, today)
    application.hold_reasons = ""
    reservations.reserve(session, application, today)
    _issue_invoice(session, application, actor, today)
    _resolve_notice(session, application, uow.clock.now())


def _restart(application: Application, start: dt.date, policy: Policy, today: dt.date) -> None:
    """A held application released after its planned start begins later and is repriced."""
    application.start_date = start
    for guarantee in application.guarantees:
        quote = price_line(policy, guarantee.line, guarantee.amount, guarantee.gross_rate, start, today)
        guarantee.start_date = start
        guarantee.days, guarantee.gross_fee = quote.days, quote.gross_fee
        guarantee.subsidy, guarantee.net_fee = quote.subsidy, quote.net_fee


def decline_held(uow: UnitOfWork, actor: Actor, application_id: int, reason: str, *, today: dt.date) -> Application:
    actor.require(Permission.DECIDE_LIMITS)
    session = uow.session
    application = held_application(uow, application_id)
    if not reason.strip():
        raise DomainError(WorkflowCode.DECLINE_REASON_REQUIRED)
    move(session, application, APPLICATION, ApplicationState.DECLINED, actor=actor, today=today, reason=reason)
    reservations.cancel(session, application, actor, today, uow.clock.now(), reason)
    _resolve_notice(session, application, uow.clock.now())
    uow.commit()
    return application


def _resolve_notice(session: Session, application: Application, at: dt.datetime) -> None:
    notice = session.scalars(
        select(Notification).where(
            Notification.kind == HOLD_NOTICE,
            Notification.entity == APPLICATION.entity,
            Notification.entity_id == application.id,
        )
    ).first()
    if notice is not None and notice.resolved_at is None:
        notice.resolved_at = at


def get_application(uow: UnitOfWork, actor: Actor, application_id: int) -> Application:
    return get_visible(uow.session, actor, Application, application_id, Entity.APPLICATION)


def _issue_invoice(session: Session, application: Application, actor: Actor | None, today: dt.date) -> None:
    """The fee invoice of a held application reserved after a limit decision."""
    invoice = _invoice(application, application.guarantees, today)
    if invoice is not None:
        session.add(invoice)
        record_creation(session, Entity.INVOICE, invoice, actor=actor, today=today, reason="invoice issued")
        session.refresh(application)


def _invoice(application: Application, guarantees: Sequence[Guarantee], today: dt.date) -> Invoice | None:
    """The fee invoice of an application's guarantees (a purchase is paid by the company, not invoiced)."""
    if not guarantees:
        return None
    return new_row(
        Invoice,
        {
            "number": f"INV-{application.start_date.year}-{application.id:06d}",
            "application_id": application.id,
            "customer_id": application.customer_id,
            "amount": sum(g.net_fee for g in guarantees) + application.office_fee,
            "issued_on": today,
            "due_date": invoice_due_date(application.start_date),
            "state": InvoiceState.OPEN.value,
        },
    )
