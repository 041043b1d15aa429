"""Web layer speed: p95 latency of the REST API under 20 concurrent clients, against the same
queries run straight on the database with the same concurrency, in one run.

The database holds 1,000,000 claims (--quick: 100,000): the demo corpus's own documents and claims
copied until there are that many (each copy a document of its own, same text and offsets). The
server is `aigap serve` in a subprocess on 127.0.0.1; 20 clients (asyncio + httpx) request for 30 s
(--quick: 8 s) a filtered `/api/claims` page (a random country, pillar and page start) and
`/api/gap`. The direct side makes the same service calls (the claims page with the same filters, the
gap from the warm cache) with their JSON encoding from 20 threads, two at a time as the server runs
them on SQLite (more threads serve fewer requests: the sqlite3 driver trades the GIL on every row). Also: the dashboard's first load (HTML, scripts, styles and the
three data calls it makes) and the server's peak RSS. Goals: p95 < 100 ms, overhead < 2x,
RSS < 500 MB. The overhead ratio of the claims page is printed last.

With ``--ingest N`` it measures readers against writers instead: the same clients for a while with
the server idle, then as long again while N `aigap ingest` processes write new documents into the
same SQLite database; it prints p95 of each endpoint idle and during ingestion, and last the ratio
of the claims page's p95 during ingestion to idle (--quick: under a minute).


``--sliders``: the dashboard's weight sliders in chromium over the demo database (``aigap up``): the
time from a slider move to the updated composite on the page, p95 over --moves moves (goal < 300 ms).

    python bench/web.py [--quick] [--ingest N] [--sliders [--moves N]]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from aigap.config import load_settings  # noqa: E402
from aigap.store import Store  # noqa: E402
from aigap.store import schema as t  # noqa: E402
from aigap.up import run_up  # noqa: E402
from aigap.web.service import Cache, ClaimQuery, answer, claims_page, encode, gap_analysis, gap_json  # noqa: E402

COUNTRIES = ["US", "CN", None]
PILLARS = ["research", "talent", "investment", "compute", "models", "market", None]


def build(url: str, n_claims: int) -> int:
    """The demo database, then copies of its documents and claims up to ``n_claims``."""
    store = Store.open(url)
    run_up(store, load_settings(url), write_report=False)
    with store.engine.begin() as conn:
        docs = [dict(r._mapping) for r in conn.execute(sa.select(t.documents))]
        claims = [dict(r._mapping) for r in conn.execute(sa.select(t.claims))]
    per_doc: dict[int, list[dict[str, Any]]] = {}
    for c in claims:
        per_doc.setdefault(c["document_id"], []).append(c)
    copies = max(0, (n_claims - len(claims)) // max(1, len(claims)))
    now = dt.datetime.now(dt.UTC)
    next_doc = max(d["id"] for d in docs) + 1
    next_claim = max(c["id"] for c in claims) + 1
    batch_docs: list[dict[str, Any]] = []
    batch_claims: list[dict[str, Any]] = []

    def flush() -> None:
        with store.engine.begin() as conn:
            if batch_docs:
                conn.execute(t.documents.insert(), batch_docs)
            if batch_claims:
                conn.execute(t.claims.insert(), batch_claims)
        batch_docs.clear()
        batch_claims.clear()

    for k in range(copies):
        for d in docs:
            nd = {**d, "id": next_doc, "doc_id": f"{d['doc_id']}-c{k}", "content_hash": f"{k:08d}{d['content_hash'][8:]}",
                  "story_id": None, "raw": None, "created_at": now}
            batch_docs.append(nd)
            for c in per_doc.get(d["id"], []):
                batch_claims.append({**c, "id": next_claim, "document_id": next_doc})
                next_claim += 1
            next_doc += 1
        if len(batch_claims) >= 50_000:
            flush()
    flush()
    n = store.count_claims()
    store.close()
    return n


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


def claim_params(rng: random.Random, max_id: int) -> dict[str, Any]:
    p: dict[str, Any] = {"limit": 50, "after": rng.randrange(0, max_id)}
    c, pl = rng.choice(COUNTRIES), rng.choice(PILLARS)
    if c:
        p["country"] = c
    if pl:
        p["pillar"] = pl
    return p


async def load(base: str, seconds: float, clients: int, max_id: int) -> dict[str, list[float]]:
    lat: dict[str, list[float]] = {"claims": [], "gap": []}
    stop = time.monotonic() + seconds

    async def client(i: int) -> None:
        rng = random.Random(i)
        async with httpx.AsyncClient(base_url=base, timeout=60) as c:
            n = 0
            while time.monotonic() < stop:
                kind = "gap" if n % 5 == 4 else "claims"  # one gap call per four claims pages
                t0 = time.perf_counter()
                r = await (c.get("/api/gap") if kind == "gap" else c.get("/api/claims", params=claim_params(rng, max_id)))
                lat[kind].append(time.perf_counter() - t0)
                assert r.status_code == 200, r.text[:200]
                n += 1

    await asyncio.gather(*(client(i) for i in range(clients)))
    return lat


def direct(url: str, seconds: float, clients: int, max_id: int, workers: int = 2) -> dict[str, list[float]]:
    """The same calls without HTTP, shaped as the server runs them: ``clients`` coroutines on an event
    loop hand each call to ``workers`` threads (the server's thread limit on SQLite) and await it, so
    latency includes the wait for a worker as a web client's does."""
    store = Store.open(url)
    cache = Cache()
    gap_json(store, cache)  # the same warm cache the server has
    pool = ThreadPoolExecutor(max_workers=workers)

    def claims_call(p: dict[str, Any]) -> bytes:
        q = ClaimQuery(pillar=p.get("pillar"), country=p.get("country"), after=p["after"], limit=50)
        return encode({"claims": claims_page(store, q, cache).rows})

    def gap_call() -> bytes:
        return answer(store, cache, gap_analysis()).body

    async def run() -> dict[str, list[float]]:
        loop = asyncio.get_running_loop()
        lat: dict[str, list[float]] = {"claims": [], "gap": []}
        stop = time.monotonic() + seconds

        async def client(i: int) -> None:
            rng = random.Random(i)
            n = 0
            while time.monotonic() < stop:
                kind = "gap" if n % 5 == 4 else "claims"
                t0 = time.perf_counter()
                if kind == "gap":
                    await loop.run_in_executor(pool, gap_call)
                else:
                    await loop.run_in_executor(pool, claims_call, claim_params(rng, max_id))
                lat[kind].append(time.perf_counter() - t0)
                n += 1

        await asyncio.gather(*(client(i) for i in range(clients)))
        return lat

    try:
        return asyncio.run(run())
    finally:
        pool.shutdown()
        store.close()


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ingest_corpus(folder: Path, n_docs: int, tag: int) -> None:
    """``n_docs`` small documents of their own (distinct figures, so distinct content hashes)."""
    folder.mkdir(parents=True)
    for i in range(n_docs):
        (folder / f"doc{i:05d}.txt").write_text(
            f"报道{tag}-{i}：2024年中国AI企业融资约{i + 10}亿元人民币，美国同类企业融资超过{tag * 100 + i + 3}亿美元。"
            f" In 2024 US private AI investment reached ${tag}.{i} billion, China's about {i % 90 + 5} billion.\n",
            encoding="utf-8")


def start_server(url: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "aigap", "--db", url, "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    return proc, base


def _settled(pids: list[int], quiet: float = 0.05) -> None:
    """Wait until the processes have stopped using the CPU (started up and now waiting)."""
    last = [-1.0] * len(pids)
    for _ in range(600):
        time.sleep(0.5)
        now = [cpu_seconds(p) for p in pids]
        if all(n - old < quiet for n, old in zip(now, last, strict=True)):
            return
        last = now


def ingest_mode(url: str, n: int, seconds: float, clients: int, tmp: str) -> None:
    """p95 of the API idle, then while ``n`` ingest processes write to the same database.

    The writers start first and wait on a named pipe for their list of inputs, so their start-up
    (imports, opening the database) falls before the idle window and all of them write in the busy one.
    """
    env = {**os.environ, "AIGAP_HOME": tmp, "AIGAP_TOKEN": "bench"}
    per_process = int(seconds * 150) + 300  # more than one process ingests in the window
    fifos = []
    for k in range(n):
        ingest_corpus(Path(tmp, f"corpus{k}"), per_process, k + 1)
        fifos.append(Path(tmp, f"list{k}"))
        os.mkfifo(fifos[-1])
    store = Store.open(url)
    max_id, docs_before = store.count_claims(), store.counts().documents
    store.close()
    proc, base = start_server(url, env)
    writers = [subprocess.Popen([sys.executable, "-m", "aigap", "--db", url, "ingest", "--no-link", "--from-list",
                                 str(f)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for f in fifos]
    try:
        httpx.get(f"{base}/api/gap", timeout=600)  # warm, as a visitor before the ingest would have
        _settled([w.pid for w in writers])
        idle = asyncio.run(load(base, seconds, clients, max_id))
        for k, f in enumerate(fifos):
            f.write_text(str(Path(tmp, f"corpus{k}")) + "\n")  # opening blocks until the writer reads
        t_release = time.monotonic()
        while time.monotonic() - t_release < 120:  # until they store (the extractor's dictionaries load first)
            if httpx.get(f"{base}/healthz", timeout=60).json()["database"]["documents"] > docs_before + n:
                break
            time.sleep(0.5)
        print(f"writers storing {time.monotonic() - t_release:.1f} s after they got their inputs")
        busy = asyncio.run(load(base, seconds, clients, max_id))
        still = sum(w.poll() is None for w in writers)
    finally:
        for w in writers:
            w.terminate()
        for w in writers:
            w.wait(timeout=60)
        proc.terminate()
        proc.wait(timeout=30)
    store = Store.open(url)
    written = store.counts().documents - docs_before
    store.close()
    print(f"{n} ingest processes wrote {written:,} documents; {still} of them still writing at the end of the window")
    for kind, label in (("gap", "/api/gap"), ("claims", "/api/claims (filtered page)")):
        print(f"{label}: p95 idle {pct(idle[kind], 0.95) * 1000:.1f} ms ({len(idle[kind]):,} requests), "
              f"during ingest {pct(busy[kind], 0.95) * 1000:.1f} ms ({len(busy[kind]):,} requests), "
              f"max {max(busy[kind], default=float('nan')) * 1000:.0f} ms")
    ratio = pct(busy["claims"], 0.95) / pct(idle["claims"], 0.95)
    print(f"p95 of a filtered claims page during {n} concurrent ingests / idle: {ratio:.2f}x")
CHROMIUM = "/usr/bin/chromium"


def slider_latency(base: str, moves: int) -> list[float]:
    """Seconds from each slider move (an input event) to the composite redrawn (data-composite-updated)."""
    from playwright.sync_api import sync_playwright

    rng = random.Random(1)
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{base}/?lang=en")
        page.wait_for_selector("#weight-form input:not([disabled])")
        page.wait_for_timeout(3000)  # the first call caches the draws, as a visitor's page does
        pillars = [e.get_attribute("data-pillar") for e in page.query_selector_all("#weight-form input:not([disabled])")]
        for _ in range(moves):
            before = page.get_attribute("body", "data-composite-updated")
            pillar, value = rng.choice(pillars), rng.choice(["0", "1", "2.5", "4", "5"])
            t0 = time.perf_counter()
            page.fill(f"input[data-pillar={pillar}]", value)
            while page.get_attribute("body", "data-composite-updated") == before:
                page.wait_for_timeout(5)
                if time.perf_counter() - t0 > 30:
                    raise AssertionError("the composite did not update within 30 s")
            out.append(time.perf_counter() - t0)
        browser.close()
    return out


def sliders(moves: int) -> None:
    """The slider latency over the demo database, served by `aigap serve` in a subprocess."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp, 'demo.db')}"
        store = Store.open(url)
        run_up(store, load_settings(url), write_report=False)
        store.close()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "AIGAP_HOME": tmp, "AIGAP_TOKEN": "bench"}
        proc = subprocess.Popen([sys.executable, "-m", "aigap", "--db", url, "serve", "--port", str(port)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            lat = slider_latency(base, moves)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"slider move to updated composite, {len(lat)} moves: p50 {statistics.median(lat) * 1000:.0f} ms, "
          f"p95 {pct(lat, 0.95) * 1000:.0f} ms (goal < 300), max {max(lat) * 1000:.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--claims", type=int, default=None)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--db", type=Path, help="keep the database in this file (built when missing) to rerun faster")
    ap.add_argument("--ingest", type=int, metavar="N", help="measure the API while N ingest processes write")
    ap.add_argument("--sliders", action="store_true", help="only the slider latency, in chromium, on the demo data")
    ap.add_argument("--moves", type=int, default=40)
    args = ap.parse_args()
    if args.sliders:
        sliders(args.moves)
        return
    n_claims = args.claims or ((30_000 if args.ingest else 100_000) if args.quick else 1_000_000)
    seconds = 8.0 if args.quick else 30.0
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db.resolve() if args.db else Path(tmp, "bench.db")
        url = f"sqlite:///{db}"
        t0 = time.perf_counter()
        if db.exists():
            store = Store.open(url)
            n = store.count_claims()
            store.close()
            print(f"database: {n:,} claims in {db} ({db.stat().st_size / 1e6:.0f} MB)")
        else:
            n = build(url, n_claims)
            print(f"database: {n:,} claims built in {time.perf_counter() - t0:.1f} s ({db.stat().st_size / 1e6:.0f} MB)")
        if args.ingest:
            ingest_mode(url, args.ingest, seconds, args.clients, tmp)
            return
        env = {**os.environ, "AIGAP_HOME": tmp, "AIGAP_TOKEN": "bench"}
        proc, base = start_server(url, env)
        try:
            t0 = time.perf_counter()
            httpx.get(f"{base}/api/gap", timeout=600)
            cold = time.perf_counter() - t0
            print(f"gap, first (cold) computation over {n:,} claims: {cold:.1f} s; cached afterwards until a write")
            t0 = time.perf_counter()
            with httpx.Client(base_url=base, timeout=120) as c:
                for path in ("/", "/static/style.css", "/static/plotly.min.js", "/static/app.js", "/api/gap",
                             "/api/trend/notable_ml_models", "/api/lag"):
                    assert c.get(path).status_code == 200, path
            first = time.perf_counter() - t0
            print(f"dashboard first load (HTML, styles, Plotly, app.js and its three data calls): {first * 1000:.0f} ms")
            max_id = n
            cpu0, own0 = cpu_seconds(proc.pid), time.process_time()
            web = asyncio.run(load(base, seconds, args.clients, max_id))
            server_cpu, client_cpu = cpu_seconds(proc.pid) - cpu0, time.process_time() - own0
            rss = rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        db = direct(url, seconds, args.clients, max_id)
    for kind, label in (("gap", "/api/gap"), ("claims", "/api/claims (filtered page)")):
        w95, d95 = pct(web[kind], 0.95) * 1000, pct(db[kind], 0.95) * 1000
        print(f"{label}: {len(web[kind]):,} requests, p50 {statistics.median(web[kind]) * 1000:.1f} ms, "
              f"p95 {w95:.1f} ms (goal < 100); direct p95 {d95:.1f} ms; overhead {w95 / d95:.2f}x")
    print(f"CPU during the load: server {server_cpu / seconds:.0%} of a core, clients {client_cpu / seconds:.0%}")
    for kind in ("gap", "claims"):
        print(f"requests per second, {kind}: web {len(web[kind]) / seconds:.0f}, direct {len(db[kind]) / seconds:.0f}")
    print(f"server peak RSS: {rss:.0f} MB (goal < 500)")
    ratio = pct(web["claims"], 0.95) / pct(db["claims"], 0.95)
    print(f"web overhead, p95 of a filtered claims page, web / direct: {ratio:.2f}x")


if __name__ == "__main__":
    main()
