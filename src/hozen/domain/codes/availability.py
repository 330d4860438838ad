"""When Hozen cannot serve a request now, but will shortly: answered 503 with ``Retry-After``."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class AvailabilityCode(Code):
    """The database is saturated or unreachable; nothing was done and the request may be repeated."""

    DATABASE_BUSY = (
        auto(),
        "混雑",
        "ただいま混み合っています。処理は行われていません。{retry_after}秒ほど待ってから、もう一度お試しください。",
        "Hozen is busy; nothing was done. Try again in about {retry_after} seconds.",
        "HTTP 503 with Retry-After: every database connection of the server stayed in use for the "
        "configured wait (HOZEN_DATABASE_POOL_TIMEOUT). Repeating the request is safe.",
    )
    DATABASE_UNAVAILABLE = (
        auto(),
        "データベース接続不可",
        "データベースに接続できません。処理は行われていません。{retry_after}秒ほど待ってから、もう一度お試しください。",
        "The database cannot be reached; nothing was done. Try again in about {retry_after} seconds.",
        "HTTP 503 with Retry-After: the database refused or dropped the connection, or SQLite's file "
        "stayed locked past its busy timeout. Repeating the request is safe.",
    )
