"""Run records: every ingest and re-extraction is a row that ends ``done``, ``failed`` or
``interrupted``.

A run records the process (pid and host) that does it, so a run left ``running`` by a process that
is gone (SIGKILL, power loss) is closed as ``interrupted`` the next time a run starts on that host.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import schema as t

__all__ = ["RUN_STATUSES", "close_stale_runs", "finish_run", "process_alive", "start_run"]

RUN_STATUSES = ("running", "done", "failed", "interrupted")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _host() -> str:
    return socket.gethostname()


def process_alive(pid: int) -> bool:
    """Whether a process of this id exists on this host (one we may not signal counts as alive)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def close_stale_runs(engine: Engine) -> int:
    """Mark ``interrupted`` the running runs of this host whose process is gone; returns how many.
    Runs of other hosts are left alone: their processes cannot be seen from here."""
    host, closed = _host(), 0
    with engine.begin() as conn:
        rows = conn.execute(sa.select(t.runs.c.id, t.runs.c.counts).where(t.runs.c.status == "running")).all()
        for run_id, counts in rows:
            counts = dict(counts or {})
            pid = counts.get("pid")
            if counts.get("host") != host or not isinstance(pid, int) or pid == os.getpid() or process_alive(pid):
                continue
            counts["closed"] = "its process had ended"
            n = conn.execute(
                t.runs.update().where(t.runs.c.id == run_id, t.runs.c.status == "running")
                .values(status="interrupted", finished_at=_now(), counts=counts)
            ).rowcount
            closed += n
    return closed


def start_run(engine: Engine, command: str) -> int:
    close_stale_runs(engine)
    with engine.begin() as conn:
        key = conn.execute(
            t.runs.insert().values(command=command, started_at=_now(), status="running",
                                   counts={"pid": os.getpid(), "host": _host()})
        ).inserted_primary_key
        assert key is not None
        return int(key[0])


def finish_run(engine: Engine, run_id: int, counts: dict[str, Any], errors: Sequence[dict[str, Any]] = (),
               status: str = "done") -> None:
    if status not in RUN_STATUSES[1:]:
        raise ValueError(f"a run ends done, failed or interrupted, not {status!r}")
    with engine.begin() as conn:
        conn.execute(
            t.runs.update()
            .where(t.runs.c.id == run_id)
            .values(finished_at=_now(), counts=counts, errors=list(errors), status=status)
        )
