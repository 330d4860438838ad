"""Who is using the pages, and CSRF protection for every form.

The signed session cookie carries the token of a server-side session (``sid``; the store keeps its
SHA-256, see :mod:`hozen.services.auth`), the CSRF token and a one-time flash message. Every form
posts the CSRF token back in a hidden ``csrf`` field and a POST without the session's token is
refused (403). The cookie itself is signed, HttpOnly, SameSite=Lax and Secure outside demo mode
(see :mod:`hozen.web.login`).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request
from starlette.datastructures import FormData

from hozen.domain.codes import AuthCode
from hozen.domain.errors import ForbiddenError
from hozen.domain.roles import Actor
from hozen.services import auth
from hozen.services.common import UnitOfWork
from hozen.store.db import Database

CSRF_KEY = "csrf"
SESSION_TOKEN = "sid"


def session_token(request: Request) -> str | None:
    """The token of the server-side session this browser's cookie carries, if any."""
    if "session" not in request.scope:
        return None
    value = request.session.get(SESSION_TOKEN)
    return value if isinstance(value, str) and value else None


class LoginRequired(Exception):
    """The page needs a logged-in user: send the browser to the login page."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class PasswordChangeRequired(Exception):
    """The user logged in with a temporary password: send the browser to its password page."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def password_page(user: auth.UserInfo) -> str:
    """Where the user changes its own password: under the staff console or the portal."""
    return "/staff/password" if user.role.is_staff else "/portal/password"


def session_rules(request: Request) -> auth.SessionRules:
    return auth.SessionRules.of(request.app.state.settings)


def csrf_token(request: Request) -> str:
    token = request.session.get(CSRF_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[CSRF_KEY] = token
    return token


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches the session's."""
    form = await request.form()
    sent, expected = str(form.get(CSRF_KEY, "")), request.session.get(CSRF_KEY)
    if not isinstance(expected, str) or not hmac.compare_digest(sent, expected):
        raise ForbiddenError(AuthCode.CSRF_TOKEN_INVALID)
    return form


@contextmanager
def page_uow(request: Request, *, write: bool = False) -> Iterator[UnitOfWork]:
    """The page's one unit of work: the user, the business date and the page's reads or command
    share one connection. Inside it, a nested ``page_uow`` is the same unit of work (unless a
    command needs to write where the page only reads: then the command gets its own)."""
    current: UnitOfWork | None = getattr(request.state, "uow", None)
    if current is not None and (getattr(request.state, "uow_writes", False) or not write):
        yield current
        return
    database: Database = request.app.state.database
    with database.unit_of_work(write=write) as uow:
        request.state.uow, request.state.uow_writes = uow, write
        try:
            yield uow
        finally:
            request.state.uow, request.state.uow_writes = current, False


def page_user(request: Request) -> auth.UserInfo:
    """The logged-in user of a page (read once per request), or a redirect to the login page."""
    known: auth.UserInfo | None = getattr(request.state, "user", None)
    if known is not None:
        return known
    token = session_token(request)
    if token is None:
        raise LoginRequired(request.url.path)
    with page_uow(request) as uow:
        try:
            user = auth.session_user(uow, token, request.app.state.clock.now(), session_rules(request))
        except auth.AuthenticationError:  # ended, expired, or the user was deactivated
            request.session.clear()
            raise LoginRequired(request.url.path) from None
    if user.must_change_password and request.url.path != password_page(user):
        raise PasswordChangeRequired(password_page(user))
    request.state.user = user
    return user


def page_actor(request: Request) -> Actor:
    return page_user(request).actor
