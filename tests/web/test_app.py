from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from aigap.config import Settings
from aigap.records import Claim, Document
from aigap.sources import content_hash
from aigap.store import Store
from aigap.web import create_app


@contextmanager
def serving(settings: Settings) -> Iterator[httpx.Client]:
    """The app under a real uvicorn server on 127.0.0.1, stopped afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_page_escapes_untrusted_text_and_healthz(db_url: str, tmp_path: Path) -> None:
    store = Store.open(db_url)
    text = '"><img src=x onerror=alert(1)> 中国投资约400亿美元 <script>alert(2)</script>'
    doc = Document(doc_id="evil", text=text, source_uri="javascript:alert(3)", title="<script>alert(4)</script>",
                   content_hash=content_hash(text))
    store.add_document(doc, [Claim(doc="evil", start=32, end=39, number_text="约400亿美元", quote=text, value=4e10,
                                   unit="USD", subject="CN", metric="ai_investment_total")], "t")
    with serving(Settings(home=tmp_path, database_url=db_url)) as client:
        _check(client)
    store.close()


def _check(client: httpx.Client) -> None:
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["database"]["documents"] == 1
    page = client.get("/")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "Epoch AI" in page.text  # the attribution CC BY asks for
    docs = client.get("/api/documents").json()
    assert docs[0]["title"] == "<script>alert(4)</script>"  # JSON carries the text as it is
    missing = client.get("/api/documents/999")
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "NotFound"
