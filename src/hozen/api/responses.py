"""The documented problem responses: the ``responses=`` tables of the OpenAPI document.

Every error leaves the API as application/problem+json (see :mod:`hozen.api.errors`); these tables
only say so in the document, for the statuses a route wants to show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from hozen.api.deps import current_user, request_uow
from hozen.api.errors import PROBLEM_JSON
from hozen.contract.base import Problem

Responses = dict[int | str, dict[str, Any]]


def problem(status_code: int, description: str | None = None) -> Responses:
    """One documented problem response (without a description FastAPI shows the status phrase)."""
    response: dict[str, Any] = {"model": Problem, "content": {PROBLEM_JSON: {}}}
    if description is not None:
        response["description"] = description
    return {status_code: response}


INVALID_INPUT = problem(422)
UNAUTHENTICATED = problem(401, "not authenticated")
FORBIDDEN = problem(403, "the role may not do this")


# --- the problem responses of every operation, written into the OpenAPI document ------------

PROBLEM_DESCRIPTIONS: dict[int, str] = {
    401: "not authenticated (no token, an unknown or expired token, a wrong password)",
    403: "the role may not do this",
    404: "the object does not exist or is not visible to the caller",
    409: "the object's state does not allow this, or a concurrent change won",
    422: "the input does not have the contract's shape (each field named in errors) or a rule refused it",
    503: "the database is unavailable or busy; retry after Retry-After seconds",
}
BEARER = "bearer"
WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _depends_on(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return any(d.call is call or _depends_on(d, call) for d in dependant.dependencies)


def problem_statuses(route: APIRoute) -> set[int]:
    """The problem statuses a route can answer, from what it depends on and how it is called."""
    dependant = route.dependant
    statuses: set[int] = set()
    if dependant.path_params or dependant.query_params or dependant.body_params or dependant.header_params:
        statuses.add(422)
    if _depends_on(dependant, request_uow):
        statuses |= {409, 422, 503} if (route.methods or set()) & WRITING_METHODS else {503}
    if _depends_on(dependant, current_user):
        statuses |= {401, 403, 404}
    return statuses


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """Every API route of the application, also those of the routers it includes (FastAPI keeps an
    included router as one entry that holds the original router)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from api_routes(included.routes)


def document_problems(app: FastAPI) -> None:
    """Make ``app``'s OpenAPI say what every operation can answer besides success: each problem status
    as application/problem+json (422 included, where FastAPI would say application/json), and the
    bearer token as the security scheme of the operations that need a login."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = original()
        components = document.setdefault("components", {})
        components.setdefault("securitySchemes", {})[BEARER] = {
            "type": "http",
            "scheme": "bearer",
            "description": "a token from POST /api/v1/auth/tokens (pages use the session cookie instead)",
        }
        components.get("schemas", {}).pop("HTTPValidationError", None)
        components.get("schemas", {}).pop("ValidationError", None)
        components.setdefault("schemas", {})["Problem"] = Problem.model_json_schema()
        for route in api_routes(app.routes):
            if not route.include_in_schema:
                continue
            for method in route.methods or ():
                operation = document["paths"][route.path_format][method.lower()]
                responses = operation.setdefault("responses", {})
                for status in sorted(problem_statuses(route)):
                    responses[str(status)] = {
                        "description": PROBLEM_DESCRIPTIONS[status],
                        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                    }
                if _depends_on(route.dependant, current_user):
                    operation["security"] = [{BEARER: []}]
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
