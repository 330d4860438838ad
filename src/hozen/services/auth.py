"""Users, passwords and API tokens.

* Passwords are hashed with Argon2id (argon2-cffi's defaults); a hash made with older parameters
  is replaced at the next successful login.
* A bearer token is ``hz_`` + 43 random URL-safe characters (256 bits). Only its SHA-256 digest is
  stored: the token is shown once, when it is issued. (A fast hash is right here: the token is
  random, not a password a person chose.)
* Web logins are signed session cookies holding the user id (see :mod:`hozen.api.deps`); nothing is
  stored server-side for them, and a deactivated user is refused at the next request.
* ``last_used_at`` of a token is written at most once per :data:`TOUCH_INTERVAL`, so that reading
  with a token does not turn every request into a write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from hozen.contract.auth import TokenOutput, UserOutput
from hozen.domain.codes import AuthCode, NoticeCode, RequestCode
from hozen.domain.errors import ConflictError, DomainError, NotFoundError
from hozen.domain.roles import PERMISSIONS, Actor, Permission, Role
from hozen.domain.states import Entity
from hozen.services.common import UnitOfWork
from hozen.store.models import ApiToken, Customer, User

TOKEN_PREFIX = "hz_"
TOUCH_INTERVAL = dt.timedelta(minutes=5)
MIN_PASSWORD_LENGTH = 12
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


def _info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        login=user.login,
        display_name=user.display_name,
        role=Role(user.role),
        customer_id=user.customer_id,
        active=user.active,
        created_at=user.created_at,
        email=user.email,
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
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(AuthCode.PASSWORD_TOO_SHORT, {"minimum": MIN_PASSWORD_LENGTH})
    if role is Role.CUSTOMER and customer_id is None:
        raise DomainError(AuthCode.CUSTOMER_REQUIRED)
    if role is not Role.CUSTOMER and customer_id is not None:
        raise DomainError(AuthCode.CUSTOMER_NOT_ALLOWED, {"role": role.value})
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise DomainError(AuthCode.CUSTOMER_NOT_FOUND, {"customer_id": customer_id})


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
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise _login_taken(login) from None
    info = _info(user)
    uow.commit()
    return info


def list_users(uow: UnitOfWork, actor: Actor) -> list[UserInfo]:
    actor.require(Permission.MANAGE_USERS)
    return [_info(user) for user in uow.session.scalars(select(User).order_by(User.id))]


def get_user(uow: UnitOfWork, user_id: int) -> UserInfo:
    user = uow.session.get(User, user_id)
    if user is None or not user.active:
        raise invalid_token()
    return _info(user)


def user_by_login(uow: UnitOfWork, login: str) -> UserInfo:
    """The active user with this login id, for a command run on the server in that user's name; ``NOT_FOUND``
    otherwise."""
    user = uow.session.scalar(select(User).where(User.login == login))
    if user is None or not user.active:
        raise NotFoundError(RequestCode.NOT_FOUND, {"variant": "object", "object": Entity.USER, "id": login})
    return _info(user)


def verify_password(uow: UnitOfWork, login: str, password: str) -> UserInfo:
    """The active user with this login id and password, or ``INVALID_CREDENTIALS``."""
    session = uow.session
    user = session.scalar(select(User).where(User.login == login))
    if user is None:
        _matches(_DUMMY_HASH, password)
        raise invalid_credentials()
    if not _matches(user.password_hash, password) or not user.active:
        raise invalid_credentials()
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        uow.commit()
    return _info(user)


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_token(uow: UnitOfWork, login: str, password: str, now: dt.datetime) -> IssuedToken:
    """Log in with a password and receive a new bearer token."""
    user = verify_password(uow, login, password)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=token_digest(token), created_at=now)
    uow.session.add(row)
    uow.session.flush()
    issued = IssuedToken(row.id, token, user, now)
    uow.commit()
    return issued


def _token_row(session: Session, token: str) -> ApiToken | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    digest = token_digest(token)
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    # the lookup is by digest already; compare again in constant time for good measure
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    return row


def authenticate_token(uow: UnitOfWork, token: str, now: dt.datetime) -> UserInfo:
    """The user behind a bearer token, or ``INVALID_TOKEN``."""
    session = uow.session
    row = _token_row(session, token)
    if row is None or row.revoked_at is not None:
        raise invalid_token()
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise invalid_token()
    info = _info(user)
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
    row = _token_row(uow.session, token)
    if row is None or row.revoked_at is not None:
        raise invalid_token()
    row.revoked_at = now
    uow.commit()


def user_output(user: UserInfo) -> UserOutput:
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
    )


def token_output(issued: IssuedToken) -> TokenOutput:
    return TokenOutput(
        token=issued.token, token_id=issued.id, created_at=issued.created_at, user=user_output(issued.user)
    )
