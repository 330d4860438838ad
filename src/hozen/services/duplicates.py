"""Duplicate receivables across the company's live work (SPEC §4.3 ``RECEIVABLE_DUPLICATE``).

At review a duplicate is a finding on the later line: the same receivable on an earlier live review line
(its request not withdrawn, expired or applied, the line not declined or taken up) or on a live
guarantee or purchase. When the customer applies, the lines' keys are written to ``receivable_keys``, whose unique
key refuses a second holder even when two applications commit at the same moment; a guarantee or
purchase that ends, is cancelled or lapses frees its keys
(:func:`hozen.store.repositories.release_receivable_keys`, called on every state move that ends one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from hozen.domain.codes import EligibilityCode
from hozen.domain.duplicates import ReceivableIdentity, ReceivableKey, receivable_keys
from hozen.domain.eligibility import Subject
from hozen.domain.errors import ConflictError
from hozen.domain.policy import Product
from hozen.domain.states import Entity, LineDecision, ReviewState
from hozen.store.models import Guarantee, Purchase, ReceivableKeyHold, ReviewLine, ReviewRequest
from hozen.store.repositories import hold_receivable_keys, one_of

_LIVE_REVIEWS = (
    ReviewState.SUBMITTED.value,
    ReviewState.IN_REVIEW.value,
    ReviewState.AWAITING_APPROVAL.value,
    ReviewState.APPROVED.value,
)
_RECEIVABLES = (Product.AR.value, Product.NOTE.value, Product.ERECORD.value)
Holder = tuple[Entity, int]
_PRODUCTS = {product.value: product for product in Product}  # a dict look-up: Product(kind) is slower


class Received(NamedTuple):
    """What the duplicate check reads of a stored line (a :class:`ReviewLine` has the same fields)."""

    id: int
    kind: str
    debtor_id: int
    reference: str
    amount: int
    due_date: dt.date


Line = ReviewLine | Received


def keys_of(line: Line, customer_id: int) -> tuple[ReceivableKey, ...]:
    if line.kind not in _RECEIVABLES:
        return ()
    identity = ReceivableIdentity(
        _PRODUCTS[line.kind], customer_id, line.debtor_id, line.reference, line.amount, line.due_date
    )
    return receivable_keys(identity)


def findings(
    session: Session, customer_id: int, lines: Sequence[Line], *, new_request: int | None = None
) -> list[list[dict[str, Any]]]:
    """For each stored line (in order), its ``RECEIVABLE_DUPLICATE`` finding if its receivable is already
    on a live guarantee or purchase, or on an earlier live review line (this request's included).

    ``new_request``: ``lines`` are every line of this request, just submitted; their keys are taken from
    them rather than read back from the store."""
    keys = [keys_of(line, customer_id) for line in lines]
    wanted = {key.value for line_keys in keys for key in line_keys}
    if not wanted:
        return [[] for _ in lines]
    applied = _applied_holders(session, wanted)
    reviewed = _reviewed_holders(session, {line.debtor_id for line in lines}, new_request)
    if new_request is not None:
        for line, line_keys in zip(lines, keys, strict=True):
            _add_holder(reviewed, line.id, line_keys)
        for holders in reviewed.values():
            holders.sort()  # a line of another request committed meanwhile may have a larger id
    result = []
    for line, line_keys in zip(lines, keys, strict=True):
        found = []
        for key in line_keys:
            holder = applied.get(key.value) or next(
                (held for line_id, held in reviewed.get(key.value, []) if line_id < line.id), None
            )
            if holder is not None:
                found.append(_finding(line, key, holder))
                break
        result.append(found)
    return result


def _finding(line: Line, key: ReceivableKey, holder: Holder) -> dict[str, Any]:
    context: dict[str, Any] = {
        "number": 1,
        "reference": line.reference,
        "holder": holder[0],
        "holder_id": holder[1],
        "amount": line.amount,
        "due_date": line.due_date.isoformat(),
    }
    if key.by_amount_and_due:
        context["variant"] = "amount_and_due"
    code = EligibilityCode.RECEIVABLE_DUPLICATE
    return {
        "code": code.value,
        "subject": Subject.RECEIVABLE.value,
        "index": 0,
        "message_ja": code.message_ja(context),
        "message_en": code.message_en(context),
    }


def _applied_holders(session: Session, keys: Iterable[str]) -> dict[str, Holder]:
    """The live guarantee or purchase holding each of ``keys`` that is held."""
    held: dict[str, Holder] = {}
    for condition in one_of(session, ReceivableKeyHold.key, sorted(keys)):
        rows = session.execute(
            select(ReceivableKeyHold.key, Guarantee.id, Purchase.id)
            .outerjoin(Guarantee, Guarantee.review_line_id == ReceivableKeyHold.review_line_id)
            .outerjoin(Purchase, Purchase.review_line_id == ReceivableKeyHold.review_line_id)
            .where(condition)
        )
        for key, guarantee_id, purchase_id in rows:
            held[key] = (
                (Entity.GUARANTEE, guarantee_id) if guarantee_id is not None else (Entity.PURCHASE, purchase_id or 0)
            )
    return held


Reviewed = dict[str, list[tuple[int, Holder]]]
"""The live review lines holding each key, as (line id, holder), oldest line first."""


def _reviewed_holders(session: Session, debtor_ids: set[int], excluded: int | None) -> Reviewed:
    """Keys of live review lines not yet applied for, of the given debtors (but not of the ``excluded``
    request)."""
    query = (
        select(*(getattr(ReviewLine, field) for field in Received._fields), ReviewRequest.customer_id)
        .join(ReviewRequest, ReviewRequest.id == ReviewLine.review_request_id)
        .where(
            ReviewLine.debtor_id.in_(sorted(debtor_ids)),
            ReviewLine.kind.in_(_RECEIVABLES),
            ReviewLine.decision != LineDecision.DECLINED.value,
            ReviewLine.application_id.is_(None),
            ReviewRequest.state.in_(_LIVE_REVIEWS),
        )
        .order_by(ReviewLine.id)
    )
    if excluded is not None:
        query = query.where(ReviewLine.review_request_id != excluded)
    held: Reviewed = {}
    for *fields, customer_id in session.execute(query):
        line = Received(*fields)
        _add_holder(held, line.id, keys_of(line, customer_id))
    return held


def _add_holder(held: Reviewed, line_id: int, keys: Iterable[ReceivableKey]) -> None:
    for key in keys:
        held.setdefault(key.value, []).append((line_id, (Entity.LINE, line_id)))


def hold(session: Session, takings: Sequence[tuple[int, Sequence[ReviewLine]]]) -> None:
    """The receivables of the lines taken up — by one call to apply or several written together, each
    a customer's id and its lines — are held with one statement, or the application is refused (409).
    Two calls taking up the same receivable cannot both have it: that too is refused (the calls of a
    group then run alone, and the first to come takes it)."""
    keys: dict[str, ReviewLine] = {}
    for number, (customer_id, lines) in enumerate(takings):
        mine = {key.value: line for line in lines for key in keys_of(line, customer_id)}
        if number and not keys.keys().isdisjoint(mine):
            raise ConflictError(
                EligibilityCode.RECEIVABLE_DUPLICATE, {"variant": "application", "line_id": lines[0].id}
            )
        keys.update(mine)
    if not keys:
        return
    held = hold_receivable_keys(session, {key: line.id for key, line in keys.items()})
    taken = {key: line for key, line in keys.items() if key not in held}
    if taken:  # a live guarantee or purchase holds them (the caller rolls back the keys just held)
        raise _refusal(session, taken) or ConflictError(
            EligibilityCode.RECEIVABLE_DUPLICATE,
            {"variant": "application", "line_id": takings[0][1][0].id},
        )


def _refusal(session: Session, keys: dict[str, ReviewLine]) -> ConflictError | None:
    taken = _applied_holders(session, keys)
    if not taken:
        return None
    key, (entity, holder_id) = min(taken.items())
    return ConflictError(
        EligibilityCode.RECEIVABLE_DUPLICATE,
        {"variant": "application", "line_id": keys[key].id, "holder": entity, "holder_id": holder_id},
    )
