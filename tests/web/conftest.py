"""A real uvicorn server on 127.0.0.1 over a copy of the demo database, and Debian's chromium."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn

from aigap.config import Settings
from aigap.web import create_app

TOKEN = "test-token-123"


@contextmanager
def serving(settings: Settings, **kwargs: Any) -> Iterator[httpx.Client]:
    """The app under a real uvicorn server on a free port of 127.0.0.1, stopped afterwards.

    Without its warm-up unless asked (``warm_up=True``): each warm-up computes the whole dashboard,
    and in one test process a hundred servers' warm-ups would fight the test at hand for the GIL."""
    kwargs.setdefault("warm_up", False)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings, **kwargs), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def serve_app() -> Any:
    """``with serve_app(settings, **create_app_options) as client``: a server of one's own."""
    return serving


@pytest.fixture
def web_db(demo_db: str, tmp_path: Path) -> str:
    """A private copy of the demo database: tests that write do not touch the shared one."""
    src = Path(demo_db.removeprefix("sqlite:///"))
    dst = tmp_path / "web.db"
    shutil.copy(src, dst)
    return f"sqlite:///{dst}"


@pytest.fixture
def live(web_db: str, tmp_path: Path) -> Iterator[httpx.Client]:
    with serving(Settings(home=tmp_path, database_url=web_db, token=TOKEN)) as client:
        yield client


def _wait_until(page: Any, check: Any, timeout: float = 30.0, status: str | None = None) -> None:
    """Poll from Python: the CSP (rightly) forbids the string evaluation wait_for_function uses.
    ``status``: a selector whose text the failure message quotes (what the page said instead)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            said = page.query_selector(status) if status else None
            raise AssertionError("timed out waiting" + (f" (status: {said.inner_text()!r})" if said else ""))
        page.wait_for_timeout(100)


@pytest.fixture
def wait_until() -> Any:
    """``wait_until(page, check, timeout=30, status=None)``: one poller for every browser test."""
    return _wait_until


class Offline:
    """A browser context that refuses every request not to 127.0.0.1 and records what went wrong."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url
        self.errors: list[str] = []
        self.refused: list[str] = []
        self.ctx: Any = None

    def page(self, width: int = 1400, height: int = 900) -> Any:
        if self.ctx is not None:
            self.ctx.close()
        self.ctx = self.browser.new_context(base_url=self.base_url, accept_downloads=True,
                                            viewport={"width": width, "height": height})

        def gate(route: Any) -> None:
            host = urlsplit(route.request.url).hostname
            if host == "127.0.0.1" or route.request.url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                self.refused.append(route.request.url)
                route.abort()

        self.ctx.route("**/*", gate)
        p = self.ctx.new_page()
        p.set_default_timeout(30_000)
        p.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        p.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        return p

    def close(self) -> None:
        if self.ctx is not None:
            self.ctx.close()


@pytest.fixture
def offline(browser: Any, live: httpx.Client) -> Any:
    o = Offline(browser, str(live.base_url))
    yield o
    o.close()
