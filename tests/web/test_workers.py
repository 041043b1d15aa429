"""Extraction of documents sent to the API runs in worker processes and URL fetches on threads of
their own, with a deadline: big previews and slow servers leave /healthz and other readers answering."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from aigap.config import Settings

# These measure /healthz latency: a test beside them on the same cores would be measured too.
pytestmark = pytest.mark.serial

TOKEN = "test-token-123"  # the live fixture's token
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SENTENCE = "2024年中国人工智能核心产业规模近6000亿元。Private AI investment in the US reached $109.1 billion in 2024. "


def test_two_big_previews_leave_healthz_answering(live: httpx.Client) -> None:
    text = SENTENCE * (1024 * 1024 // len(SENTENCE.encode()))  # about 1 MB of UTF-8 each
    answers: list[httpx.Response] = []

    def preview() -> None:
        with httpx.Client(base_url=str(live.base_url), timeout=300) as c:
            answers.append(c.post("/api/documents?preview=1", json={"text": text, "title": "big"}, headers=AUTH))

    previews = [threading.Thread(target=preview) for _ in range(2)]
    for p in previews:
        p.start()
    time.sleep(1.0)  # both bodies are in and being extracted
    waits = []
    while any(p.is_alive() for p in previews) and len(waits) < 8:
        t0 = time.perf_counter()
        r = live.get("/healthz")
        waits.append(time.perf_counter() - t0)
        assert r.status_code == 200 and r.json()["status"] == "ok"
        assert live.get("/api/claims", params={"limit": 5}).status_code == 200  # a reader, too
        time.sleep(0.25)
    busy = any(p.is_alive() for p in previews)
    for p in previews:
        p.join(timeout=300)
    assert len(waits) >= 3 and busy, f"the previews ended before /healthz was measured ({len(waits)} answers)"
    assert max(waits) < 1.0, [round(w, 2) for w in waits]
    assert [a.status_code for a in answers] == [200, 200]
    assert all(len(a.json()["claims"]) > 1000 and a.json()["stored"] is False for a in answers)


class _Trickle(BaseHTTPRequestHandler):
    """A byte every 0.2 s: no single read ever times out."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        try:
            for _ in range(1000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def trickle() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_slow_url_fetches_end_at_the_deadline_and_leave_healthz_answering(web_db: str, tmp_path: Path, trickle: str,
                                                                         serve_app: Any) -> None:
    settings = Settings(home=tmp_path, database_url=web_db, token=TOKEN)
    with serve_app(settings, allow_private_urls=True, fetch_deadline=3) as client:
        answers: list[tuple[float, httpx.Response]] = []

        def fetch(n: int) -> None:
            t0 = time.monotonic()
            with httpx.Client(base_url=str(client.base_url), timeout=60) as c:
                r = c.post("/api/documents", json={"url": f"{trickle}/page{n}"}, headers=AUTH)
            answers.append((time.monotonic() - t0, r))

        fetches = [threading.Thread(target=fetch, args=(n,)) for n in range(3)]
        for f in fetches:
            f.start()
        time.sleep(0.5)
        waits = []
        while any(f.is_alive() for f in fetches):
            t0 = time.perf_counter()
            assert client.get("/healthz").status_code == 200
            waits.append(time.perf_counter() - t0)
            time.sleep(0.2)
        for f in fetches:
            f.join()
    assert len(waits) >= 3 and max(waits) < 1.0, [round(w, 2) for w in waits]
    assert len(answers) == 3
    for took, r in answers:
        assert r.status_code == 400 and "3-second deadline" in r.json()["error"]["message"]
        assert took < 6
