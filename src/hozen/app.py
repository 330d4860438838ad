"""The composition root: builds the FastAPI application and mounts the API and the pages.

The API (``hozen.api``) and the pages (``hozen.web``) do not know each other; this module wires
what they share: the settings, the database, the clock, and the reader of the pages' signed session, through
which the API also recognises a person logged in to the pages (their HTMX calls).
"""

from __future__ import annotations

import asyncio
import gc
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import CapacityLimiter, to_thread
from fastapi import FastAPI
from starlette.types import ASGIApp
from uvicorn.protocols.http.h11_impl import H11Protocol

from hozen import __doc__ as hozen_doc
from hozen import api, web
from hozen.clock import Clock, SystemClock
from hozen.config import Settings, get_settings
from hozen.store.db import Database, PoolSize
from hozen.web.headers import SecurityHeaders


class HozenApp(FastAPI):
    """FastAPI with the security headers outermost, so that they reach even a 500 answer."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with ``TCP_NODELAY`` on every connection, however the listening
    socket was made (``hozen serve`` uses it; ``uvicorn --http hozen.app:NoDelayH11Protocol`` too).

    With ``--workers`` uvicorn creates the listening socket itself with protocol number 0, and asyncio
    sets ``TCP_NODELAY`` only on sockets created with ``IPPROTO_TCP``. Without it, on a kept-alive
    connection each response's body — a second small write after the headers — waits for the
    client's delayed ACK of the headers: about 40 ms a response."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or get_settings()
    settings.registration_number()  # refuses a missing (outside demo mode) or malformed invoice registration
    settings.zengin_originator()  # refuses malformed HOZEN_ZENGIN_* transfer settings

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield

    app = HozenApp(
        title="Hozen API",
        description=hozen_doc,
        version="1",
        openapi_url="/openapi.json",
        docs_url=None,  # served by hozen.web.api_docs from vendored files, under the CSP
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.clock = clock or SystemClock()
    # a request holds a connection slot from its first query to its last; as many slots as pooled
    # connections, so no request ever waits inside the pool (see hozen.api.deps.request_uow)
    pool = PoolSize(settings.threads, max(2, settings.threads // 4), settings.database_pool_timeout)
    app.state.connection_slots = CapacityLimiter(pool.connections)
    app.state.database = Database(settings.database_url, app.state.clock, pool)
    api.install(app)
    web.install(app, settings)  # refuses to start without HOZEN_SECRET_KEY outside demo mode
    app.state.session_token = web.session_token
    return app


def create_server_app() -> FastAPI:
    """The application as a server process runs it (``hozen serve``, each worker): built, then
    :func:`set_aside_what_lives_on`."""
    app = create_app()
    set_aside_what_lives_on()
    return app


def set_aside_what_lives_on() -> None:
    """Everything the process holds now — modules, the application, its routes, templates and engine,
    which live as long as the process — is set aside from Python's cyclic garbage collector
    (``gc.freeze``). Its collections, set off by the objects every request makes, then walk only
    those instead of the whole of the libraries: about a sixth of a server's CPU before (see
    docs/performance.md, issuance). For a process that will run for good, or a command that does one
    large piece of work (``hozen daily``): what is set aside is never collected, so a test process
    that builds many applications must not call it."""
    gc.collect()
    gc.freeze()
