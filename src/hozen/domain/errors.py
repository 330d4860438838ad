"""Errors that stop a command: a stable code plus a message in Japanese and English."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """A command cannot proceed.

    ``code`` is stable and documented; entrypoints map it to HTTP 422 (or ``status``) with a
    problem+json body, or to exit status 2 with one line on the CLI.
    """

    status: int = 422

    def __init__(
        self,
        code: str,
        message_ja: str,
        message_en: str,
        context: Mapping[str, Any] | None = None,
        *,
        status: int | None = None,
    ) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_ja = message_ja
        self.message_en = message_en
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
