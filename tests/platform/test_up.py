"""`aigap up` from an empty AIGAP_HOME: builds, reports, is idempotent, and serves while ingest writes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow


def aigap(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aigap", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def _up_json(*extra: str) -> dict:  # type: ignore[type-arg]
    proc = aigap(*extra, "up", "--no-serve", "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_up_builds_then_stores_nothing_twice(aigap_home: Path) -> None:
    first = _up_json()
    assert first["new_documents"] == 5 and first["rejected"] == []
    assert first["new_claims"] > 50
    assert first["counts"]["observations"] > 1000 and first["counts"]["datasets"] >= 5
    report = Path(first["report"])
    assert report.is_file() and report.parent == aigap_home / "reports"
    second = _up_json()
    assert second["new_documents"] == 0 and second["new_claims"] == 0
    assert second["new_observations"] == 0
    assert second["counts"] == first["counts"]


def test_up_summary_is_readable(aigap_home: Path) -> None:
    proc = aigap("up", "--no-serve")
    assert proc.returncode == 0, proc.stderr
    assert "new documents" in proc.stdout and "report:" in proc.stdout
    again = aigap("up", "--no-serve")
    assert "0 new documents, 0 new claims" in again.stdout


def test_up_on_postgres(aigap_home: Path, pg_url: str) -> None:
    first = _up_json("--db", pg_url)
    second = _up_json("--db", pg_url)
    assert first["new_documents"] == 5 and second["new_documents"] == 0
    assert second["counts"] == first["counts"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serving_and_ingesting_the_same_sqlite_file(aigap_home: Path, tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "server.log"
    log_fh = log.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "aigap", "up", "--port", str(port)],
        stdout=log_fh,
        stderr=subprocess.STDOUT,
        env={**os.environ, "AIGAP_TOKEN": "test-token"},
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        health = None
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail(f"aigap up exited: {log.read_text()}")
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        assert health is not None and health.status_code == 200
        doc = tmp_path / "new_article.txt"
        doc.write_text("据统计,2024年美国AI私人投资约为1091亿美元,中国约为93亿美元。\n", encoding="utf-8")
        ingest = aigap("ingest", str(doc))
        assert ingest.returncode == 0, ingest.stderr
        again = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
        assert again.status_code == 200
        assert again.json()["database"]["documents"] == 6
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log_fh.close()
