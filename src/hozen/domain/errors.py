"""Errors that stop a command: a registered code, and its messages in Japanese and English.

::

    DomainError(PricingCode.END_BEFORE_START, {"start": "2026-04-01", "end": "2026-03-31"})

The code comes from the registry (:mod:`hozen.domain.codes`); both messages are written from its
templates and the context, which travels with the error (an API body's ``context``). A code written
as a string is refused: every code a person meets is registered, with its words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hozen.domain.codes import Code


class DomainError(Exception):
    """A command cannot proceed.

    ``code`` is stable and documented; entrypoints map it to HTTP 422 (or ``status``) with a
    problem+json body, or to exit status 2 with one line on the CLI.
    """

    status: int = 422

    def __init__(self, code: Code, context: Mapping[str, Any] | None = None, /) -> None:
        if not isinstance(code, Code) or not (context is None or isinstance(context, Mapping)):
            raise TypeError("DomainError(code, context) takes a registered Code and a context")
        super().__init__(f"{code}: {code.message_en(context)}")
        self.code: Code = code
        self.context: dict[str, Any] = dict(context or {})
        self.message_ja = code.message_ja(context)
        self.message_en = code.message_en(context)

    def one_line(self) -> str:
        return f"エラー[{self.code}] {self.message_ja} / {self.message_en}"


class ConflictError(DomainError):
    """The request is valid but clashes with the current state (HTTP 409)."""

    status = 409


class ForbiddenError(DomainError):
    """The caller may not do this (HTTP 403)."""

    status = 403


class NotFoundError(DomainError):
    """The object does not exist or is not visible to the caller (HTTP 404)."""

    status = 404


class UnavailableError(DomainError):
    """Hozen cannot serve the request now and did nothing; the caller may repeat it (HTTP 503 with
    ``Retry-After`` from the context's ``retry_after`` seconds)."""

    status = 503


class TooManyRequestsError(DomainError):
    """Too many attempts: refused for now (HTTP 429 with ``Retry-After`` from the context's
    ``retry_after`` seconds); the same request may succeed once that time has passed."""

    status = 429
