"""The dashboard as a first-time analyst sees it, in chromium with every request off 127.0.0.1 refused:
the API reference offline, the answer first in both languages, no page wider than the screen, charts
with axis titles and a working PNG download. Screenshots of every page at both widths and languages."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

pytestmark = pytest.mark.browser
WIDTHS = {"phone": (390, 844), "desktop": (1400, 900)}


def wait_until(page: Any, check: Any, timeout: float = 30.0) -> None:
    """Poll from Python: the CSP (rightly) forbids the string evaluation wait_for_function uses."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        page.wait_for_timeout(100)


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


def test_docs_list_operations_offline(offline: Offline, live: httpx.Client, artifacts: Path) -> None:
    ops = {f"{m.upper()} {p}" for p, item in live.get("/openapi.json").json()["paths"].items() for m in item}
    assert "GET /api/gap" in ops
    page = offline.page()
    page.goto("/docs")
    page.wait_for_selector(".opblock")
    shown = {f"{b.query_selector('.opblock-summary-method').inner_text().strip()} "
             f"{b.query_selector('.opblock-summary-path').get_attribute('data-path')}"
             for b in page.query_selector_all(".opblock")}
    assert ops <= shown
    page.screenshot(path=str(artifacts / "docs.png"), full_page=True)
    page.goto("/redoc")
    page.wait_for_selector("[data-section-id]")
    assert "/api/gap" in page.inner_text("body")
    page.screenshot(path=str(artifacts / "redoc.png"))
    csp = live.get("/docs").headers["content-security-policy"]
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "http" not in csp  # nothing from another host
    assert not offline.refused, offline.refused
    assert not offline.errors, offline.errors
