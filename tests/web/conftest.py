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


