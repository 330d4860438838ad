"""Calls of one command that arrive at once on a server process run together, in one transaction.

A command that serialises on a hot row (applications reserving on one debtor wait for its lock)
runs only as fast as one transaction can hold that row. When calls arrive while one is running, the
next transaction takes all of them: each still gets its own result, but the lock, the sums read
under it, the history seal and the commit are paid once for the group (group commit).

The protocol, per key (a database and anything else the calls must share): the first caller leads
and runs a group of the calls waiting (its own first); the others wait. When the group is done the
leader hands the lead to the oldest call still waiting, which runs the next group in its own unit of
work, and returns. A leader may first wait a moment (``gather``) for the callers of the last group,
who are on their way back with their next call. A group that fails — any error at all — is written
by nobody: every call in it runs again alone, in its own unit of work, and gets its own answer or
error exactly as if it had never been grouped. A group of one is simply the call alone.

Only a unit of work that has not written yet may wait for another's transaction: a caller that
held a lock while waiting for a leader that needs it would wait for ever.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from hozen.services.common import UnitOfWork

Call = TypeVar("Call")
Result = TypeVar("Result")


class Alone:
    """The outcome of a call whose group failed: it runs again alone."""


ALONE = Alone()


@dataclass(eq=False, slots=True)
class _Waiting(Generic[Call, Result]):
    call: Call
    woken: threading.Event = field(default_factory=threading.Event)
    leads: bool = False
    handed: bool = False
    """It waited during a group and was then handed the lead."""
    outcome: Result | Alone | None = None


class Grouped(Generic[Call, Result]):
    """Runs ``run_group(uow, calls)`` — which writes and commits every call's work in ``uow``, or
    raises — for groups of at most ``most`` concurrent calls of the same key."""

    def __init__(
        self,
        run_group: Callable[[UnitOfWork, Sequence[Call]], list[Result]],
        most: int,
        gather: float,
    ) -> None:
        self._run_group = run_group
        self._most = most
        self._gather = gather
        self._guard = threading.Condition()
        self._waiting: dict[Hashable, list[_Waiting[Call, Result]]] = {}
        self._led: set[Hashable] = set()
        self._last: dict[Hashable, int] = {}

    def run(self, uow: UnitOfWork, key: Hashable, call: Call) -> Result | Alone:
        """``call``'s result, written by whichever unit of work ran its group (this one or another's),
        or :data:`ALONE` when its group failed: the caller then runs it alone."""
        mine: _Waiting[Call, Result] = _Waiting(call)
        with self._guard:
            if key in self._led:
                self._waiting.setdefault(key, []).append(mine)
                self._guard.notify_all()
            else:
                self._led.add(key)
                mine.leads = True
        if not mine.leads:
            mine.woken.wait()
            if not mine.leads:
                assert mine.outcome is not None
                return mine.outcome
        return self._lead(uow, key, mine)

    def waiting(self, key: Hashable) -> int:
        """How many calls of ``key`` wait for a group (the one being written not counted)."""
        with self._guard:
            return len(self._waiting.get(key, ()))

    def _lead(self, uow: UnitOfWork, key: Hashable, mine: _Waiting[Call, Result]) -> Result | Alone:
        group = self._take_group(key, mine)
        outcomes: Sequence[Result | Alone] = [ALONE] * len(group)
        try:
            if len(group) == 1:
                return self._run_group(uow, [mine.call])[0]  # alone already: its error is its own
            try:
                outcomes = self._run_group(uow, [waiting.call for waiting in group])
            except Exception:  # whatever failed, nothing was written: every call runs again alone
                uow.session.rollback()
            return outcomes[0]
        finally:
            self._hand_over(key, group[1:], outcomes[1:])

    def _take_group(self, key: Hashable, mine: _Waiting[Call, Result]) -> list[_Waiting[Call, Result]]:
        """``mine`` and the calls waiting behind it — and those of the last group, on their way back
        with their next call: for them the leader waits at most ``gather`` seconds (as PostgreSQL's
        ``commit_delay`` waits for siblings), since a group of one costs almost as much as a full one.
        A call handed the lead waited during the last group; one that leads at once may be one of its
        callers, back first."""
        deadline = time.monotonic() + self._gather
        with self._guard:
            queue = self._waiting.setdefault(key, [])
            coming_back = self._last.get(key, 1) - (0 if mine.handed else 1)
            expected = min(self._most - 1, coming_back + len(queue))
            while len(queue) < expected and (left := deadline - time.monotonic()) > 0:
                self._guard.wait(left)
            group = [mine, *queue[: self._most - 1]]
            del queue[: self._most - 1]
            self._last[key] = len(group)
        return group

    def _hand_over(
        self, key: Hashable, others: list[_Waiting[Call, Result]], outcomes: Sequence[Result | Alone]
    ) -> None:
        """The group's other calls get their outcomes; the oldest call still waiting leads next."""
        for waiting, outcome in zip(others, outcomes, strict=True):
            waiting.outcome = outcome
            waiting.woken.set()
        with self._guard:
            queue = self._waiting.get(key)
            if not queue:
                self._waiting.pop(key, None)
                self._led.discard(key)
                return
            following = queue.pop(0)
            following.leads = following.handed = True
            following.woken.set()
