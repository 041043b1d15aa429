"""Extraction of documents sent to the API runs in worker processes: big previews leave /healthz and
other readers answering."""

from __future__ import annotations

import threading
import time

import httpx

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
