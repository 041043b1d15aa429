"""The Dask cluster ingestion runs on: a local one of worker processes, or a scheduler's."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aigap.errors import ConfigError

__all__ = ["dask_client", "local_cluster"]


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        # No square brackets: the CLI prints messages as Rich markup.
        raise ConfigError("--workers and --scheduler need Dask: pip install dask distributed "
                          "(the 'scale' extra of aigap)") from None
    return distributed


@contextmanager
def _no_message_log() -> Iterator[None]:
    """Dask keeps the last 1,000 messages of every connection for debugging, each task's documents
    included: hundreds of MB in the scheduler and client. Ingestion does not need that log."""
    import dask

    with dask.config.set({"distributed.admin.low-level-log-length": 0}):
        yield


@contextmanager
def local_cluster(workers: int) -> Iterator[Any]:
    """A Dask cluster on this machine: ``workers`` processes of one thread each (extraction is pure
    Python: threads would share one GIL)."""
    distributed = _distributed()
    # The dashboard cannot be switched off; a free local port never collides with another cluster.
    with _no_message_log(), distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
        silence_logs=logging.CRITICAL,  # a dying worker's tracebacks: the rejection line says it
    ) as cluster:
        yield cluster


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a new local cluster of ``workers`` processes."""
    distributed = _distributed()
    with _no_message_log():
        yield from _client(distributed, workers, scheduler)


def _client(distributed: Any, workers: int | None, scheduler: str | None) -> Iterator[Any]:
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=10)
        except (OSError, TimeoutError, ValueError) as exc:  # unreachable, or not a scheduler address
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                              hint="start one with: dask scheduler (and dask worker ADDRESS)") from None
        with client:
            yield client
        return
    # Results come straight from the workers, not relayed through the scheduler (a local cluster's
    # workers are always reachable; a remote one's may not be, so its default is left alone).
    with local_cluster(max(1, workers or os.cpu_count() or 1)) as cluster, \
            distributed.Client(cluster, direct_to_workers=True) as client:
        yield client
