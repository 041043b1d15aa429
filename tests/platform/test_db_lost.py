"""PostgreSQL going away in the middle of an ingest: one line, the run marked failed, and a rerun
stores the rest (nothing lost, nothing twice). The server "goes away" through a real TCP proxy
that drops every connection and refuses new ones for a moment, as a restarting server does."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


class Proxy:
    """127.0.0.1:<port> -> the PostgreSQL server, until ``drop()``."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0
        self.conns: list[socket.socket] = []
        self.lock = threading.Lock()
        self._listen()

    def _listen(self) -> None:
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", self.port))
        self.port = self.server.getsockname()[1]
        self.server.listen(16)
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            up = socket.create_connection(self.upstream)
            with self.lock:
                self.conns += [client, up]
            for a, b in ((client, up), (up, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def drop(self) -> None:
        # Wakes the accept() blocked on it: a closed fd alone would keep the port listening.
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        with self.lock:
            for s in self.conns:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.conns.clear()

    def resume(self) -> None:
        self._listen()


def test_postgres_going_away_mid_ingest(pg_url: str, tmp_path: Path) -> None:
    url = sa.engine.make_url(pg_url)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
    via_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    corpus = tmp_path / "crawl.jsonl"
    n = 1500
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"text": f"Report {i}: in 2024 the US invested {i + 1} billion dollars in AI "
                                         f"research, and China {i + 2} billion.", "url": f"https://example.org/{i}",
                                 "title": f"doc {i}"}) + "\n")
    env = {**os.environ, "AIGAP_HOME": str(tmp_path / "home")}
    env.pop("AIGAP_DATABASE_URL", None)
    child = subprocess.Popen([sys.executable, "-m", "aigap", "--db", via_proxy, "ingest", "--no-link", "--jsonl",
                              str(corpus)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    eng = sa.create_engine(pg_url)
    try:
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline and child.poll() is None:
            try:
                with eng.connect() as conn:
                    stored = conn.execute(sa.text("SELECT count(*) FROM documents")).scalar_one()
            except sa.exc.ProgrammingError:  # the schema is not created yet
                stored = 0
            if stored >= 20:
                break
            time.sleep(0.1)
        assert 20 <= stored < n, f"the ingest did not get going (or finished first): {stored}"
        proxy.drop()
        time.sleep(2.0)
        proxy.resume()
        out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 1, (out, err)
    assert "Traceback" not in err and "[SQL:" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: lost the connection to the database"), err
    assert "marked failed" in lines[0] and f":{url.password}@" not in lines[0]
    with eng.connect() as conn:
        runs = conn.execute(sa.text("SELECT status, errors FROM runs ORDER BY id")).all()
    assert [r.status for r in runs] == ["failed"], runs
    # The rerun (straight to the server) stores the rest: every document once.
    rerun = subprocess.run([sys.executable, "-m", "aigap", "--db", pg_url, "ingest", "--no-link", "--jsonl",
                            str(corpus)], capture_output=True, text=True, env=env, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with eng.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar_one() == n
        assert conn.execute(sa.text("SELECT count(DISTINCT content_hash) FROM documents")).scalar_one() == n
    eng.dispose()
    proxy.drop()
