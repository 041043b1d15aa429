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

    def do_GET(self) -> None:
        path = self.path
        if path == "/article.html":
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
        elif path == "/binary":
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
