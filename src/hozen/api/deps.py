"""FastAPI dependencies: the database, units of work and the authenticated caller.

The caller is found from ``Authorization: Bearer <token>`` (integrations) or the web session's
cookie (people using the pages; the session lives in the store, see :mod:`hozen.services.auth`).
Routes declare what they need with the ``Annotated`` aliases::

    @router.get("/things/{thing_id}")
    def read_thing(thing_id: int, actor: CurrentActor, uow: ReadUow) -> ThingOut:
        ...                                   # any logged-in user

    @router.post("/payments")
    def record(actor: Annotated[Actor, Depends(require(Permission.RECORD_PAYMENT))], uow: WriteUow): ...

* no or unusable credentials → 401 problem+json (``AUTHENTICATION_REQUIRED`` / ``INVALID_TOKEN``);
* a role without the permission → 403 ``FORBIDDEN``;
* a customer user asking for another company's object → 404 ``NOT_FOUND``
  (:meth:`hozen.domain.roles.Actor.require_customer`, called by the services).

The business date (``Today``) and the company's policy (``PolicyName``, ``CompanyPolicy``) are
dependencies too, so that every route module reads them the same way.

A dependency that only reads the request or the application's state is ``async def``: FastAPI runs a
plain ``def`` dependency in a worker thread, and each such hop costs a thread switch (and, under load,
a wait for the GIL) on every request. Those that query the database stay plain functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated
from zoneinfo import ZoneInfo

from anyio import CapacityLimiter, move_on_after
from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from hozen.clock import Clock
from hozen.config import Settings
from hozen.domain.codes import AuthCode, AvailabilityCode
from hozen.domain.errors import ForbiddenError, UnavailableError
from hozen.domain.policy import Policy
from hozen.domain.roles import Actor, Permission, Role
from hozen.policies import load_policy
from hozen.services import auth, portfolio
from hozen.services.common import UnitOfWork
from hozen.store.db import Database


async def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


DatabaseDep = Annotated[Database, Depends(get_database)]


async def app_settings(request: Request) -> Settings:
    """The settings the application was built with (see :func:`hozen.app.create_app`)."""
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(app_settings)]


async def now(request: Request) -> dt.datetime:
    """The current instant (UTC), from the application's clock (see :mod:`hozen.clock`)."""
    clock: Clock = request.app.state.clock
    return clock.now()


Now = Annotated[dt.datetime, Depends(now)]


READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_AFTER_SECONDS = 2


async def request_uow(request: Request, database: DatabaseDep) -> AsyncIterator[UnitOfWork]:
    """The request's one unit of work: the caller's identity, the business date and the command
    share its connection, so a request never holds one connection while waiting for a second.

    A request first takes one of the process's connection slots (as many as the pool has
    connections); one that cannot get a slot within ``HOZEN_DATABASE_POOL_TIMEOUT`` seconds is
    answered 503 ``DATABASE_BUSY`` with ``Retry-After``, having done nothing. Waiting happens here, on
    the event loop, so a waiting request holds neither a thread nor a connection.

    A GET reads (SQLite: a deferred transaction); any other method is a command, whose unit of work
    takes SQLite's write lock up front and commits once.
    """
    slots: CapacityLimiter = request.app.state.connection_slots
    settings: Settings = request.app.state.settings
    holder = object()
    acquired = False
    with move_on_after(settings.database_pool_timeout):
        await slots.acquire_on_behalf_of(holder)
        acquired = True
    if not acquired:
        raise UnavailableError(AvailabilityCode.DATABASE_BUSY, {"retry_after": RETRY_AFTER_SECONDS})
    try:
        # opened here without I/O: the connection is taken (and a command begun) by the first
        # statement, in a request thread
        opened = database.unit_of_work(write=request.method not in READING_METHODS, begin_now=False)
        uow = opened.__enter__()
        try:
            yield uow
        except BaseException as error:
            await run_in_threadpool(opened.__exit__, type(error), error, error.__traceback__)
            raise
        await run_in_threadpool(opened.__exit__, None, None, None)
    finally:
        slots.release_on_behalf_of(holder)


RequestUow = Annotated[UnitOfWork, Depends(request_uow, scope="function")]
ReadUow = RequestUow  # names that say what a route does with it
WriteUow = RequestUow

JAPAN = ZoneInfo("Asia/Tokyo")


def business_today(uow: RequestUow, at: Now) -> dt.date:
    """The settable business date ("as of"), or today's date in Japan."""
    return portfolio.today(uow, at.astimezone(JAPAN).date())


async def company_policy_name(settings: AppSettings) -> str:
    """The name (or file) of the company's own policy, from the settings."""
    return settings.policy


Today = Annotated[dt.date, Depends(business_today)]
PolicyName = Annotated[str, Depends(company_policy_name)]


def company_policy(name: PolicyName) -> Policy:
    """The company's own policy, loaded (presets are parsed once and cached)."""
    return load_policy(name)


CompanyPolicy = Annotated[Policy, Depends(company_policy)]


IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=80,
        description="optional: a retry with the same key and request is answered with the first result; "
        "the same key with another request is 409 IDEMPOTENCY_KEY_REUSED",
    ),
]


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header; a malformed header is ``INVALID_TOKEN``."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise auth.invalid_token()
    return token.strip()


def session_token(request: Request) -> str | None:
    """The token of the pages' session, read through the reader that :mod:`hozen.app` wires in
    (None when the application serves no pages or nobody is logged in)."""
    reader: Callable[[Request], str | None] | None = getattr(request.app.state, "session_token", None)
    return reader(request) if reader is not None else None


PASSWORD_CHANGE_PATHS = frozenset({"/api/v1/me", "/api/v1/me/password"})
"""What a user who must change a temporary password may still call."""


def client_address(request: Request) -> str | None:
    """The client's address as the ASGI server gives it: behind a proxy, uvicorn replaces it with
    the X-Forwarded-For address only for proxies listed in ``--forwarded-allow-ips``."""
    return request.client.host if request.client is not None else None


def current_user(request: Request, uow: RequestUow, at: Now, settings: AppSettings) -> auth.UserInfo:
    token = bearer_token(request)
    if token is not None:
        user = auth.authenticate_token(uow, token, at)
    elif (session := session_token(request)) is not None:
        try:
            user = auth.session_user(uow, session, at, auth.SessionRules.of(settings))
        except auth.AuthenticationError:
            request.session.clear()  # ended, expired, or the user was deactivated: log the browser out
            raise auth.authentication_required() from None
    else:
        raise auth.authentication_required()
    if user.must_change_password and request.url.path not in PASSWORD_CHANGE_PATHS:
        raise ForbiddenError(AuthCode.PASSWORD_CHANGE_REQUIRED)
    return user


CurrentUser = Annotated[auth.UserInfo, Depends(current_user)]


async def current_actor(user: CurrentUser) -> Actor:
    return user.actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def require_roles(*roles: Role) -> Callable[[Actor], Awaitable[Actor]]:
    """A dependency that lets only these roles through (403 ``FORBIDDEN`` otherwise)."""
    allowed = frozenset(roles)

    async def dependency(actor: CurrentActor) -> Actor:
        if actor.role not in allowed:
            roles = sorted(allowed)
            needed = f"one of {', '.join(roles)}"
            raise ForbiddenError(AuthCode.FORBIDDEN, {"variant": "needs", "roles": roles, "needed": needed})
        return actor

    return dependency


def require(permission: Permission) -> Callable[[Actor], Awaitable[Actor]]:
    """A dependency that lets through the roles holding ``permission`` (see hozen.domain.roles)."""

    async def dependency(actor: CurrentActor) -> Actor:
        actor.require(permission)
        return actor

    return dependency
