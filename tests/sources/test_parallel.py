"""Parallel ingestion on Dask stores exactly what the single-process path stores, survives killed
workers and killed runs, and writes in batches on both backends."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import psutil
import pytest
import sqlalchemy as sa

from aigap.extract import EXTRACTOR_VERSION, extract_claims
from aigap.records import Claim, Document
from aigap.sources import ingest, ingest_parallel
from aigap.sources.inputs import count_inputs
from aigap.store import NewDocument, SeenDocument, Store
from aigap.store import schema as t

pytest.importorskip("distributed")

# Volatile columns: when a row was written, and the input hash only the parallel path records.
VOLATILE = {"created_at", "seen_at", "started_at", "finished_at", "input_hash"}


def _inputs(root: Path, corpus_dir: Path) -> list[str]:
    """Seed articles, a JSON Lines file with duplicates and bad records, broken files, a missing path."""
    (root / "docs").mkdir()
    seeds = sorted(corpus_dir.glob("*.txt"))
    for p in seeds[:3]:
        (root / "docs" / p.name).write_bytes(p.read_bytes())
    (root / "docs" / "copy.txt").write_bytes(seeds[0].read_bytes().replace(b"\n", b"\r\n"))  # same content
    (root / "docs" / "empty.txt").write_bytes(b"")
    (root / "docs" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "docs" / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    records: list[Any] = [
        {"text": "OpenAI raised $6.6 billion in October 2024.", "url": "https://example.org/a", "lang": "en"},
        {"text": "2024年中国AI企业融资约50亿元人民币，美国同类企业融资超过300亿美元。", "outlet": "Example"},
        {"text": "OpenAI raised $6.6 billion in October 2024.", "url": "https://example.org/b"},  # duplicate
        {"text": "   "},
        {"no_text": True},
        "not json",
    ]
    for i in range(40):
        records.append({"text": f"报道{i}：2024年中国AI企业融资约{i + 10}亿元人民币，美国超过{i + 3}0亿美元。",
                        "id": f"r{i}", "published": "2024-05-01"})
    jsonl = root / "crawl.jsonl"
    jsonl.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                     encoding="utf-8")
    return [str(root / "docs"), str(seeds[3]), str(root / "missing.txt"), str(jsonl), str(seeds[3])]


def _tables(url: str) -> dict[str, list[dict[str, Any]]]:
    eng = sa.create_engine(url)
    out = {}
    with eng.connect() as conn:
        for table in (t.documents, t.claims, t.document_sources, t.document_links, t.runs):
            rows = conn.execute(sa.select(table).order_by(table.c.id)).mappings()
            out[table.name] = [{k: v for k, v in r.items() if k not in VOLATILE} for r in rows]
    eng.dispose()
    for run in out["runs"]:
        run["counts"].pop("pid")
        run["command"] = run["command"].replace(str(Path.cwd()), "")
    return out


@pytest.mark.slow
def test_two_local_workers_store_exactly_what_one_process_stores(tmp_path: Path, corpus_dir: Path) -> None:
    inputs = _inputs(tmp_path, corpus_dir)
    single, parallel = f"sqlite:///{tmp_path / 'single.db'}", f"sqlite:///{tmp_path / 'parallel.db'}"
    with Store.open(single) as a, Store.open(parallel) as b:
        rep_a = ingest(a, inputs)
        moved: list[int] = []
        rep_b = ingest_parallel(b, inputs, workers=2, progress=moved.append)
    assert rep_b.to_json() == rep_a.to_json() and rep_b.document_ids == rep_a.document_ids
    assert sum(moved) == len(rep_a.document_ids) + len(rep_a.rejected)
    assert rep_a.stored == 46 and rep_a.duplicates == 3 and len(rep_a.rejected) == 7
    assert _tables(parallel) == _tables(single)  # every column of every claim, document and source


@pytest.mark.slow
def test_scheduler_address_of_a_started_cluster(tmp_path: Path, corpus_dir: Path, db_url: str) -> None:
    """``--scheduler`` on the command line, writing to SQLite and to PostgreSQL (COPY)."""
    from distributed import LocalCluster

    inputs = _inputs(tmp_path, corpus_dir)
    single, parallel = f"sqlite:///{tmp_path / 'single.db'}", db_url
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
                      dashboard_address="127.0.0.1:0") as cluster, Store.open(single) as a:
        rep_a = ingest(a, inputs)
        cli = subprocess.run([sys.executable, "-m", "aigap", "--db", parallel, "ingest", *inputs,
                              "--scheduler", cluster.scheduler_address, "--format", "json"],
                             capture_output=True, text=True, timeout=120)
        assert cli.returncode == 2, cli.stderr  # as the single-process path: some inputs were rejected
        assert json.loads(cli.stdout) == rep_a.to_json()
        with Store.open(parallel) as b:
            assert [c.claim for c in b.claims()] == [c.claim for c in a.claims()]
            again = ingest_parallel(b, inputs, scheduler=cluster.scheduler_address)
    # A rerun finds everything stored before sending any work: only duplicates and the same rejections.
    assert (again.stored, again.duplicates, again.rejected) == (0, 49, rep_a.rejected)


def _doc(i: int, text: str | None = None) -> Document:
    body = text or f"美国投资{i}1亿美元。"
    return Document(doc_id=f"d{i}", text=body, source_uri=f"file:///d{i}.txt", content_hash=f"h{i:062d}",
                    language="zh", furniture=[(0, 1)], extra={"encoding": "utf-8"}, raw=body.encode())


def _claim(i: int) -> Claim:
    return Claim(doc=f"d{i}", start=4, end=10, number_text=f"{i}1亿美元", quote=f"美国投资{i}1亿美元", value=i * 1e9,
                 unit="USD", subject="US", metric="gov_ai_rd_funding", period="2024")


def test_batched_writer_matches_one_document_writes(db_url: str, tmp_path: Path) -> None:
    """On SQLite and PostgreSQL (COPY): new, known, repeated-in-batch and seen documents."""
    ref_url = f"sqlite:///{tmp_path / 'ref.db'}"
    with Store.open(db_url) as store, Store.open(ref_url) as ref:
        before = store.add_document(_doc(0), [_claim(0)], "1")
        ref.add_document(_doc(0), [_claim(0)], "1")
        twin = replace(_doc(1), source_uri="file:///twin.txt")
        got = store.add_documents([
            NewDocument(_doc(1), [_claim(1), _claim(1)], input_hash="i1"),
            NewDocument(_doc(0), [_claim(0)]),  # stored before the batch
            NewDocument(_doc(2), []),
            NewDocument(twin, [_claim(1)]),  # equal to one earlier in the batch
            SeenDocument(before.id, "https://example.org/seen"),
        ], "1")
        want = [ref.add_document(_doc(1), [_claim(1), _claim(1)], "1"), ref.add_document(_doc(0), [_claim(0)], "1"),
                ref.add_document(_doc(2), [], "1"), ref.add_document(twin, [_claim(1)], "1"),
                ref.add_document(replace(_doc(0), source_uri="https://example.org/seen"), [], "1")]
        assert got == want
        assert [(c.id, c.document_id, c.claim) for c in store.claims()] == \
               [(c.id, c.document_id, c.claim) for c in ref.claims()]
        assert [store.document_sources(d.id) for d in store.documents()] == \
               [ref.document_sources(d.id) for d in ref.documents()]
        assert [(d.doc_id, d.text, d.content_hash, d.n_claims) for d in store.documents()] == \
               [(d.doc_id, d.text, d.content_hash, d.n_claims) for d in ref.documents()]
        assert store.known_inputs(["i1", "nope"]) == {"i1": got[0].id}
        assert store.known_content([_doc(2).content_hash]) == {_doc(2).content_hash: got[2].id}
        with store.engine.connect() as conn:  # JSON and bytes columns read back as the one-by-one path's
            row = conn.execute(sa.select(t.documents.c.furniture, t.documents.c.extra, t.documents.c.raw)
                               .where(t.documents.c.id == got[0].id)).one()
        assert (row.furniture, row.extra, bytes(row.raw)) == ([[0, 1]], {"encoding": "utf-8"}, _doc(1).raw)


def _aigap(home: Path, *args: str, **kw: Any) -> subprocess.Popen[str]:
    env = {**os.environ, "AIGAP_HOME": str(home)}
    env.pop("AIGAP_DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-m", "aigap", *args], env=env, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True, **kw)


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    eng = sa.create_engine(f"sqlite:///{db}")
    try:
        with eng.connect() as conn:
            return int(conn.execute(sa.text("select count(*) from documents")).scalar_one())
    except sa.exc.OperationalError:
        return 0
    finally:
        eng.dispose()


def _wait_for(proc: subprocess.Popen[str], db: Path, at_least: int) -> int:
    deadline = time.monotonic() + 60
    n = 0
    while time.monotonic() < deadline and proc.poll() is None:
        n = _stored(db)
        if n >= at_least:
            break
        time.sleep(0.05)
    return n


def _workers(proc: subprocess.Popen[str]) -> list[psutil.Process]:
    kids = psutil.Process(proc.pid).children(recursive=True)
    return [k for k in kids if "spawn_main" in " ".join(k.cmdline())]


@pytest.mark.slow
def test_killed_worker_and_killed_run_lose_no_document(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    n = 1500
    para = "据统计，2024年中国AI企业融资约{a}亿元人民币，同比增长{b}%，美国同类企业融资超过{c}0亿美元。"
    for i in range(n):
        (folder / f"doc{i:05d}.txt").write_text("\n\n".join(para.format(a=i + 10, b=i % 90 + 5, c=i + 3 + k)
                                                               for k in range(6)), encoding="utf-8")
    home = tmp_path / "home"
    db = home / "aigap.db"
    # A worker dies mid-run: the nanny restarts it, the scheduler reruns its task, nothing is lost.
    proc = _aigap(home, "ingest", str(folder), "--workers", "2", "--no-link", "--format", "json")
    assert _wait_for(proc, db, 100) < n, "the kill must land mid-run"
    victims = _workers(proc)
    assert len(victims) == 2
    victims[0].send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert json.loads(out)["stored"] == n
    # The whole run (main process and workers) dies mid-run; a rerun stores the rest.
    (home / "aigap.db").unlink()
    for extra in ("aigap.db-wal", "aigap.db-shm"):
        (home / extra).unlink(missing_ok=True)
    proc = _aigap(home, "ingest", str(folder), "--workers", "2", "--no-link")
    stored = _wait_for(proc, db, 200)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert 0 < stored < n, "the kill must land mid-run"
    with Store.open(f"sqlite:///{db}") as store:
        partial = store.counts().documents
        for d in store.documents()[:50]:  # what was stored is whole: each document with all its claims
            text = store.document(d.id).text or ""
            assert d.n_claims == len(extract_claims(text, d.doc_id)) > 0
    rerun = _aigap(home, "ingest", str(folder), "--workers", "2", "--no-link", "--format", "json")
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    rep = json.loads(out)
    assert rep["stored"] == n - partial and rep["duplicates"] == partial
    with Store.open(f"sqlite:///{db}") as store, store.engine.connect() as conn:
        docs, hashes = conn.execute(sa.text("select count(*), count(distinct content_hash) from documents")).one()
        assert docs == hashes == n
        assert store.runs()[0]["counts"]["stored"] == n - partial


def test_workers_without_dask_is_one_clear_line(tmp_path: Path, corpus_dir: Path) -> None:
    code = ("import sys; sys.modules['distributed'] = None\n"  # as if dask were not installed
            "from aigap.cli import main\n"
            f"main(['--db', 'sqlite:///{tmp_path / 'x.db'}', 'ingest', {str(corpus_dir)!r}, '--workers', '2'])")
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert got.returncode == 1
    assert got.stderr.strip().splitlines() == [
        "error: --workers and --scheduler need Dask: pip install dask distributed (the 'scale' extra of aigap)"]


def test_count_inputs_counts_without_reading(tmp_path: Path, corpus_dir: Path) -> None:
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text('{"text": "a"}\n\nnot json\n{"text": "b"}\n', encoding="utf-8")
    listing = tmp_path / "list.txt"
    listing.write_text(f"# a comment\n{corpus_dir}\nhttps://example.org/x\n", encoding="utf-8")
    assert count_inputs([str(corpus_dir), str(jsonl)], from_list=str(listing), jsonl=str(jsonl)) == 6 + 3 + 6 + 1 + 3


def test_store_rejects_a_batch_without_hashes(store: Store) -> None:
    with pytest.raises(ValueError, match="content_hash"):
        store.add_documents([NewDocument(Document(doc_id="x", text="t", source_uri="u"))], EXTRACTOR_VERSION)
    assert store.counts().documents == 0
