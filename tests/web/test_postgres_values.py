"""On PostgreSQL (which refuses NUL in text and a doc_id over 255 characters), the API answers those
values with a 4xx JSON error or stores them cleaned, never a 500; the connection stays usable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from aigap.config import Settings
from aigap.store import Store

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NOTE = "Private AI investment in the US reached $109.1 billion in 2024."

pytestmark = pytest.mark.postgres


def _multipart(name: str, content: bytes) -> tuple[bytes, dict[str, str]]:
    req = httpx.Request("POST", "http://x/", files={"file": (name, content, "text/plain")})
    return req.read(), {"content-type": req.headers["content-type"]}


def test_nul_and_long_values_on_postgres_are_never_a_500(pg_url: str, tmp_path: Path, serve_app: Any) -> None:
    Store.open(pg_url).close()
    settings = Settings(home=tmp_path, database_url=pg_url, token=TOKEN)
    with serve_app(settings, allow_private_urls=True) as client:
        refused = [{"text": f"AI\u0000 {NOTE}", "title": "t"}, {"text": NOTE, "title": "t\u0000"},
                   {"text": NOTE, "url": "http://example.com/\u0000"}]
        for body in refused:
            r = client.post("/api/documents", content=json.dumps(body), headers={**AUTH, "content-type": "application/json"})
            assert r.status_code == 422 and "NUL" in r.json()["error"]["message"], (body, r.text)
        for path in ("/api/claims?period=a%00b", "/api/claims?country=%00", "/api/documents?q=%00"):
            r = client.get(path, headers=AUTH)
            assert r.status_code == 400 and "NUL" in r.json()["error"]["message"], (path, r.text)
        # a 600-character file name (the doc_id comes from it) and a 6,000-character title: stored
        long_name = "报告" + "n" * 600 + ".txt"
        body, headers = _multipart(long_name, NOTE.encode())
        r = client.post("/api/documents", content=body, headers={**AUTH, **headers})
        assert r.status_code == 201, r.text
        assert 0 < len(r.json()["doc_id"]) <= 255 and r.json()["doc_id"].startswith("报告nnn")
        r = client.post("/api/documents", json={"text": "China AI spending reached $7 billion in 2024.",
                                                "title": "x" * 6000}, headers=AUTH)
        assert r.status_code == 201, r.text
        doc = client.get(f"/api/documents/{r.json()['id']}").json()
        assert doc["title"] == "x" * 6000
        health = client.get("/healthz").json()
        assert health["status"] == "ok" and health["database"]["documents"] == 2
