"""A run's life: it ends ``done``, ``failed`` or ``interrupted`` (SIGINT and SIGTERM), whatever
happens inside; a run whose process was killed outright is closed on the next start (``Store``)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from aigap.store import Store

__all__ = ["Interrupted", "recorded_run", "terminate_as_interrupt"]


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
            try:
                store.finish_run(run_id, counts, errors, status=status)
            except Exception:  # the database went away: the next start closes this run as stale
                if status == "done":
                    raise
