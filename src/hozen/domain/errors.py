"""Errors that stop a command: a stable code plus a message in Japanese and English.

Two forms::

    DomainError(PricingCode.END_BEFORE_START, {"start": "2026-04-01", "end": "2026-03-31"})
    DomainError("END_BEFORE_START", "終了日が…", "The end date…", {"start": …})   # legacy

The first takes the code from the registry (:mod:`hozen.domain.codes`) and writes both messages
from its templates and the context; it is the only form new code uses. The second, with the
messages written at the raise site, stays until every caller has moved to the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, overload

from hozen.domain.codes import Code, find


class DomainError(Exception):
    """A command cannot proceed.

    ``code`` is stable and documented; entrypoints map it to HTTP 422 (or ``status``) with a
    problem+json body, or to exit status 2 with one line on the CLI.
    """

    status: int = 422

    @overload
    def __init__(
        self, code: Code, context: Mapping[str, Any] | None = None, /, *, status: int | None = None
    ) -> None: ...

    @overload
    def __init__(
        self,
        code: str,
        message_ja: str,
        message_en: str,
        context: Mapping[str, Any] | None = None,
        *,
        status: int | None = None,
    ) -> None: ...

    def __init__(
        self,
        code: str,
        message_ja: str | Mapping[str, Any] | None = None,
        message_en: str | None = None,
        context: Mapping[str, Any] | None = None,
        *,
        status: int | None = None,
    ) -> None:
        if isinstance(message_ja, str):
            if message_en is None:
                raise TypeError("the legacy form of DomainError takes both messages")
            ja, en = message_ja, message_en
        else:
            if not isinstance(code, Code) or message_en is not None or context is not None:
                raise TypeError("DomainError(code, context) takes a registered Code and a context")
            context = message_ja
            ja, en = code.message_ja(context), code.message_en(context)
        super().__init__(f"{code}: {en}")
        self.code: str = str(code)
        self.registered: Code | None = code if isinstance(code, Code) else find(code)
        self.message_ja = ja
        self.message_en = en
        self.context: dict[str, Any] = dict(context or {})
        if status is not None:
            self.status = status

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
