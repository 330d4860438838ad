"""Commands that lose a race are run again: a deadlock or a serialization failure means PostgreSQL
chose this transaction to roll back so that a concurrent one could finish. Nothing of it was
written, so the route runs again from the start — with a fresh unit of work, which the function-scoped
``RequestUow`` dependency gives every attempt — up to :data:`ATTEMPTS` times; after that the caller
gets 409 ``CONCURRENT_UPDATE`` (see :mod:`hozen.api.errors`)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from contextlib import AsyncExitStack
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.exc import OperationalError

ATTEMPTS = 3
FUNCTION_STACK = "fastapi_function_astack"  # where FastAPI keeps a route's function-scoped dependencies
RACE_LOST_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock detected, serialization failure
log = logging.getLogger("hozen.api")


def lost_a_race(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and getattr(error.orig, "sqlstate", None) in RACE_LOST_SQLSTATES


class RetryingRoute(APIRoute):
    """A route whose handler runs again after losing a race, at most :data:`ATTEMPTS` times in all."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def attempt(request: Request) -> Response:
            # each attempt closes its function-scoped dependencies (the unit of work: rolled back on a
            # lost race, committed otherwise) before the next attempt or the response
            outer = request.scope.get(FUNCTION_STACK)
            try:
                async with AsyncExitStack() as stack:
                    request.scope[FUNCTION_STACK] = stack
                    return await handler(request)
            finally:
                request.scope[FUNCTION_STACK] = outer

        async def retrying(request: Request) -> Response:
            for number in range(1, ATTEMPTS):
                try:
                    return await attempt(request)
                except OperationalError as error:
                    if not lost_a_race(error):
                        raise
                    log.warning("%s %s lost a race (attempt %d)", request.method, request.url.path, number)
            return await attempt(request)

        return retrying
