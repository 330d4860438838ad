"""Every error leaves the API as application/problem+json with a stable ``code``."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from hozen.api.deps import RETRY_AFTER_SECONDS
from hozen.api.retry import lost_a_race
from hozen.contract.errors import field_errors, invalid_input, labels_of
from hozen.domain.codes import AuthCode, AvailabilityCode, Code, InputCode, RequestCode
from hozen.domain.errors import DomainError, TooManyRequestsError, UnavailableError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("hozen.api")


def problem_response(
    status: int,
    code: Code,
    context: Mapping[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    """A problem+json answer: the registered code, both messages written from it and the context."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": code,
        "status": status,
        "code": code,
        "detail": code.message_en(context),
        "message_ja": code.message_ja(context),
        "message_en": code.message_en(context),
        "errors": errors or [],
    }
    if context:
        body["context"] = dict(context)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


HTTP_CODES: Mapping[int, Code] = {
    401: AuthCode.AUTHENTICATION_REQUIRED,
    403: AuthCode.FORBIDDEN,
    404: RequestCode.NOT_FOUND,
    405: RequestCode.METHOD_NOT_ALLOWED,
}


def _unavailable(code: AvailabilityCode) -> UnavailableError:
    return UnavailableError(code, {"retry_after": RETRY_AFTER_SECONDS})


def _body_labels(request: Request) -> Mapping[str, str]:
    """The Japanese labels of the fields of the route's body contract (none if it has no body)."""
    body = getattr(request.scope.get("route"), "body_field", None)
    annotation = getattr(getattr(body, "field_info", None), "annotation", None)
    return labels_of(getattr(annotation, "__name__", None))


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, error: DomainError) -> JSONResponse:
        response = problem_response(error.status, error.code, error.context)
        if isinstance(error, (UnavailableError, TooManyRequestsError)):
            response.headers["Retry-After"] = str(error.context.get("retry_after", RETRY_AFTER_SECONDS))
        return response

    @app.exception_handler(OperationalError)
    async def _database_refused(request: Request, error: OperationalError) -> JSONResponse:
        """A race lost on every attempt (see hozen.api.retry): 409, safe to retry after a reload.
        Anything else (connection refused or dropped, SQLite's file locked past its busy timeout): 503."""
        if lost_a_race(error):
            log.warning("a concurrent transaction won", exc_info=error)
            return problem_response(409, RequestCode.CONCURRENT_UPDATE)
        log.warning("the database refused the request", exc_info=error)
        return await _domain(request, _unavailable(AvailabilityCode.DATABASE_UNAVAILABLE))

    @app.exception_handler(PoolTimeoutError)
    async def _pool_exhausted(request: Request, error: PoolTimeoutError) -> JSONResponse:
        log.warning("no database connection became free in time", exc_info=error)
        return await _domain(request, _unavailable(AvailabilityCode.DATABASE_BUSY))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        fields = field_errors(error.errors(), _body_labels(request))
        return problem_response(422, InputCode.INVALID_INPUT, invalid_input(fields), [dict(e) for e in fields])

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 400:  # a body FastAPI could not parse (not JSON, not a form): bad input
            fields = [{"field": "(body)", "code": InputCode.JSON_INVALID.value}]
            return problem_response(422, InputCode.JSON_INVALID, errors=fields)
        code = HTTP_CODES.get(error.status_code)
        if code is None:
            response = problem_response(error.status_code, RequestCode.HTTP_ERROR, {"detail": str(error.detail)})
        else:
            response = problem_response(error.status_code, code)
        response.headers.update(error.headers or {})  # Allow on a 405
        return response

    @app.exception_handler(StaleDataError)
    async def _stale(_: Request, error: StaleDataError) -> JSONResponse:
        return problem_response(409, RequestCode.CONCURRENT_UPDATE)

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, error: IntegrityError) -> JSONResponse:
        log.warning("integrity error turned into a conflict", exc_info=error)
        return problem_response(409, RequestCode.CONFLICT)

    @app.exception_handler(DataError)
    async def _out_of_range(_: Request, error: DataError) -> JSONResponse:
        """A value the database cannot hold (a number beyond its column, text it refuses): bad input."""
        log.warning("the database refused a value", exc_info=error)
        return problem_response(422, InputCode.VALUE_INVALID)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=error)
        return problem_response(500, RequestCode.INTERNAL_ERROR)
