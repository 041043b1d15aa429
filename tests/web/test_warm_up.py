"""A server computes the dashboard's first analyses before anyone asks, and stops doing so when it
stops."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from aigap.config import Settings
from aigap.web import create_app
from aigap.web.service import Cache, gap_analysis, lag_analysis, warm


class _NotComputed(Exception):
    pass


def _not_computed() -> object:
    raise _NotComputed


def cached(cache: Cache, key: object) -> bool:
    """Whether ``cache`` holds an answer for ``key``, never computing one (a computation already
    running for it is waited for)."""
    try:
        cache.get(key, _not_computed)
    except _NotComputed:
        return False
    return True


def _wait_for(cond: Callable[[], bool], seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.05)
    return False


def _while_started(app: Any, check: Callable[[], bool]) -> bool:
    """Run ``check`` in a thread while the app's lifespan is entered (as a server starts it)."""
    async def run() -> bool:
        async with app.router.lifespan_context(app):
            return await asyncio.to_thread(check)
    # in a thread of its own: Playwright's sync API (the session's chromium, once a browser test ran)
    # keeps an event loop running in this one, where asyncio.run refuses to start
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(run())).result()


def test_the_default_gap_is_in_the_cache_before_the_first_visit(web_db: str, tmp_path: Path) -> None:
    app = create_app(Settings(home=tmp_path, database_url=web_db, token="t"))
    cache = app.state.cache
    assert _while_started(app, lambda: _wait_for(lambda: cached(cache, ("country-coverage",))))  # the last step
    assert cached(cache, gap_analysis().key) and cached(cache, lag_analysis().key) and cached(cache, ("counts",))


def test_without_warm_up_nothing_is_computed_until_asked(web_db: str, tmp_path: Path) -> None:
    app = create_app(Settings(home=tmp_path, database_url=web_db, token="t"), warm_up=False)
    assert _while_started(app, lambda: time.sleep(0.5) or True)
    assert not cached(app.state.cache, gap_analysis().key)


def test_a_stopped_server_stops_warming_at_the_next_step(web_db: str, tmp_path: Path) -> None:
    from aigap.store import Store

    stopping = threading.Event()
    stopping.set()
    cache = Cache()
    with Store.open(web_db) as store:
        warm(lambda: store, cache, stopping)
    assert not cached(cache, gap_analysis().key) and not cached(cache, ("counts",))
