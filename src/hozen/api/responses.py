"""The documented problem responses: the ``responses=`` tables of the OpenAPI document.

Every error leaves the API as application/problem+json (see :mod:`hozen.api.errors`); these tables
only say so in the document, for the statuses a route wants to show.
"""

from __future__ import annotations

from typing import Any

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
