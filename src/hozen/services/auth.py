"""Users, passwords and API tokens.

* Passwords are hashed with Argon2id (argon2-cffi's defaults); a hash made with older parameters
  is replaced at the next successful login.
* A bearer token is ``hz_`` + 43 random URL-safe characters (256 bits). Only its SHA-256 digest is
  stored: the token is shown once, when it is issued. (A fast hash is right here: the token is
  random, not a password a person chose.)
* Web logins are server-side sessions (:class:`~hozen.store.models.WebSession`): the browser's
  signed cookie carries a random token, the store keeps its SHA-256. Logging out, a password change
  (the user's other sessions), a password reset and a deactivation end sessions at once; a session
  also expires when idle and at its absolute end (:class:`SessionRules`).
* Failed logins are counted in the store, per login id (``LOGIN_LOCKED`` after
  ``max_failures`` in a row) and per client address (``LOGIN_THROTTLED``), so every server process
  agrees (:class:`LoginRules`). Unknown login ids are counted and locked like real ones: the answer
  never tells whether an account exists.
* ``last_used_at`` of a token is written at most once per :data:`TOUCH_INTERVAL`, so that reading
  with a token does not turn every request into a write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from hozen.clock import calendar_today
from hozen.config import Settings
from hozen.contract.auth import TokenOutput, UserOutput
from hozen.domain.codes import AuthCode, Decision, DecisionField, NoticeCode, RequestCode
from hozen.domain.errors import ConflictError, DomainError, NotFoundError, TooManyRequestsError
from hozen.domain.roles import PERMISSIONS, Actor, Permission, Role
from hozen.domain.states import Entity
from hozen.services.common import UnitOfWork, note_decision
from hozen.store.models import ApiToken, Customer, LoginThrottle, User, WebSession
from hozen.store.repositories import FieldChange, business_date

TOKEN_PREFIX = "hz_"
Credential = TypeVar("Credential", WebSession, ApiToken)
TOUCH_INTERVAL = dt.timedelta(minutes=5)
SESSION_TOUCH_INTERVAL = dt.timedelta(minutes=1)
MIN_PASSWORD_LENGTH = 12
MIN_DISTINCT_CHARACTERS = 5
LOGIN_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{2,99}$")
EMAIL_PATTERN = re.compile(r"^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
EMAIL_MAX_LENGTH = 254

_hasher = PasswordHasher()
# Verified when the login id is unknown, so that a wrong login id costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AuthenticationError(DomainError):
    """The caller is not (or no longer) authenticated: HTTP 401.

    Codes: ``AUTHENTICATION_REQUIRED`` (no credentials sent), ``INVALID_CREDENTIALS`` (wrong login id
    or password — deliberately not saying which), ``INVALID_TOKEN`` (unknown or revoked token, or the
    user was deactivated).
    """

    status = 401


def authentication_required() -> AuthenticationError:
    return AuthenticationError(AuthCode.AUTHENTICATION_REQUIRED)


def invalid_credentials() -> AuthenticationError:
    return AuthenticationError(AuthCode.INVALID_CREDENTIALS)


def invalid_token() -> AuthenticationError:
    return AuthenticationError(AuthCode.INVALID_TOKEN)


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    login: str
    display_name: str
    role: Role
    customer_id: int | None
    active: bool
    created_at: dt.datetime
    email: str | None = None
    must_change_password: bool = False

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.role, self.customer_id, self.display_name)


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new bearer token. ``token`` is the secret itself: shown once, never stored."""

    id: int
    token: str
    user: UserInfo
    created_at: dt.datetime


def user_info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        login=user.login,
        display_name=user.display_name,
        role=Role(user.role),
        customer_id=user.customer_id,
        active=user.active,
        created_at=user.created_at,
        email=user.email,
        must_change_password=user.must_change_password,
    )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_new_user(
    session: Session, login: str, display_name: str, password: str, role: Role, customer_id: int | None
) -> None:
    if not LOGIN_PATTERN.match(login):
        raise DomainError(AuthCode.INVALID_LOGIN, {"login": login})
    if not display_name.strip():
        raise DomainError(AuthCode.INVALID_DISPLAY_NAME)
    check_password(login, password)
    check_membership(session, role, customer_id)


def check_membership(session: Session, role: Role, customer_id: int | None) -> None:
    """A customer user belongs to one existing customer company; staff to none."""
    if role is Role.CUSTOMER and customer_id is None:
        raise DomainError(AuthCode.CUSTOMER_REQUIRED)
    if role is not Role.CUSTOMER and customer_id is not None:
        raise DomainError(AuthCode.CUSTOMER_NOT_ALLOWED, {"role": role.value})
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise DomainError(AuthCode.CUSTOMER_NOT_FOUND, {"customer_id": customer_id})


def check_password(login: str, password: str) -> None:
    """The password policy: at least 12 characters, at least 5 different ones, not containing the
    login id (a person may use any characters, spaces and full-width letters included)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(AuthCode.PASSWORD_TOO_SHORT, {"minimum": MIN_PASSWORD_LENGTH})
    if len(set(password)) < MIN_DISTINCT_CHARACTERS:
        raise DomainError(AuthCode.PASSWORD_TOO_SIMPLE, {"minimum": MIN_DISTINCT_CHARACTERS})
    if login and login.casefold() in password.casefold():
        raise DomainError(AuthCode.PASSWORD_CONTAINS_LOGIN)


def check_email(email: str) -> None:
    """An address notifications can be e-mailed to: ASCII ``local@domain``, bounded, one line."""
    if len(email) > EMAIL_MAX_LENGTH or not EMAIL_PATTERN.match(email):
        raise DomainError(NoticeCode.INVALID_EMAIL, {"email": email[:EMAIL_MAX_LENGTH], "maximum": EMAIL_MAX_LENGTH})


def _login_taken(login: str) -> ConflictError:
    return ConflictError(AuthCode.LOGIN_TAKEN, {"login": login})


def create_user(
    uow: UnitOfWork,
    actor: Actor | None,
    *,
    login: str,
    display_name: str,
    password: str,
    role: Role,
    customer_id: int | None = None,
    email: str | None = None,
    must_change_password: bool = False,
) -> UserInfo:
    """A new user. ``actor`` None is the command line's bootstrap (whoever runs ``hozen`` on the
    server already holds the database); otherwise the actor needs ``manage_users``."""
    if actor is not None:
        actor.require(Permission.MANAGE_USERS)
    session = uow.session
    _check_new_user(session, login, display_name, password, role, customer_id)
    if email is not None:
        check_email(email)
    if session.scalar(select(User.id).where(User.login == login)) is not None:
        raise _login_taken(login)
    user = User(
        login=login,
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        role=role.value,
        customer_id=customer_id,
        active=True,
        email=email,
        must_change_password=must_change_password,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise _login_taken(login) from None
    created = [
        FieldChange(DecisionField.LOGIN, None, login),
        FieldChange(DecisionField.DISPLAY_NAME, None, user.display_name),
        FieldChange(DecisionField.ROLE, None, role),
    ]
    if customer_id is not None:
        created.append(FieldChange(DecisionField.CUSTOMER, None, customer_id))
    today = business_date(session, calendar_today(uow.clock))
    note_decision(session, Entity.USER, user.id, Decision.USER_CREATED, created, actor=actor, today=today)
    info = user_info(user)
    uow.commit()
    return info


def get_user(uow: UnitOfWork, user_id: int) -> UserInfo:
    """An active user by id, or ``INVALID_TOKEN``."""
    user = uow.session.get(User, user_id)
    if user is None or not user.active:
        raise invalid_token()
    return user_info(user)


def user_by_login(uow: UnitOfWork, login: str) -> UserInfo:
    """The active user with this login id, for a command run on the server in that user's name; ``NOT_FOUND``
    otherwise."""
    user = uow.session.scalar(select(User).where(User.login == login))
    if user is None or not user.active:
        raise NotFoundError(RequestCode.NOT_FOUND, {"variant": "object", "object": Entity.USER, "id": login})
    return user_info(user)


@dataclass(frozen=True, slots=True)
class LoginRules:
    """When failed logins lock a login id or block a client address (HOZEN_LOGIN_*, HOZEN_ADDRESS_*)."""

    max_failures: int = 10
    lock: dt.timedelta = dt.timedelta(minutes=15)
    address_max_failures: int = 30
    address_window: dt.timedelta = dt.timedelta(minutes=15)

    @classmethod
    def of(cls, settings: Settings) -> LoginRules:
        return cls(
            settings.login_max_failures,
            dt.timedelta(minutes=settings.login_lock_minutes),
            settings.address_max_failures,
            dt.timedelta(minutes=settings.address_window_minutes),
        )


ACCOUNT, ADDRESS = "account", "address"


def _throttle(session: Session, scope: str, subject: str, now: dt.datetime) -> LoginThrottle:
    """The counter of one login id or address, locked for this transaction (created when missing)."""
    query = select(LoginThrottle).where(LoginThrottle.scope == scope, LoginThrottle.subject == subject)
    row = session.scalar(query.with_for_update())
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = LoginThrottle(scope=scope, subject=subject, failures=0, window_start=now)
            session.add(row)
    except IntegrityError:  # another process created it just now
        row = session.scalar(query.with_for_update())
        assert row is not None
    return row


def _locked(session: Session, scope: str, subject: str, now: dt.datetime) -> dt.datetime | None:
    until = session.scalar(
        select(LoginThrottle.locked_until).where(LoginThrottle.scope == scope, LoginThrottle.subject == subject)
    )
    return until if until is not None and until > now else None


def _too_many(code: AuthCode, until: dt.datetime, now: dt.datetime) -> TooManyRequestsError:
    seconds = max(1, math.ceil((until - now).total_seconds()))
    return TooManyRequestsError(code, {"retry_after": seconds, "minutes": math.ceil(seconds / 60)})


def _count_failure(session: Session, login: str, address: str | None, now: dt.datetime, rules: LoginRules) -> None:
    account = _throttle(session, ACCOUNT, login, now)
    account.failures += 1
    if account.failures >= rules.max_failures:
        account.failures, account.locked_until = 0, now + rules.lock
    if address is None:
        return
    source = _throttle(session, ADDRESS, address, now)
    if source.window_start + rules.address_window <= now:
        source.failures, source.window_start = 0, now
    source.failures += 1
    if source.failures >= rules.address_max_failures:
        source.failures, source.window_start, source.locked_until = 0, now, now + rules.address_window


def _clean_up(session: Session, now: dt.datetime, rules: LoginRules) -> None:
    """Forget what no longer counts: ended sessions and those past their absolute end (a session only
    idle too long is refused at once and deleted once its absolute end passes), lapsed locks and
    address windows."""
    session.execute(delete(WebSession).where(or_(WebSession.ended_at.is_not(None), WebSession.expires_at <= now)))
    lapsed = or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now)
    session.execute(
        delete(LoginThrottle).where(
            lapsed,
            or_(
                and_(LoginThrottle.scope == ACCOUNT, LoginThrottle.failures == 0),
                and_(LoginThrottle.scope == ADDRESS, LoginThrottle.window_start <= now - rules.address_window),
            ),
        )
    )


def log_in(
    uow: UnitOfWork,
    login: str,
    password: str,
    now: dt.datetime,
    *,
    address: str | None,
    rules: LoginRules,
) -> UserInfo:
    """The active user with this login id and password. Refused: ``LOGIN_THROTTLED`` (this address
    failed too often), ``LOGIN_LOCKED`` (this login id failed too often in a row — even the right
    password), ``INVALID_CREDENTIALS``. A failure is counted and committed before it is raised; a
    success resets the login id's count and clears out lapsed sessions and counters."""
    session = uow.session
    if address is not None and (until := _locked(session, ADDRESS, address, now)) is not None:
        raise _too_many(AuthCode.LOGIN_THROTTLED, until, now)
    if (until := _locked(session, ACCOUNT, login, now)) is not None:
        raise _too_many(AuthCode.LOGIN_LOCKED, until, now)
    user = session.scalar(select(User).where(User.login == login))
    if user is None:
        password_matches(_DUMMY_HASH, password)
    if user is None or not password_matches(user.password_hash, password) or not user.active:
        _count_failure(session, login, address, now, rules)
        uow.commit()
        raise invalid_credentials()
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.execute(delete(LoginThrottle).where(LoginThrottle.scope == ACCOUNT, LoginThrottle.subject == login))
    _clean_up(session, now, rules)
    info = user_info(user)
    uow.commit()
    return info


def verify_password(uow: UnitOfWork, login: str, password: str) -> UserInfo:
    """:func:`log_in` with the default rules, no client address and the unit of work's clock."""
    return log_in(uow, login, password, uow.clock.now(), address=None, rules=LoginRules())


def locked_logins(uow: UnitOfWork, now: dt.datetime) -> dict[str, dt.datetime]:
    """Every login id locked now, with the end of its lock."""
    rows = uow.session.execute(
        select(LoginThrottle.subject, LoginThrottle.locked_until).where(
            LoginThrottle.scope == ACCOUNT, LoginThrottle.locked_until > now
        )
    )
    return {subject: until for subject, until in rows if until is not None}


def unlock_login(session: Session, login: str) -> bool:
    """Forget a login id's failures and lock; whether it was locked or had failures."""
    result = session.execute(
        delete(LoginThrottle).where(LoginThrottle.scope == ACCOUNT, LoginThrottle.subject == login)
    )
    return bool(getattr(result, "rowcount", 0))


def note_failed_password(uow: UnitOfWork, login: str, now: dt.datetime, rules: LoginRules) -> None:
    """A wrong current password (when changing it) counts as a failed login of the account."""
    _count_failure(uow.session, login, None, now, rules)
    uow.commit()


# --- web sessions ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionRules:
    """How long a web login lasts: ``idle`` without a request, ``absolute`` at most."""

    idle: dt.timedelta = dt.timedelta(hours=1)
    absolute: dt.timedelta = dt.timedelta(hours=8)

    @classmethod
    def of(cls, settings: Settings) -> SessionRules:
        return cls(dt.timedelta(minutes=settings.session_idle_minutes), dt.timedelta(seconds=settings.session_max_age))


def start_session(uow: UnitOfWork, user_id: int, now: dt.datetime, rules: SessionRules) -> str:
    """A new web session of the user; the token (for the cookie) is returned, its digest stored."""
    token = secrets.token_urlsafe(32)
    row = WebSession(
        token_hash=token_digest(token),
        user_id=user_id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + rules.absolute,
    )
    uow.session.add(row)
    uow.commit()
    return token


def _live_session(
    session: Session, token: str, now: dt.datetime, rules: SessionRules
) -> tuple[WebSession, User] | None:
    """The live session of this token and its user, read in one query (every page request asks)."""
    found = _with_user(session, WebSession, token)
    if found is None:
        return None
    row, user = found
    if row.ended_at is not None:
        return None
    if row.expires_at <= now or row.last_seen_at + rules.idle <= now:
        return None
    return row, user


def session_user(uow: UnitOfWork, token: str, now: dt.datetime, rules: SessionRules) -> UserInfo:
    """The user of a live web session, or ``INVALID_TOKEN`` (ended, expired, unknown, user inactive).
    ``last_seen_at`` is written at most once a minute (best effort, like a token's)."""
    session = uow.session
    live = _live_session(session, token, now, rules)
    if live is None or not live[1].active:
        raise invalid_token()
    row, user = live
    info = user_info(user)
    if now - row.last_seen_at >= SESSION_TOUCH_INTERVAL:
        row.last_seen_at = now
        try:
            uow.commit()
        except OperationalError:  # another writer holds the lock: the touch is best effort
            session.rollback()
    return info


def end_session(uow: UnitOfWork, token: str, now: dt.datetime) -> None:
    """Logout: the session ends at once (a copy of its cookie opens nothing any more)."""
    uow.session.execute(
        update(WebSession)
        .where(WebSession.token_hash == token_digest(token), WebSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    uow.commit()


def end_sessions(session: Session, user_id: int, now: dt.datetime, *, keep: str | None = None) -> None:
    """End the user's web sessions, all of them or all but the one whose token is ``keep``."""
    query = update(WebSession).where(WebSession.user_id == user_id, WebSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(WebSession.token_hash != token_digest(keep))
    session.execute(query.values(ended_at=now))


def revoke_tokens(session: Session, user_id: int, now: dt.datetime) -> None:
    """Revoke every API token of the user."""
    session.execute(
        update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None)).values(revoked_at=now)
    )


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_token(
    uow: UnitOfWork, login: str, password: str, now: dt.datetime, *, address: str | None, rules: LoginRules
) -> IssuedToken:
    """Log in with a password and receive a new bearer token."""
    user = log_in(uow, login, password, now, address=address, rules=rules)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=token_digest(token), created_at=now)
    uow.session.add(row)
    uow.session.flush()
    issued = IssuedToken(row.id, token, user, now)
    uow.commit()
    return issued


def _token_row(session: Session, token: str) -> tuple[ApiToken, User] | None:
    """The token's row and its user, read in one query (every API request asks)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    return _with_user(session, ApiToken, token)


def _with_user(session: Session, model: type[Credential], token: str) -> tuple[Credential, User] | None:
    """The session or token row stored under this token's digest, and its user, in one query."""
    digest = token_digest(token)
    found = session.execute(
        select(model, User).join(User, User.id == model.user_id).where(model.token_hash == digest)
    ).one_or_none()
    # the lookup is by digest already; compare again in constant time for good measure
    if found is None or not hmac.compare_digest(found[0].token_hash, digest):
        return None
    return found[0], found[1]


def authenticate_token(uow: UnitOfWork, token: str, now: dt.datetime) -> UserInfo:
    """The user behind a bearer token, or ``INVALID_TOKEN``."""
    found = _token_row(uow.session, token)
    if found is None or found[0].revoked_at is not None or not found[1].active:
        raise invalid_token()
    row, user = found
    info = user_info(user)
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_INTERVAL:
        row.last_used_at = now
        try:
            uow.commit()
        except OperationalError:  # another writer holds the lock: the touch is best effort
            uow.session.rollback()
    return info


def revoke_token(uow: UnitOfWork, token: str, now: dt.datetime) -> None:
    """Revoke a bearer token (logout of an integration); a revoked token no longer authenticates,
    not even to revoke itself again (``INVALID_TOKEN``)."""
    found = _token_row(uow.session, token)
    if found is None or found[0].revoked_at is not None:
        raise invalid_token()
    found[0].revoked_at = now
    uow.commit()


def user_output(user: UserInfo, locked_until: dt.datetime | None = None) -> UserOutput:
    granted = sorted(permission.value for permission, roles in PERMISSIONS.items() if user.role in roles)
    return UserOutput(
        id=user.id,
        login=user.login,
        display_name=user.display_name,
        role=user.role,
        customer_id=user.customer_id,
        active=user.active,
        email=user.email,
        permissions=granted,
        must_change_password=user.must_change_password,
        locked_until=locked_until,
    )


def token_output(issued: IssuedToken) -> TokenOutput:
    return TokenOutput(
        token=issued.token, token_id=issued.id, created_at=issued.created_at, user=user_output(issued.user)
    )
