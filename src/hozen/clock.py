"""The one clock: every part of Hozen that needs "now" is given a :class:`Clock`.

The domain never reads the time; services receive the instant or the business date from their
caller; entrypoints take them from the clock that :mod:`hozen.app` (or the command line) was built
with. Tests pass a :class:`FixedClock` to move time without patching.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

JAPAN = ZoneInfo("Asia/Tokyo")


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class FixedClock:
    at: dt.datetime

    def now(self) -> dt.datetime:
        return self.at


def calendar_today(clock: Clock) -> dt.date:
    """Today's date in Japan, where the company works."""
    return clock.now().astimezone(JAPAN).date()
