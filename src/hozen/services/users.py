"""Managing users (administrators): roles, deactivation, unlocking, password resets — and a user
changing their own password.

Every change is a decision recorded on the user (``Entity.USER``) with each field before → after,
in the hash-chained history; a password or its hash is never recorded. The refusals:

* ``LAST_ADMIN`` (409) — a change that would leave no active administrator (deactivating or demoting
  the last one, the administrator themselves included);
* ``SELF_PASSWORD_RESET`` (409) — an administrator changes their own password, not resets it;
* the password policy of :func:`hozen.services.auth.check_password` for new passwords.

A deactivation ends the user's web sessions and revokes their API tokens; a password reset does the
same (the old password may be known to someone else) and makes the user choose a new password at
the next login; a password change ends the user's other web sessions (API tokens stay: they are the
integrations' credentials, revoked one by one).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hozen.clock import calendar_today
from hozen.domain.codes import AuthCode, Decision, DecisionField
from hozen.domain.errors import ConflictError, DomainError
from hozen.domain.roles import Actor, Permission, Role
from hozen.domain.states import Entity
from hozen.services import auth
from hozen.services.common import UnitOfWork, get_or_404, not_found, note_decision
from hozen.store.models import User
from hozen.store.repositories import FieldChange, business_date

TEMPORARY_PASSWORD_BYTES = 12  # 16 URL-safe characters


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A user as an administrator sees it: the user and, when its login id is locked, until when."""

    user: auth.UserInfo
    locked_until: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class UserChange:
    """What an administrator changes on a user; None leaves a field as it is. ``customer_id`` is
    applied only when ``set_customer`` (so that it can be set to None, for a customer made staff)."""

    role: Role | None = None
    display_name: str | None = None
    customer_id: int | None = None
    set_customer: bool = False
    reason: str = ""


def _today(uow: UnitOfWork) -> dt.date:
    return business_date(uow.session, calendar_today(uow.clock))


def _user(session: Session, user_id: int) -> User:
    return get_or_404(session, User, user_id, Entity.USER)


def _record(uow: UnitOfWork, user: User, now: dt.datetime) -> UserRecord:
    locks = auth.locked_logins(uow, now)
    return UserRecord(auth.user_info(user), locks.get(user.login))


def _may_manage(actor: Actor | None) -> None:
    """An administrator, or ``None``: the server's command line (whoever runs it holds the database)."""
    if actor is not None:
        actor.require(Permission.MANAGE_USERS)


def list_users(uow: UnitOfWork, actor: Actor | None, now: dt.datetime) -> list[UserRecord]:
    _may_manage(actor)
    locks = auth.locked_logins(uow, now)
    users = uow.session.scalars(select(User).order_by(User.id))
    return [UserRecord(auth.user_info(user), locks.get(user.login)) for user in users]


def get(uow: UnitOfWork, actor: Actor | None, user_id: int, now: dt.datetime) -> UserRecord:
    _may_manage(actor)
    return _record(uow, _user(uow.session, user_id), now)


def _check_admins_remain(session: Session, user: User) -> None:
    """Refuse (``LAST_ADMIN``) when ``user`` is the only active administrator."""
    others = session.scalar(
        select(func.count(User.id)).where(User.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id)
    )
    if user.role == Role.ADMIN.value and user.active and not others:
        raise ConflictError(AuthCode.LAST_ADMIN)


def id_of(uow: UnitOfWork, login: str) -> int:
    """The id of the user with this login id (the command line names users by login id)."""
    found = uow.session.scalar(select(User.id).where(User.login == login))
    if found is None:
        raise not_found(Entity.USER, login)
    return found


def change(uow: UnitOfWork, actor: Actor | None, user_id: int, wanted: UserChange, now: dt.datetime) -> UserRecord:
    """Change a user's role, display name or company. A new role applies from the user's next request."""
    _may_manage(actor)
    session = uow.session
    user = _user(session, user_id)
    role = wanted.role or Role(user.role)
    name = user.display_name if wanted.display_name is None else wanted.display_name.strip()
    customer_id = wanted.customer_id if wanted.set_customer else user.customer_id
    if wanted.role is not None and not wanted.set_customer and wanted.role.is_staff:
        customer_id = None  # a customer user made staff leaves its company
    if not name:
        raise DomainError(AuthCode.INVALID_DISPLAY_NAME)
    auth.check_membership(session, role, customer_id)
    if role is not Role.ADMIN:
        _check_admins_remain(session, user)
    changes = [
        FieldChange(field, before, after)
        for field, before, after in (
            (DecisionField.ROLE, Role(user.role), role),
            (DecisionField.DISPLAY_NAME, user.display_name, name),
            (DecisionField.CUSTOMER, user.customer_id, customer_id),
        )
        if before != after
    ]
    if changes:
        user.role, user.display_name, user.customer_id = role.value, name, customer_id
        note_decision(
            session, Entity.USER, user.id, Decision.USER_CHANGED, changes,
            actor=actor, today=_today(uow), reason=wanted.reason,
        )  # fmt: skip
    record = _record(uow, user, now)
    uow.commit()
    return record


def set_active(
    uow: UnitOfWork, actor: Actor | None, user_id: int, active: bool, now: dt.datetime, reason: str = ""
) -> UserRecord:
    """Deactivate (its web sessions end, its API tokens are revoked) or reactivate a user; doing
    what is already so changes nothing and records nothing."""
    _may_manage(actor)
    session = uow.session
    user = _user(session, user_id)
    if user.active != active:
        if not active:
            _check_admins_remain(session, user)
            auth.end_sessions(session, user.id, now)
            auth.revoke_tokens(session, user.id, now)
        user.active = active
        decision = Decision.USER_REACTIVATED if active else Decision.USER_DEACTIVATED
        change = FieldChange(DecisionField.ACTIVE, not active, active)
        note_decision(session, Entity.USER, user.id, decision, [change], actor=actor, today=_today(uow), reason=reason)
    record = _record(uow, user, now)
    uow.commit()
    return record


def unlock(uow: UnitOfWork, actor: Actor | None, user_id: int, now: dt.datetime, reason: str = "") -> UserRecord:
    """Forget the user's failed logins and lift its lock (recorded only when there was something to
    lift)."""
    _may_manage(actor)
    session = uow.session
    user = _user(session, user_id)
    locked = auth.locked_logins(uow, now).get(user.login)
    if auth.unlock_login(session, user.login) and locked is not None:
        note_decision(
            session, Entity.USER, user.id, Decision.USER_UNLOCKED, [], actor=actor, today=_today(uow), reason=reason
        )
    record = UserRecord(auth.user_info(user))
    uow.commit()
    return record


def _temporary_password(login: str) -> str:
    """A random password that passes the policy (16 URL-safe characters)."""
    while True:
        temporary = secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)
        if len(set(temporary)) >= auth.MIN_DISTINCT_CHARACTERS and login.casefold() not in temporary.casefold():
            return temporary


def create_with_temporary_password(
    uow: UnitOfWork, actor: Actor, *, login: str, display_name: str, role: Role, customer_id: int | None
) -> tuple[auth.UserInfo, str]:
    """A new user with a temporary password (returned once), to be changed at its first login."""
    temporary = _temporary_password(login)
    created = auth.create_user(
        uow, actor, login=login, display_name=display_name, password=temporary, role=role,
        customer_id=customer_id, must_change_password=True,
    )  # fmt: skip
    return created, temporary


def reset_password(
    uow: UnitOfWork, actor: Actor | None, user_id: int, now: dt.datetime, reason: str = ""
) -> tuple[UserRecord, str]:
    """A new temporary password for the user (returned once, never stored in clear): its sessions
    end, its tokens are revoked, its lock is lifted, and it must choose a password at the next login."""
    _may_manage(actor)
    if actor is not None and actor.user_id == user_id:
        raise ConflictError(AuthCode.SELF_PASSWORD_RESET)
    session = uow.session
    user = _user(session, user_id)
    temporary = _temporary_password(user.login)
    user.password_hash = auth.hash_password(temporary)
    auth.end_sessions(session, user.id, now)
    auth.revoke_tokens(session, user.id, now)
    auth.unlock_login(session, user.login)
    change = FieldChange(DecisionField.MUST_CHANGE_PASSWORD, user.must_change_password, True)
    user.must_change_password = True
    note_decision(
        session, Entity.USER, user.id, Decision.PASSWORD_RESET, [change], actor=actor, today=_today(uow), reason=reason
    )
    record = UserRecord(auth.user_info(user))
    uow.commit()
    return record, temporary


def change_own_password(
    uow: UnitOfWork,
    actor: Actor,
    current: str,
    new: str,
    now: dt.datetime,
    *,
    keep_session: str | None,
    rules: auth.LoginRules,
) -> None:
    """A user changes their own password: the current one is required (a wrong one counts as a
    failed login), the new one follows the policy and differs from it. The user's other web
    sessions end (``keep_session`` is the token of the session doing it, if any)."""
    session = uow.session
    user = _user(session, actor.user_id)
    if not auth.password_matches(user.password_hash, current):
        auth.note_failed_password(uow, user.login, now, rules)
        raise DomainError(AuthCode.CURRENT_PASSWORD_WRONG)
    auth.check_password(user.login, new)
    if new == current:
        raise DomainError(AuthCode.PASSWORD_UNCHANGED)
    user.password_hash = auth.hash_password(new)
    auth.end_sessions(session, user.id, now, keep=keep_session)
    changes = []
    if user.must_change_password:
        changes.append(FieldChange(DecisionField.MUST_CHANGE_PASSWORD, True, False))
        user.must_change_password = False
    note_decision(session, Entity.USER, user.id, Decision.PASSWORD_CHANGED, changes, actor=actor, today=_today(uow))
    uow.commit()
