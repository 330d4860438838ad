"""What every workflow service shares: state moves with history, lookups that respect visibility."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Row, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from hozen.clock import Clock
from hozen.domain.codes import Decision, DecisionField, RequestCode
from hozen.domain.errors import NotFoundError
from hozen.domain.roles import Actor, Permission, Role
from hozen.domain.states import Entity, TransitionTable
from hozen.policies import load_policy
from hozen.store.audit_chain import HistoryRow
from hozen.store.models import Application, ReviewRequest
from hozen.store.repositories import (
    FieldChange,
    record_decision,
    record_transition,
    record_transitions,
    release_receivable_keys,
    synchronize,
)


class Stateful(Protocol):
    id: int
    state: str


class UnitOfWork(Protocol):
    session: Session
    clock: Clock

    def commit(self) -> None: ...


M = TypeVar("M")


def move(
    session: Session,
    obj: Stateful,
    table: TransitionTable,
    target: StrEnum,
    *,
    actor: Actor | None,
    today: dt.date,
    reason: str = "",
) -> None:
    """Change ``obj``'s state through the transition table and write the history row."""
    current = type(target)(obj.state)
    table.check(current, target)
    obj.state = target.value
    if _frees_receivables(table, target):
        release_receivable_keys(session, obj.review_line_id)  # type: ignore[attr-defined]
    record_transition(
        session,
        entity=table.entity,
        entity_id=obj.id,
        from_state=current.value,
        to_state=target.value,
        actor_id=actor.recorded_id if actor else None,
        business_date=today,
        reason=reason,
    )


def _frees_receivables(table: TransitionTable, target: StrEnum) -> bool:
    """An ended guarantee or purchase gives its receivables back (SPEC §4.3 duplicates)."""
    return table.entity in (Entity.GUARANTEE, Entity.PURCHASE) and table.ends_in(target)


def move_where(
    session: Session,
    model: type[Any],
    table: TransitionTable,
    current: StrEnum,
    target: StrEnum,
    criteria: Sequence[ColumnElement[bool]],
    *,
    actor: Actor | None,
    today: dt.date,
    reason: str | Callable[[Row[Any]], str],
    values: dict[str, Any] | None = None,
    returning: Sequence[InstrumentedAttribute[Any]] = (),
) -> Sequence[Row[Any]]:
    """:func:`move` for every ``model`` row in ``current`` matching ``criteria``: one UPDATE that
    re-checks the state (a row another transaction moved first is left alone), and the history rows
    of exactly the rows it changed in one insert; ``reason`` may depend on the row (its id and
    ``returning``). Returns those rows, by id; rows of ``model`` the session holds take their new
    state."""
    table.check(current, target)
    frees_receivables = _frees_receivables(table, target)
    statement = (
        update(model)
        .where(model.state == current.value, *criteria)
        .values(state=target.value, **(values or {}))
        .returning(model.id, *returning, *([model.review_line_id] if frees_receivables else []))
        .execution_options(synchronize_session=synchronize(session, model))
    )
    moved = sorted(session.execute(statement).all(), key=lambda row: int(row[0]))
    if frees_receivables:
        release_receivable_keys(session, *(int(row[-1]) for row in moved))
    actor_id = actor.recorded_id if actor else None
    reason_of = reason if callable(reason) else lambda row: reason
    history = [
        HistoryRow(table.entity, row[0], current.value, target.value, actor_id, today, reason_of(row)) for row in moved
    ]
    record_transitions(session, history)
    return moved


def record_creation(
    session: Session, entity: str, obj: Stateful, *, actor: Actor | None, today: dt.date, reason: str = ""
) -> None:
    """History row for an object's first state."""
    session.flush()
    record_transition(
        session,
        entity=entity,
        entity_id=obj.id,
        from_state=None,
        to_state=obj.state,
        actor_id=actor.recorded_id if actor else None,
        business_date=today,
        reason=reason,
    )


def note_decision(
    session: Session,
    entity: Entity,
    entity_id: int,
    decision: Decision,
    changes: Sequence[FieldChange],
    *,
    actor: Actor | None,
    today: dt.date,
    reason: str = "",
) -> None:
    """Record a decision on the object it concerns: who, when, why, each field before → after."""
    record_decision(
        session,
        entity=entity.value,
        entity_id=entity_id,
        decision=decision.value,
        changes=changes,
        actor_id=actor.recorded_id if actor else None,
        business_date=today,
        reason=reason,
    )


def note_policy_choice(session: Session, review: ReviewRequest, *, actor: Actor | None, today: dt.date) -> None:
    """Record which fee schedule (policy) a review is priced and checked under, by its description."""
    described = load_policy(review.policy).description or review.policy
    change = FieldChange(DecisionField.POLICY, None, described)
    note_decision(session, Entity.REVIEW_REQUEST, review.id, Decision.POLICY_CHOSEN, [change], actor=actor, today=today)


def not_found(entity: Entity, object_id: object) -> NotFoundError:
    """404 ``NOT_FOUND``, naming what was looked for and its id."""
    return NotFoundError(RequestCode.NOT_FOUND, {"variant": "object", "object": entity, "id": object_id})


def get_or_404(session: Session, model: type[M], object_id: int, entity: Entity) -> M:
    found = session.get(model, object_id)
    if found is None:
        raise not_found(entity, object_id)
    return found


class OfACustomer(Protocol):
    customer_id: int


Owned = TypeVar("Owned", bound=OfACustomer)


def get_visible(session: Session, actor: Actor, model: type[Owned], object_id: int, entity: Entity) -> Owned:
    """An object the actor may see: any, for staff; its own company's, for a customer user — another
    company's object is ``NOT_FOUND`` (404), so its existence does not leak."""
    found = get_or_404(session, model, object_id, entity)
    actor.require_customer(found.customer_id)
    return found


def read_visible(session: Session, actor: Actor, model: type[Owned], object_id: int, entity: Entity) -> Owned:
    """:func:`get_visible` for reading: staff also need the permission to view the portfolio."""
    if actor.role is not Role.CUSTOMER:
        actor.require(Permission.VIEW_PORTFOLIO)
    return get_visible(session, actor, model, object_id, entity)


def policy_of(session: Session, application_id: int) -> str:
    """The policy an application was reviewed under."""
    review_id = session.scalar(select(Application.review_request_id).where(Application.id == application_id))
    return session.scalar(select(ReviewRequest.policy).where(ReviewRequest.id == review_id)) or "default"


Output = TypeVar("Output", bound=BaseModel)


def present(output: type[Output], row: object, **derived: Any) -> Output:
    """``output`` filled from ``row``'s attributes of the same names, and ``derived`` for the rest."""
    values = {name: getattr(row, name) for name in output.model_fields if name not in derived}
    return output.model_validate({**values, **derived})


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused during a bulk operation that makes many objects which
    live on (the lines of an import): each full collection walks every object of the process, and
    such an operation would set off several. Objects are still freed when their last reference goes;
    only reference cycles wait for the next collection."""
    if not gc.isenabled():  # paused already (by a caller, or another thread): left as it is
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
