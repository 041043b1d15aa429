"""A run's life: it ends ``done``, ``failed`` or ``interrupted`` (SIGINT and SIGTERM), whatever
happens inside; a run whose process was killed outright is closed on the next start (``Store``)."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from aigap.store import Store

__all__ = ["Interrupted", "deferred_signals", "recorded_run", "terminate_as_interrupt"]


class Interrupted(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that transactions roll back and the run is closed."""


def _raise_interrupted(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(f"signal {signal.Signals(signum).name}")


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises ``Interrupted`` inside the block (main thread only: signal handlers live there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def deferred_signals() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block ends: a write and the count that reports it are one
    step, so an interrupted run never records fewer documents than it stored (main thread only).
    Held by a Python handler, not a signal mask: a mask is per thread, and the kernel hands a
    process's signal to any thread that does not block it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.getsignal(s) for s in held}
    pending: list[int] = []

    def hold(signum: int, _frame: FrameType | None) -> None:
        pending.append(signum)

    for s in held:
        signal.signal(s, hold)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, signal.SIG_DFL if handler is None else handler)  # None: set outside Python
        if pending:  # delivered again now, to the handler it was meant for
            signal.raise_signal(pending[0])


@contextmanager
def recorded_run(store: Store, command: str, summary: Callable[[], tuple[dict[str, Any], list[dict[str, Any]]]],
                 on_start: Callable[[int], None]) -> Iterator[int]:
    """Start a run, and close it however the block ends: ``done``, ``interrupted`` (SIGINT, SIGTERM)
    or ``failed`` (any other exception, its message recorded). ``summary`` gives the counts and errors."""
    with terminate_as_interrupt():
        run_id = store.start_run(command)
        on_start(run_id)
        status, failure = "failed", None
        try:
            yield run_id
            status = "done"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        except BaseException as exc:
            failure = f"{type(exc).__name__}: {exc}".splitlines()[0][:500]
            raise
        finally:
            counts, errors = summary()
            if failure:
                errors = [*errors, {"input": None, "reason": failure}]
            _close(store, run_id, counts, errors, status)


def _close(store: Store, run_id: int, counts: dict[str, Any], errors: list[dict[str, Any]], status: str) -> None:
    """Record how the run ended. A signal can land inside a write and leave its pooled SQLite
    connection holding a lock or a stale snapshot ("database is locked" at once), so a close that
    fails is tried again on fresh connections; if the database is gone for good, the next start
    closes the run as stale (a ``done`` run that cannot be closed is an error)."""
    for attempt in range(3):
        try:
            store.finish_run(run_id, counts, errors, status=status)
            return
        except Exception:
            if status == "done" and attempt == 2:
                raise
            store.engine.dispose()
            time.sleep(0.2 * (attempt + 1))
