"""Who is using the pages, and CSRF protection for every form.

Each session carries a random CSRF token; every form posts it back in a hidden ``csrf`` field and a
POST without the session's token is refused (403). The session cookie itself is signed, HttpOnly and
SameSite=Lax (see :mod:`hozen.web.login`).
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
SESSION_USER = "user_id"


def session_user_id(request: Request) -> int | None:
    """The id of the user logged in to this browser's signed session, if any."""
    if "session" not in request.scope:
        return None
    value = request.session.get(SESSION_USER)
    return value if isinstance(value, int) else None


class LoginRequired(Exception):
    """The page needs a logged-in user: send the browser to the login page."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


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
    user_id = session_user_id(request)
    if user_id is None:
        raise LoginRequired(request.url.path)
    with page_uow(request) as uow:
        try:
            request.state.user = auth.get_user(uow, user_id)
        except auth.AuthenticationError:
            request.session.clear()
            raise LoginRequired(request.url.path) from None
    user: auth.UserInfo = request.state.user
    return user


def page_actor(request: Request) -> Actor:
    return page_user(request).actor
