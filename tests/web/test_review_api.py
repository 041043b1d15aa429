"""The review endpoints on a real server over SQLite and PostgreSQL: roles on every write, the audit log,
the queue and the gold export."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from aigap.config import Settings
from aigap.records import Claim, Document
from aigap.sources import content_hash
from aigap.store import Store

ADMIN = "admin-token-xyz"
TEXT = "China has 500,000 AI researchers and the US has 250,000 AI researchers; 90 AI unicorns are American."


def _setup(db_url: str) -> tuple[int, list[int], dict[str, str]]:
    store = Store.open(db_url)
    claims = []
    for needle, value, country in (("500,000 AI researchers", 5e5, "CN"), ("250,000 AI researchers", 2.5e5, "US")):
        s = TEXT.index(needle)
        claims.append(Claim(doc="d", start=s, end=s + len(needle), number_text=needle, quote=TEXT, value=value,
                            unit="people", subject=country, metric="ai_researchers", period="2024", confidence=0.4))
    doc = store.add_document(Document(doc_id="d", text=TEXT, source_uri="file:///d.txt", content_hash=content_hash(TEXT),
                                      title="d", language="en"), claims, "test").id
    ids = [c.id for c in store.claims(document_id=doc)]
    tokens = {role: store.review.add_user(f"{role}-1", role, by="setup") for role in ("reader", "reviewer")}
    store.close()
    return doc, ids, tokens


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _write_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every route of the app that is not a read, found by walking its routers (the
    included ones and mounts too), so a write endpoint added later is in this list without anyone
    adding it."""
    from starlette.routing import Mount

    found: set[tuple[str, str]] = set()

    def walk(routes: Any, prefix: str) -> None:
        for r in routes:
            inner = getattr(r, "original_router", None)  # FastAPI keeps included routers nested
            if inner is not None:
                walk(inner.routes, prefix + getattr(getattr(r, "include_context", None), "prefix", ""))
            elif isinstance(r, Mount):
                walk(r.routes, prefix + r.path)
            else:
                for m in (getattr(r, "methods", None) or set()) - {"GET", "HEAD", "OPTIONS"}:
                    found.add((m, prefix + r.path))

    walk(app.routes, "")
    return found


def _writes(doc: int, ids: list[int]) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
    """(method, route) -> (url, body) of a valid request to each write endpoint."""
    s = TEXT.index("90 AI unicorns")
    return {
        ("POST", "/api/review/{claim_id}/fix"): (f"/api/review/{ids[0]}/fix",
                                                 {"fields": {"value": 510000}, "why": "the source table says 510,000"}),
        ("POST", "/api/review/{claim_id}/accept"): (f"/api/review/{ids[0]}/accept", {}),
        ("POST", "/api/review/add"): ("/api/review/add", {
            "document_id": doc, "start": s, "end": s + len("90 AI unicorns"),
            "fields": {"value": 90, "unit": "companies", "subject": "US", "metric": "ai_unicorns"}, "why": "missed"}),
        ("POST", "/api/review/{claim_id}/reject"): (f"/api/review/{ids[1]}/reject", {"why": "not this year's figure"}),
        ("POST", "/api/documents"): ("/api/documents", {"text": "2024年中国AI投资约400亿美元。", "title": "new"}),
        ("PUT", "/api/documents/{doc_id}/class"): (f"/api/documents/{doc}/class", {"source_class": "primary"}),
    }


AUDITED = {"/api/review/{claim_id}/fix": "review.fix", "/api/review/{claim_id}/accept": "review.accept",
           "/api/review/add": "review.add", "/api/review/{claim_id}/reject": "review.reject",
           "/api/documents": "documents.add", "/api/documents/{doc_id}/class": "documents.class"}


def test_roles_are_enforced_on_every_write_endpoint(db_url: str, tmp_path: Path, serve_app: Any) -> None:
    from aigap.web import create_app

    doc, ids, tokens = _setup(db_url)
    settings = Settings(home=tmp_path, database_url=db_url, token=ADMIN)
    writes = _writes(doc, ids)
    # every write route of the app, enumerated from the app itself: a new one fails here until it is
    # given a request below (and so a role check and an audit entry)
    assert _write_routes(create_app(settings, warm_up=False)) == set(writes)
    with serve_app(settings) as client:
        client: httpx.Client
        for (method, route), (path, body) in writes.items():
            r = client.request(method, path, json=body)
            assert r.status_code == 401, route
            assert set(r.json()["error"]) == {"type", "message", "hint"}
            assert client.request(method, path, json=body, headers=_auth("not-a-token")).status_code == 401, route
            r = client.request(method, path, json=body, headers=_auth(tokens["reader"]))
            assert r.status_code == 403, route
            assert r.json()["error"]["type"] == "Forbidden" and "reader" in r.json()["error"]["message"]
        assert client.get("/api/review/queue").status_code == 401  # a named user reads the queue
        audit = Store.open(db_url)
        assert audit.review.audit() == [a for a in audit.review.audit() if a["via"] != "api"]  # refused: no entry
        for (method, route), (path, body) in writes.items():
            r = client.request(method, path, json=body, headers=_auth(tokens["reviewer"]))
            assert r.status_code in (200, 201), (route, r.text)
        rows = audit.review.audit()
        api = [(a["user"], a["action"]) for a in rows if a["via"] == "api"]
        # one entry per write, under the user who made it
        assert api == [("reviewer-1", AUDITED[route]) for _, route in writes]
        assert audit.claims(ids=[ids[1]]) == []
        assert (audit.document(doc, with_text=False).extra or {}).get("source_class_user") == "primary"
        audit.close()
        # the single token of before still works, as the admin
        r = client.post(f"/api/review/{ids[0]}/accept", json={}, headers=_auth(ADMIN))
        assert r.status_code == 200 and r.json()["user"] == "admin"
        assert r.json()["provenance"].startswith("reviewed by admin on ")
        # bad input: one clear line naming the field
        r = client.post(f"/api/review/{ids[0]}/fix", json={"fields": {"subject": "China!"}, "why": "x"},
                        headers=_auth(ADMIN))
        assert r.status_code == 422 and "subject" in r.json()["error"]["message"]
        r = client.post("/api/review/999999/accept", json={}, headers=_auth(ADMIN))
        assert r.status_code == 404


def test_queue_and_export(db_url: str, tmp_path: Path, serve_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _doc, ids, _ = _setup(db_url)
    # a users file: a reader whose token only the file knows
    file_token = "file-token-abc"
    users = tmp_path / "users.yaml"
    users.write_text(f"- name: filereader\n  role: reader\n  token_sha256: {hashlib.sha256(file_token.encode()).hexdigest()}\n")
    monkeypatch.setenv("AIGAP_USERS_FILE", str(users))
    with serve_app(Settings(home=tmp_path, database_url=db_url, token=ADMIN)) as client:
        q = client.get("/api/review/queue", headers=_auth(file_token))
        assert q.status_code == 200
        rows = q.json()
        assert [r["id"] for r in rows] and {"id", "confidence", "influence", "status"} <= set(rows[0])
        assert all(r["status"] == "unreviewed" for r in rows)
        assert client.post(f"/api/review/{ids[0]}/accept", json={}, headers=_auth(file_token)).status_code == 403
        assert client.post(f"/api/review/{ids[0]}/accept", json={}, headers=_auth(ADMIN)).status_code == 200
        rows = client.get("/api/review/queue?status=reviewed", headers=_auth(file_token)).json()
        assert [r["id"] for r in rows] == [ids[0]]
        assert rows[0]["reviewed"].startswith("reviewed by admin on ")
        # the claim's provenance, wherever claims are shown
        (row,) = [c for c in client.get("/api/claims", params={"limit": 500}).json()["claims"] if c["id"] == ids[0]]
        assert row["review_status"] == "reviewed" and row["reviewed"].startswith("reviewed by admin on ")
        doc_claims = {c["id"]: c for c in client.get(f"/api/documents/{_doc}").json()["claims"]}
        assert doc_claims[ids[0]]["reviewed"] == row["reviewed"] and doc_claims[ids[1]]["reviewed"] is None
        assert row["reviewed"] in client.get("/claims").text
        # the document page, where a figure's source link leads, says it too (in the page's language)
        page = client.get(f"/documents/{_doc}").text
        assert f'<small class="reviewed" id="reviewed-{ids[0]}">{row["reviewed"]}</small>' in page
        assert f'id="reviewed-{ids[1]}"' not in page
        zh = client.get(f"/documents/{_doc}?lang=zh").text
        assert f'id="reviewed-{ids[0]}">由 admin 于 {row["reviewed"][-10:]} 审核</small>' in zh
        # in Chinese on the Chinese pages: the claims list says it in the page's language
        zh_claims = client.get("/claims?lang=zh").text
        assert f'由 admin 于 {row["reviewed"][-10:]} 审核' in zh_claims and "reviewed by" not in zh_claims
        client.cookies.clear()
        exp = client.get("/api/review/export", headers=_auth(file_token))
        assert exp.status_code == 200
        (gold,) = [json.loads(line) for line in exp.text.splitlines()]
        assert gold["doc"] == "d" and gold["number_text"] == "500,000 AI researchers"
        assert TEXT[gold["start"]:gold["end"]] == gold["number_text"]


def test_review_page_escapes_untrusted_text(live: httpx.Client) -> None:
    evil_title = '<script>alert("t")</script>"><img src=x onerror=alert(1)>'
    evil_text = '"><img src=x onerror=alert(2)> 2024年中国AI投资约400亿美元。<script>alert(3)</script>'
    r = live.post("/api/documents", json={"text": evil_text, "title": evil_title},
                  headers={"Authorization": "Bearer test-token-123"})
    assert r.status_code == 201, r.text
    claim = r.json()["claims"][0]["id"]
    why = '<script>alert(6)</script>'
    fixed = live.post(f"/api/review/{claim}/fix", json={"fields": {"note": '"><img src=x onerror=alert(7)>'},
                                                        "why": why}, headers={"Authorization": "Bearer test-token-123"})
    assert fixed.status_code == 200
    for path in (f"/review?status=all&claim={claim}", f"/review?document={evil_title}", "/review?lang=zh"):
        page = live.get(path)
        assert page.status_code == 200, path
        assert "<script>alert" not in page.text and "<img src=x" not in page.text, path
    page = live.get(f"/review?status=all&claim={claim}").text
    assert '<mark id="review-mark" class="claim-mark">约400亿美元</mark>' in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page
