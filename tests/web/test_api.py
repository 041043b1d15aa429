"""The REST API on a real server: reads, filters, exports, the gap, writes with a token, errors,
upload caps, SSRF refusals (also after a redirect and DNS resolution), escaping."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from aigap.analyze import GapOptions, gap, load_weights
from aigap.config import Settings
from aigap.store import Store

TOKEN = "test-token-123"  # the live fixture's token
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_reads_and_filters(live: httpx.Client) -> None:
    h = live.get("/healthz").json()
    assert h["status"] == "ok" and h["database"]["documents"] == 5
    docs = live.get("/api/documents").json()
    assert len(docs) == 5 and {"id", "title", "language", "claims"} <= set(docs[0])
    one = live.get(f"/api/documents/{docs[0]['id']}").json()
    assert one["text"] and one["claims"] and all(one["text"][c["start"]:c["end"]] == c["number_text"]
                                                  for c in one["claims"])
    page1 = live.get("/api/claims", params={"country": "CN", "limit": 10}).json()
    assert page1["count"] == 10 and all(c["subject"] == "CN" for c in page1["claims"])
    page2 = live.get("/api/claims", params={"country": "CN", "limit": 10, "after": page1["next_after"]}).json()
    assert min(c["id"] for c in page2["claims"]) > max(c["id"] for c in page1["claims"])
    models = live.get("/api/claims", params={"pillar": "models", "limit": 500}).json()["claims"]
    assert models and {c["metric"] for c in models} <= {"notable_ml_models", "foundation_models", "approved_genai_services",
                                                         "genai_startups", "model_benchmark_score", "model_benchmark_rank",
                                                         "model_parameters", "context_window", "large_scale_models",
                                                         "ml_models", "model_gap_published"}
    en = live.get("/api/claims", params={"language": "en", "limit": 500}).json()["claims"]
    assert en and all(c["doc_language"] == "en" for c in en)
    conflicting = live.get("/api/claims", params={"conflicting": "true", "limit": 500}).json()["claims"]
    conflicts = live.get("/api/conflicts").json()
    claim_ids = {int(f["source"].split(":")[1]) for c in conflicts for f in c["figures"] if f["source"].startswith("claim:")}
    assert {c["id"] for c in conflicting} == claim_ids


def test_exports(live: httpx.Client) -> None:
    r = live.get("/api/claims", params={"format": "csv", "country": "US", "limit": 500})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and all(row["subject"] == "US" for row in rows) and "quote" in rows[0]
    c = live.get("/api/conflicts", params={"format": "csv"})
    assert "quote_a" in c.text.splitlines()[0]
    d = live.get("/api/documents", params={"format": "csv"})
    assert len(list(csv.DictReader(io.StringIO(d.text)))) == 5
    z = zipfile.ZipFile(io.BytesIO(live.get("/api/export/datapackage").content))
    assert "datapackage.json" in z.namelist() and any(n.endswith(".csv") for n in z.namelist())


def test_gap_matches_the_cli_answer(live: httpx.Client, web_db: str) -> None:
    api = live.get("/api/gap", params={"draws": 300, "seed": 4, "w_models": 3, "normalize": "minmax"}).json()
    s = Store.open(web_db)
    direct = gap(s, GapOptions(draws=300, seed=4, normalize="minmax", weights=load_weights("equal", {"models": 3})))
    s.close()
    assert api["composite"] == json.loads(json.dumps(direct.to_json()["composite"]))
    assert set(api) >= {"countries", "composite", "pillars", "indicators", "sensitivity", "notes"}
    trend = live.get("/api/trend/notable_ml_models").json()
    assert trend["series"] and trend["pairs"][0]["between"] == ["US", "CN"]
    lag = live.get("/api/lag", params={"benchmark": "eci"}).json()
    assert lag["benchmarks"][0]["benchmark"] == "eci" and lag["benchmarks"][0]["mean_lag_months"] > 0


@pytest.mark.parametrize("path, status", [
    ("/api/documents/999999", 404), ("/api/claims?limit=0", 422), ("/api/claims?pillar=nope", 400),
    ("/api/gap?normalize=rank", 400), ("/api/gap?w_models=abc", 422), ("/api/trend/nope", 400),
    ("/api/lag?benchmark=nope", 400), ("/source?ref=claim:999999", 404), ("/static/..%2Fapp.py", 404),
])
def test_errors_have_one_shape(live: httpx.Client, path: str, status: int) -> None:
    r = live.get(path)
    assert r.status_code == status
    body = r.json()["error"]
    assert body["type"] and body["message"]


def test_writes_need_the_token(live: httpx.Client) -> None:
    payload = {"text": "2024年中国人工智能核心产业规模近6000亿元。", "title": "t"}
    assert live.post("/api/documents", json=payload).status_code == 401
    assert live.post("/api/documents", json=payload, headers={"Authorization": "Bearer wrong"}).status_code == 401
    preview = live.post("/api/documents?preview=1", json=payload, headers=AUTH)
    assert preview.status_code == 200 and preview.json()["stored"] is False and preview.json()["claims"]
    assert live.get("/healthz").json()["database"]["documents"] == 5  # a preview stores nothing
    made = live.post("/api/documents", json=payload, headers=AUTH)
    assert made.status_code == 201
    body = made.json()
    assert body["id"] and body["claims"] and body["claims"][0]["id"]
    again = live.post("/api/documents", json=payload, headers=AUTH)
    assert again.status_code == 200 and again.json()["id"] == body["id"] and again.json()["new"] is False
    up = live.post("/api/documents", headers=AUTH,
                   files={"file": ("note.txt", b"Private AI investment in the US reached $109.1 billion in 2024.")})
    assert up.status_code == 201 and up.json()["claims"][0]["value"] == pytest.approx(109.1e9)
    assert live.post("/api/documents", json={"title": "x"}, headers=AUTH).status_code == 422
    assert live.post("/api/documents", content=b"{not json", headers={**AUTH, "content-type": "application/json"}).status_code == 422


def test_upload_cap(web_db: str, tmp_path: Path, serve_app: Any) -> None:
    with serve_app(Settings(home=tmp_path, database_url=web_db, token=TOKEN), max_upload=1000) as client:
        r = client.post("/api/documents", headers=AUTH, files={"file": ("big.txt", b"x" * 5000)})
        assert r.status_code == 413 and "limit" in r.json()["error"]["message"]


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/hop":  # a redirect to another name of this machine
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{self.server.server_address[1]}/article")
            self.end_headers()
            return
        body = "<html><head><title>Intranet note</title></head><body><p>2024年中国AI投资约400亿美元。</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def pages_server() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_url_ingestion_refuses_private_addresses(live: httpx.Client, pages_server: str) -> None:
    port = pages_server.split(":")[1]
    for url in (f"http://{pages_server}/article", f"http://localhost:{port}/article", "http://169.254.169.254/latest",
                "http://10.0.0.1/", "http://[::1]/", "file:///etc/passwd"):
        r = live.post("/api/documents", json={"url": url}, headers=AUTH)
        assert r.status_code == 400, url
        assert "refused" in r.json()["error"]["message"] or "only http" in r.json()["error"]["message"]


def test_allowed_host_is_fetched_but_redirect_hops_are_checked(web_db: str, tmp_path: Path, pages_server: str,
                                                              serve_app: Any) -> None:
    settings = Settings(home=tmp_path, database_url=web_db, token=TOKEN)
    with serve_app(settings, allowed_url_hosts=frozenset({"127.0.0.1"})) as client:
        ok = client.post("/api/documents", json={"url": f"http://{pages_server}/article"}, headers=AUTH)
        assert ok.status_code == 201 and ok.json()["title"] == "Intranet note"
        hop = client.post("/api/documents", json={"url": f"http://{pages_server}/hop"}, headers=AUTH)
        assert hop.status_code == 400 and "localhost resolves to a non-public address" in hop.json()["error"]["message"]
    with serve_app(settings, allow_private_urls=True) as client:
        ok = client.post("/api/documents", json={"url": f"http://{pages_server}/hop"}, headers=AUTH)
        assert ok.status_code in (200, 201)


EVIL_TITLE = '<script>alert("t")</script>"><img src=x onerror=alert(1)>'
EVIL_TEXT = ('"><img src=x onerror=alert(2)> 2024年中国AI投资约400亿美元。<script>alert(3)</script> '
             '<a href="javascript:alert(4)">link</a>')


def add_evil(client: httpx.Client) -> int:
    r = client.post("/api/documents", json={"text": EVIL_TEXT, "title": EVIL_TITLE, "url": "javascript:alert(5)"},
                    headers=AUTH)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_pages_escape_untrusted_text(live: httpx.Client) -> None:
    doc = add_evil(live)
    for path in ("/", "/claims", f"/documents/{doc}", "/conflicts", "/add", f"/claims?period={EVIL_TITLE}"):
        r = live.get(path)
        assert r.status_code == 200, path
        assert "<script>alert" not in r.text and "<img src=x" not in r.text and 'href="javascript:' not in r.text
        assert "script-src 'self'" in r.headers["content-security-policy"]
    page = live.get(f"/documents/{doc}").text
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in page
    assert live.get("/api/documents").json()[-1]["title"] == EVIL_TITLE  # JSON carries the text as it is
    assert socket.gethostbyname("localhost").startswith("127.")


def test_answers_follow_writes_made_beside_the_server(live: httpx.Client, web_db: str) -> None:
    """Analyses are cached until the data changes, also when the change comes from another process
    (``aigap ingest`` beside a running server): the store's revision is checked about once a second."""
    import time

    from aigap.records import Claim, Document

    before = live.get("/api/gap").json()
    ind = next(i for i in before["indicators"] if "US" in i["values"] and not i["id"].startswith("best_model:"))
    us = ind["values"]["US"]
    assert live.get("/api/gap").json() == before  # cached, unchanged
    with Store.open(web_db) as store:
        doc = Document(doc_id="beside", text="US figure " * 5, source_uri="file:///beside.txt",
                       content_hash="beside" * 8, language="en")
        store.add_document(doc, [Claim(doc="beside", start=0, end=2, number_text="US", quote="US figure",
                                       value=us["value"] * 50, unit=ind["unit"], subject="US", metric=ind["id"],
                                       period=us["period"])], "1")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        health = live.get("/healthz").json()["database"]["documents"]
        after = live.get("/api/gap").json()
        if health == 6 and after["indicators"] != before["indicators"]:
            break
        time.sleep(0.3)
    assert health == 6
    changed = next(i for i in after["indicators"] if i["id"] == ind["id"])
    assert changed["values"]["US"]["value"] > us["value"]


def test_a_documents_source_class_is_set_with_the_token(live: httpx.Client) -> None:
    docs = live.get("/api/documents").json()
    blog = next(d for d in docs if d["outlet"] == "CODE IS PLAY")
    assert blog["source_class"] == "blog" and "CODE IS PLAY" in blog["class_reason"]
    url = f"/api/documents/{blog['id']}/class"
    assert live.put(url, json={"source_class": "primary"}).status_code == 401
    bad = live.put(url, json={"source_class": "gossip"}, headers=AUTH)
    assert bad.status_code == 422 and "gossip" in bad.text
    before = live.get("/api/gap").json()
    done = live.put(url, json={"source_class": "primary"}, headers=AUTH)
    assert done.status_code == 200 and done.json()["source_class"] == "primary"
    after = live.get("/api/gap").json()
    assert all("reliability" in v for i in after["indicators"] for v in i["values"].values())
    # The cached answer followed the write: the blog's figures now weigh as a primary's.
    assert [i["values"] for i in after["indicators"]] != [i["values"] for i in before["indicators"]]
    assert live.put(url, json={"source_class": "auto"}, headers=AUTH).json()["source_class"] == "blog"
