"""Calls that arrive while a group is being written are written together next, each answered with
its own result; a group that fails is written by nobody and each of its calls runs again alone."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

import pytest

from hozen.services.together import ALONE, Grouped

KEY = "one debtor's database"


class FakeSession:
    def __init__(self) -> None:
        self.rollbacks = 0

    def rollback(self) -> None:
        self.rollbacks += 1


class FakeUow:
    def __init__(self) -> None:
        self.session = FakeSession()


class Recorder:
    """A ``run_group`` that notes each group, doubles each call, and fails a group holding a negative
    call; the first group waits until the test lets it go."""

    def __init__(self) -> None:
        self.groups: list[list[int]] = []
        self.first_may_finish = threading.Event()

    def __call__(self, _uow: Any, calls: Sequence[int]) -> list[int]:
        self.groups.append(list(calls))
        if len(self.groups) == 1:
            assert self.first_may_finish.wait(timeout=60)
        if any(call < 0 for call in calls):
            raise ValueError(f"refused: {calls}")
        return [2 * call for call in calls]


def run_while_the_first_is_held(grouped: Grouped[int, int], recorder: Recorder, calls: list[int]) -> dict[int, Any]:
    """``calls[0]`` leads and is held inside its group until every other call waits; then all finish."""
    answers: dict[int, Any] = {}

    def call(value: int) -> None:
        try:
            answers[value] = grouped.run(FakeUow(), KEY, value)  # type: ignore[arg-type]
        except ValueError as error:
            answers[value] = error

    first = threading.Thread(target=call, args=(calls[0],))
    first.start()
    while not recorder.groups:  # the first group is being written
        time.sleep(0.001)
    others = [threading.Thread(target=call, args=(value,)) for value in calls[1:]]
    for thread in others:
        thread.start()
    while grouped.waiting(KEY) < len(others):
        time.sleep(0.001)
    recorder.first_may_finish.set()
    for thread in [first, *others]:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a caller was left waiting"
    return answers


def test_calls_arriving_during_a_group_are_written_together_each_with_its_own_answer() -> None:
    recorder = Recorder()
    grouped = Grouped(recorder, most=32, gather=0)
    answers = run_while_the_first_is_held(grouped, recorder, [1, 2, 3, 4, 5])
    assert recorder.groups[0] == [1]
    assert sorted(recorder.groups[1]) == [2, 3, 4, 5]
    assert len(recorder.groups) == 2
    assert answers == {1: 2, 2: 4, 3: 6, 4: 8, 5: 10}
    assert grouped.waiting(KEY) == 0


def test_a_group_is_no_larger_than_its_bound() -> None:
    recorder = Recorder()
    grouped = Grouped(recorder, most=3, gather=0)
    answers = run_while_the_first_is_held(grouped, recorder, list(range(1, 9)))
    assert [len(group) for group in recorder.groups] == [1, 3, 3, 1]
    assert answers == {value: 2 * value for value in range(1, 9)}


def test_a_failed_group_writes_nothing_and_sends_every_call_back_to_run_alone() -> None:
    recorder = Recorder()
    grouped = Grouped(recorder, most=32, gather=0)
    answers = run_while_the_first_is_held(grouped, recorder, [1, 2, -3, 4])
    assert sorted(recorder.groups[1]) == [-3, 2, 4]
    assert answers[1] == 2
    assert answers[2] is ALONE and answers[-3] is ALONE and answers[4] is ALONE


def test_a_call_alone_gets_its_own_error() -> None:
    recorder = Recorder()
    recorder.first_may_finish.set()
    grouped = Grouped(recorder, most=32, gather=0)
    with pytest.raises(ValueError, match="refused"):
        grouped.run(FakeUow(), KEY, -1)  # type: ignore[arg-type]
    assert grouped.run(FakeUow(), KEY, 7) == 14  # type: ignore[arg-type]
    assert grouped.waiting(KEY) == 0
