"""Changing a customer's or debtor's own limit, four eyes above the policy's amount (docs/workflow.md),
and the held application a limit change is meant to release (SPEC §5).

A change always needs a reason. One that lowers the limit, or raises it to at most the policy's
``[limits] four_eyes_above``, takes effect at once (``LIMIT_CHANGED`` on the company). One that raises
it above that amount, or removes it, is a *request* (``LIMIT_CHANGE_REQUESTED``): a second person with
the limits permission approves it — only then does the limit change — or rejects it; the requester
can do neither (``FOUR_EYES_REQUIRED``). A request made from a held application releases that
application on approval, when it then fits; each step is recorded on its own object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hozen.domain.codes import CompanyCode, Decision, DecisionField, EligibilityCode, WorkflowCode
from hozen.domain.errors import ConflictError, DomainError, ForbiddenError
from hozen.domain.limits import creditor_limit, debtor_limit, needs_second_person
from hozen.domain.policy import Policy
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import LIMIT_CHANGE, ApplicationState, Entity, LimitChangeState
from hozen.policies import programme
from hozen.services import applications
from hozen.services.common import UnitOfWork, get_or_404, move_where, note_decision
from hozen.store.models import Application, Customer, Debtor, LimitChange, User
from hozen.store.repositories import FieldChange, customer_exposure, debtor_exposure

COMPANIES: dict[Entity, type[Customer] | type[Debtor]] = {Entity.CUSTOMER: Customer, Entity.DEBTOR: Debtor}


@dataclass(frozen=True, slots=True)
class LimitOutcome:
    """What a limit change did: the company (its limit changed, or not yet) and the request that waits
    for a second person, if it does."""

    company: Customer | Debtor
    pending: LimitChange | None


def _company(session: Session, entity: Entity, company_id: int) -> Customer | Debtor:
    return get_or_404(session, COMPANIES[entity], company_id, entity)


def _reason(reason: str, variant: str = "") -> str:
    if not reason.strip():
        raise DomainError(CompanyCode.REASON_REQUIRED, {"variant": variant} if variant else None)
    return reason.strip()


def pending_of(session: Session, entity: Entity, company_id: int) -> LimitChange | None:
    query = select(LimitChange).where(
        LimitChange.company == entity.value,
        LimitChange.company_id == company_id,
        LimitChange.state == LimitChangeState.REQUESTED.value,
    )
    return session.scalars(query).first()


def change_limit(
    uow: UnitOfWork,
    actor: Actor,
    entity: Entity,
    company_id: int,
    own_limit: int | None,
    *,
    reason: str,
    policy: Policy,
    today: dt.date,
    application_id: int | None = None,
) -> LimitOutcome:
    """Set a company's own limit, or ask a second person to (see the module's docstring)."""
    actor.require(Permission.DECIDE_LIMITS)
    session = uow.session
    company = _company(session, entity, company_id)
    why = _reason(reason)
    if not needs_second_person(company.own_limit, own_limit, policy.limit_four_eyes_above):
        _apply(session, actor, entity, company, own_limit, why, today)
        uow.commit()
        return LimitOutcome(company, None)
    waiting = pending_of(session, entity, company_id)
    if waiting is not None:
        raise ConflictError(CompanyCode.LIMIT_CHANGE_PENDING, {"company": entity, "change_id": waiting.id})
    if application_id is not None:
        get_or_404(session, Application, application_id, Entity.APPLICATION)
    change = LimitChange(
        company=entity.value,
        company_id=company_id,
        before_limit=company.own_limit,
        requested_limit=own_limit,
        reason=why,
        state=LimitChangeState.REQUESTED.value,
        requested_by=actor.user_id,
        requested_on=today,
        decision_reason="",
        application_id=application_id,
    )
    session.add(change)
    session.flush()
    requested = FieldChange(DecisionField.OWN_LIMIT, company.own_limit, own_limit)
    note_decision(
        session, entity, company_id, Decision.LIMIT_CHANGE_REQUESTED, [requested], actor=actor, today=today, reason=why
    )
    note_decision(
        session, Entity.LIMIT_CHANGE, change.id, Decision.LIMIT_CHANGE_REQUESTED, [requested], actor=actor,
        today=today, reason=why,
    )  # fmt: skip
    uow.commit()
    return LimitOutcome(company, change)


def _apply(
    session: Session, actor: Actor, entity: Entity, company: Customer | Debtor, own_limit: int | None, why: str,
    today: dt.date,
) -> None:  # fmt: skip
    change = FieldChange(DecisionField.OWN_LIMIT, company.own_limit, own_limit)
    company.own_limit = own_limit
    note_decision(session, entity, company.id, Decision.LIMIT_CHANGED, [change], actor=actor, today=today, reason=why)


@dataclass(frozen=True, slots=True)
class Decided:
    """A decided limit change, and the held application its approval released (if any)."""

    change: LimitChange
    released: Application | None


def _decide(
    uow: UnitOfWork, actor: Actor, change_id: int, target: LimitChangeState, reason: str, today: dt.date
) -> LimitChange:
    actor.require(Permission.DECIDE_LIMITS)
    session = uow.session
    change = get_or_404(session, LimitChange, change_id, Entity.LIMIT_CHANGE)
    if change.requested_by == actor.user_id:
        raise ForbiddenError(WorkflowCode.FOUR_EYES_REQUIRED, {"variant": "limit"})
    moved = move_where(
        session,
        LimitChange,
        LIMIT_CHANGE,
        LimitChangeState.REQUESTED,
        target,
        [LimitChange.id == change_id],
        actor=actor,
        today=today,
        reason=reason,
        values={"decided_by": actor.user_id, "decided_on": today, "decision_reason": reason},
    )
    if not moved:
        session.refresh(change)
        raise ConflictError(
            CompanyCode.LIMIT_CHANGE_DECIDED, {"state": LimitChangeState(change.state), "change_id": change_id}
        )
    session.refresh(change)
    return change


def approve(uow: UnitOfWork, actor: Actor, change_id: int, *, today: dt.date, reason: str = "") -> Decided:
    """A second person approves: the limit changes now, recorded on the company with the requester's
    reason; a held application the request was made for is released if it now fits."""
    session = uow.session
    change = _decide(uow, actor, change_id, LimitChangeState.APPROVED, reason.strip(), today)
    entity = Entity(change.company)
    application = None
    if change.application_id is not None:
        application = applications.held_application(uow, change.application_id)  # locks the limit rows first
    company = _company(session, entity, change.company_id)
    _apply(session, actor, entity, company, change.requested_limit, change.reason, today)
    released = None
    if application is not None and application.state == ApplicationState.HELD.value:
        session.flush()
        if not applications.held_breaches(session, application, today):
            applications.release(uow, actor, application, today=today)
            released = application
    uow.commit()
    return Decided(change, released)


def reject(uow: UnitOfWork, actor: Actor, change_id: int, reason: str, *, today: dt.date) -> LimitChange:
    """A second person rejects: the limit stays; recorded on the company with the rejection's reason."""
    why = _reason(reason, "reject")
    change = _decide(uow, actor, change_id, LimitChangeState.REJECTED, why, today)
    refused = FieldChange(DecisionField.OWN_LIMIT, change.before_limit, change.requested_limit)
    note_decision(
        uow.session, Entity(change.company), change.company_id, Decision.LIMIT_CHANGE_REJECTED, [refused],
        actor=actor, today=today, reason=why,
    )  # fmt: skip
    uow.commit()
    return change


def pending(uow: UnitOfWork, actor: Actor) -> Sequence[LimitChange]:
    """The limit changes waiting for a second person, oldest first (staff who view the portfolio)."""
    actor.require(Permission.VIEW_PORTFOLIO)
    query = select(LimitChange).where(LimitChange.state == LimitChangeState.REQUESTED.value)
    return uow.session.scalars(query.order_by(LimitChange.id)).all()


def changes_of(uow: UnitOfWork, actor: Actor, entity: Entity, company_id: int) -> Sequence[LimitChange]:
    actor.require(Permission.VIEW_PORTFOLIO)
    query = select(LimitChange).where(LimitChange.company == entity.value, LimitChange.company_id == company_id)
    return uow.session.scalars(query.order_by(LimitChange.id.desc())).all()


def get_change(uow: UnitOfWork, actor: Actor, change_id: int) -> LimitChange:
    actor.require(Permission.VIEW_PORTFOLIO)
    return get_or_404(uow.session, LimitChange, change_id, Entity.LIMIT_CHANGE)


def people(uow: UnitOfWork, changes: Iterable[LimitChange]) -> dict[int, str]:
    """The names of who requested and who decided the changes, by user id."""
    ids = {c.requested_by for c in changes} | {c.decided_by for c in changes if c.decided_by is not None}
    users = uow.session.scalars(select(User).where(User.id.in_(ids))).all()
    return {user.id: user.display_name for user in users}


def company_name(uow: UnitOfWork, change: LimitChange) -> str:
    return _company(uow.session, Entity(change.company), change.company_id).name


# --- a held application: why it is held and what would release it -------------------------------


@dataclass(frozen=True, slots=True)
class Shortfall:
    """One limit a held application breaches: whose, the limit now, exposure, and by how much."""

    entity: Entity
    company_id: int
    name: str
    code: EligibilityCode
    own_limit: int | None
    limit: int
    exposure: int
    amount: int
    cap_without_own: int  # the programme's, the policy's (and the net-assets) caps: an own limit cannot exceed it

    @property
    def short_by(self) -> int:
        return max(self.exposure + self.amount - self.limit, 0)

    @property
    def needed(self) -> int:
        """The own limit the application needs on this company."""
        return self.exposure + self.amount

    @property
    def own_limit_helps(self) -> bool:
        """Raising the own limit can release the application (the other caps leave room)."""
        return self.needed <= self.cap_without_own


@dataclass(frozen=True, slots=True)
class HeldView:
    application: Application
    shortfalls: tuple[Shortfall, ...]
    pending: tuple[LimitChange, ...]
    four_eyes_above: int | None


def held_view(uow: UnitOfWork, actor: Actor, application_id: int, today: dt.date) -> HeldView:
    """Why a held application is held — which limit, by how much — and the limit changes waiting."""
    actor.require(Permission.VIEW_PORTFOLIO)
    session = uow.session
    application = get_or_404(session, Application, application_id, Entity.APPLICATION)
    policy = applications.policy_of_application(session, application)
    rules = programme().in_force(today)
    debtor, customer = application.debtor, application.customer
    candidates = (
        Shortfall(
            Entity.DEBTOR, debtor.id, debtor.name, EligibilityCode.DEBTOR_LIMIT_EXCEEDED, debtor.own_limit,
            debtor_limit(rules, policy, debtor.net_assets, debtor.own_limit), debtor_exposure(session, debtor.id),
            application.amount, debtor_limit(rules, policy, debtor.net_assets),
        ),
        Shortfall(
            Entity.CUSTOMER, customer.id, customer.name, EligibilityCode.CREDITOR_LIMIT_EXCEEDED, customer.own_limit,
            creditor_limit(rules, policy, customer.own_limit), customer_exposure(session, customer.id),
            application.amount, creditor_limit(rules, policy),
        ),
    )  # fmt: skip
    held = application.state == ApplicationState.HELD.value
    shortfalls = tuple(s for s in candidates if held and s.short_by > 0)
    waiting = tuple(
        found
        for found in (pending_of(session, Entity.DEBTOR, debtor.id), pending_of(session, Entity.CUSTOMER, customer.id))
        if found is not None
    )
    return HeldView(application, shortfalls, waiting, policy.limit_four_eyes_above)
