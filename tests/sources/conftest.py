"""A real HTTP server on 127.0.0.1 for URL ingestion tests."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PAGE = (
    "<html><head><title>Chips report</title></head><body><article><p>"
    + "China imported 479.5 billion integrated circuits in 2023, down 10.8% year on year. " * 3
    + "</p></article></body></html>"
).encode()
BOMB = gzip.compress(b"0" * (64 * 1024 * 1024))  # 64 MB of zeros in about 64 KB


HITS: dict[str, int] = {}  # requests per path (with its query): retries are counted, not assumed


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path
        HITS[path] = HITS.get(path, 0) + 1
        hits = HITS[path]
        if path.startswith("/to-js"):
            self._redirect("javascript:alert(1)")
        elif path.startswith("/to-broken"):
            self._redirect("http://[::1")
        elif path.startswith("/to-localhost"):  # another name of this machine
            self._redirect(f"http://localhost:{self.server.server_address[1]}/article.html")
        elif path.startswith("/trickle"):  # a byte every 0.1 s, each read well within its timeout
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "200")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        elif path.startswith("/flaky"):  # 503 on the first two requests, then the page
            self._send(503, b"busy") if hits <= 2 else self._send(200, PAGE)
        elif path.startswith("/down"):
            self._send(502, b"bad gateway")
        elif path.startswith("/limited-long"):
            self._send(429, b"slow down", Retry_After="3600")
        elif path.startswith("/limited"):  # 429 once, asking for a short wait
            self._send(429, b"slow down", Retry_After="0") if hits == 1 else self._send(200, PAGE)
        elif path.startswith("/gone"):
            self._send(404, b"gone")
        elif path.startswith("/huge"):
            self._send(200, b"x" * (2 * 1024 * 1024))
        elif path == "/article.html":
            self._send(200, PAGE)
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
        elif path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif path == "/slow":
            time.sleep(3)
            self._send(200, PAGE)
        elif path.startswith("/binary"):
            self._send(200, bytes(range(256)) * 10, "application/octet-stream")
        elif path == "/bomb":
            self._send(200, BOMB, "text/html", Content_Encoding="gzip")
        else:
            self._send(404, b"not found")


@pytest.fixture(scope="session")
def http_base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def http_hits() -> dict[str, int]:
    """Requests the ``http_base`` server has answered, per path with its query."""
    return HITS
