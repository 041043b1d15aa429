"""Requests that once answered a raw 500 (and dropped the keep-alive connection): each is a 4xx with
the one JSON error shape, on a connection that stays usable. Also bad URLs through the API."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

TOKEN = "test-token-123"  # the live fixture's token
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BIG = "1" * 40
NOTE = b"Private AI investment in the US reached $109.1 billion in 2024."


def _multipart(**kwargs: object) -> tuple[bytes, dict[str, str]]:
    req = httpx.Request("POST", "http://x/", **kwargs)  # type: ignore[arg-type]
    return req.read(), {"content-type": req.headers["content-type"]}


def _requests() -> list[tuple[str, str, bytes, dict[str, str]]]:
    gets = ["/api/claims?period=a%00b", "/api/claims?country=%00", "/claims?source=x%00", "/api/trend/a%00b",
            "/source?ref=dataset:%00%23x", f"/api/documents/{BIG}", f"/documents/{BIG}", f"/api/documents?offset={BIG}",
            f"/api/claims?after={BIG}", f"/claims?after={BIG}", f"/source?ref=claim:{BIG}", f"/api/gap?seed={BIG}",
            "/api/gap?seed=-1", "/api/gap/composite?seed=-1", "/api/gap?w_models=nan", "/api/gap?format=xml"]
    out = [("GET", g, b"", {}) for g in gets]
    long_name, long_headers = _multipart(files={"file": ("a" * 5000 + ".txt", NOTE)})
    out += [
        ("POST", "/api/documents?preview=1", b"--x\r\n\r\n--x--\r\n", {"content-type": "multipart/form-data"}),
        ("POST", "/api/documents?preview=1", b"garbage", {"content-type": "multipart/form-data; boundary=zz"}),
        ("POST", "/api/documents?preview=1", long_name, long_headers),
        ("POST", "/api/documents?preview=1", json.dumps({"url": "http://[::1"}).encode(),
         {"content-type": "application/json"}),
        ("POST", "/api/documents?preview=1", json.dumps({"text": "AI\u0000 spending $5 billion", "title": "t"}).encode(),
         {"content-type": "application/json"}),
        ("POST", "/api/documents?preview=1", *_multipart(files={"file": ("x.pdf", b"%PDF-1.4 garbage")})),
    ]
    return out


@pytest.mark.parametrize(("method", "path", "body", "headers"), _requests(),
                         ids=[f"{m} {p[:40]} {len(b)}" for m, p, b, _ in _requests()])
def test_bad_requests_are_4xx_json_and_keep_the_connection(live: httpx.Client, method: str, path: str, body: bytes,
                                                          headers: dict[str, str]) -> None:
    conn = http.client.HTTPConnection(live.base_url.host, live.base_url.port, timeout=60)
    try:
        conn.request(method, path, body=body or None, headers={**AUTH, **headers})
        r = conn.getresponse()
        data = r.read()
        assert 400 <= r.status < 500, (r.status, data[:300])
        err = json.loads(data)["error"]
        assert set(err) == {"type", "message", "hint"} and err["type"] and err["message"]
        sock = conn.sock
        assert sock is not None and r.getheader("connection", "").lower() != "close"
        conn.request("GET", "/healthz")  # the same connection answers the next request
        again = conn.getresponse()
        assert again.status == 200 and json.loads(again.read())["status"] == "ok"
        assert conn.sock is sock
    finally:
        conn.close()


def test_a_long_file_name_is_kept_short_and_printable(live: httpx.Client) -> None:
    r = live.post("/api/documents", headers=AUTH, files={"file": ("报告\u202e" + "a" * 300 + ".txt", NOTE)})
    assert r.status_code == 201, r.text
    doc = live.get(f"/api/documents/{r.json()['id']}").json()
    assert doc["source"] == "upload:报告" + "a" * (255 - 2 - 4) + ".txt"


class _Redirects(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(302)
        self.send_header("Location", "javascript:alert(1)" if self.path == "/to-js" else "http://[::1")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def redirects() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Redirects)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_bad_urls_and_redirect_targets_are_400(web_db: str, tmp_path: object, redirects: str, serve_app: object) -> None:
    from pathlib import Path

    from aigap.config import Settings

    settings = Settings(home=Path(str(tmp_path)), database_url=web_db, token=TOKEN)
    with serve_app(settings, allow_private_urls=True) as client:  # type: ignore[operator]
        for url, reason in ((f"{redirects}/to-js", "only http(s) URLs can be fetched (redirect to 'javascript:"),
                            (f"{redirects}/to-broken", "invalid URL"), ("http://[::1", "invalid URL"),
                            ("http://127.0.0.1:99999/", "invalid URL")):
            r = client.post("/api/documents", json={"url": url}, headers=AUTH)
            assert r.status_code == 400, (url, r.text)
            assert r.json()["error"]["message"].startswith(f"{url}: ") and reason in r.json()["error"]["message"]


def _int_probes(spec: dict[str, object]) -> list[str]:
    """Every GET route of the OpenAPI schema with an integer parameter, that parameter set to -1 and to a
    40-digit number in turn (other path parameters a plain word): none may reach the code unbounded."""
    out = []
    for path, ops in spec["paths"].items():  # type: ignore[attr-defined]
        params = ops.get("get", {}).get("parameters", [])
        for p in params:
            if p.get("schema", {}).get("type") != "integer" and "integer" not in json.dumps(p.get("schema", {})):
                continue
            for value in ("-1", BIG):
                url = path
                for q in params:
                    if q["in"] == "path":
                        url = url.replace("{" + q["name"] + "}", value if q is p else "x")
                out.append(url if p["in"] == "path" else f"{url}?{p['name']}={value}")
    return out


def test_every_integer_parameter_of_the_api_is_bounded(live: httpx.Client) -> None:
    probes = _int_probes(live.get("/openapi.json").json())
    assert "/api/gap/composite?seed=-1" in probes and f"/api/documents?offset={BIG}" in probes
    answers = {url: live.get(url, headers=AUTH) for url in probes}
    bad = {url: (r.status_code, r.text[:200]) for url, r in answers.items() if r.status_code >= 500}
    assert bad == {}
    for url, r in answers.items():
        if r.status_code >= 400:
            assert set(r.json()["error"]) == {"type", "message", "hint"}, url
