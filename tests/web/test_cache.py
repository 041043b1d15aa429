"""The analyses cache: current answers until the data's revision changes; then the previous answer
is served while one background computation makes the new one; a write through the app drops all."""

from __future__ import annotations

import threading
import time

from aigap.web.service import Cache


class Data:
    """A revision counter and a computation that reports what it saw (and can be held back)."""

    def __init__(self) -> None:
        self.revision = 0
        self.calls = 0
        self.gate = threading.Event()
        self.gate.set()

    def compute(self) -> int:
        self.calls += 1
        self.gate.wait(10)
        return self.revision


def _until(cond: object, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def test_answers_are_kept_until_the_revision_changes() -> None:
    data = Data()
    cache = Cache(lambda: data.revision, check_every=0)
    assert cache.get("k", data.compute) == 0 and cache.get("k", data.compute) == 0 and data.calls == 1
    assert cache.peek("k") is None  # the revision is due for a check at every call: not from the loop
    data.revision = 1
    data.gate.clear()
    assert cache.get("k", data.compute) == 0  # stale, at once, while the refresh is held back
    assert cache.get("k", data.compute) == 0 and _until(lambda: data.calls == 2)
    data.gate.set()
    assert _until(lambda: cache.get("k", data.compute) == 1)
    assert data.calls == 2  # one refresh, however many requests came meanwhile


def test_a_change_during_a_refresh_is_not_taken_for_current() -> None:
    data = Data()
    cache = Cache(lambda: data.revision, check_every=0)
    cache.get("k", data.compute)
    data.revision, data.gate = 1, threading.Event()
    assert cache.get("k", data.compute) == 0
    data.revision = 2  # changes again before the refresh of revision 1 ends
    assert cache.get("k", data.compute) == 0
    data.gate.set()
    assert _until(lambda: cache.get("k", data.compute) == 2)


def test_a_write_through_the_app_drops_every_answer() -> None:
    data = Data()
    cache = Cache(lambda: data.revision, check_every=3600)
    assert cache.get("k", data.compute) == 0 and cache.peek("k") == 0
    data.revision = 5
    assert cache.get("k", data.compute) == 0  # not checked again within the hour
    cache.clear()
    assert cache.peek("k") is None and cache.get("k", data.compute) == 5  # computed before answering


def test_an_answer_that_must_be_current_checks_and_recomputes_first() -> None:
    data = Data()
    cache = Cache(lambda: data.revision, check_every=3600)
    cache.get("counts", data.compute, current=True)
    data.revision = 3
    assert cache.get("counts", data.compute) == 0  # within the check interval
    assert cache.get("counts", data.compute, current=True) == 3


def test_the_least_recently_used_answers_go_beyond_the_bound() -> None:
    data = Data()
    cache = Cache(lambda: data.revision, check_every=3600, max_items=3)
    for k in range(4):
        cache.get(k, data.compute)
        cache.get(0, data.compute)  # used again and again: kept
    assert [cache.peek(k) for k in range(4)] == [0, None, 0, 0] and data.calls == 4
