from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from aigap.extract import extract_claims
from aigap.sources import ingest, stories
from aigap.store import Store

SEED_META = {
    "000_7b3d7fe55a70b5a2": ("Anthony Law", "CODE IS PLAY", "2024-12-15", "zh", "Hans"),
    "001_63c05b7e177e9f84": ("Anthony Law", "CODE IS PLAY", "2024-12-15", "en", "Latn"),
    "002_1ab19c765da75e46": ("科技边角料Pro", "aigcdaily.cn", "2024-11-08", "zh", "Hans"),
    "003_8e1456b29488e11b": ("VC Popcorn", "虎嗅", "2024-10-09", "zh", "Hans"),
    "004_80c911c8d8100b5b": ("曲忠芳", "中国经营报", None, "zh", "Hans"),
}
SEED_TITLES = {
    "000_7b3d7fe55a70b5a2": "2024 年AI 产业回顧之二:中美 AI 对决——谁在领跑,谁又在弯道超车?",
    "002_1ab19c765da75e46": "AI大模型只有中美在做,其他国家都消失了?",
    "003_8e1456b29488e11b": "大国竞争之中美AI(一)",
    "004_80c911c8d8100b5b": "中美AI 差距在拉大? 听听从业者怎么说",
}


def _seeds(corpus_dir: Path) -> list[str]:
    return [str(p) for p in sorted(corpus_dir.glob("*.txt"))]


def test_seed_articles_ingest_with_metadata_and_one_translation_story(store: Store, corpus_dir: Path) -> None:
    rep = ingest(store, _seeds(corpus_dir))
    assert rep.rejected == [] and rep.stored == 5
    docs = {d.doc_id: d for d in store.documents()}
    for doc_id, (author, outlet, published, lang, script) in SEED_META.items():
        d = docs[doc_id]
        assert (d.author, d.outlet, d.published, d.language, d.script) == (author, outlet, published, lang, script)
    for doc_id, title in SEED_TITLES.items():
        assert docs[doc_id].title == title
    groups = sorted(sorted(s.documents) for s in stories(store))
    assert ["000_7b3d7fe55a70b5a2", "001_63c05b7e177e9f84"] in groups
    assert all(len(g) == 1 for g in groups if g != ["000_7b3d7fe55a70b5a2", "001_63c05b7e177e9f84"])
    again = ingest(store, _seeds(corpus_dir))
    assert again.stored == 0 and again.claims == 0 and again.duplicates == 5


def test_exact_duplicate_elsewhere_is_one_document_with_two_sources(store: Store, tmp_path: Path) -> None:
    text = "Chinese firms raised about $40 billion for AI in 2024, while US investment exceeded $50 billion.\n"
    a, b = tmp_path / "a.txt", tmp_path / "copy" / "b.txt"
    b.parent.mkdir()
    a.write_text(text)
    b.write_text(text.replace("\n", "\r\n"))  # same content, other line ends
    rep = ingest(store, [str(a), str(b)])
    assert rep.stored == 1 and rep.duplicates == 1
    doc = store.documents()[0]
    assert len(store.document_sources(doc.id)) == 2


def test_near_duplicates_are_linked_not_merged(store: Store, tmp_path: Path, corpus_dir: Path) -> None:
    base = (corpus_dir / "003_8e1456b29488e11b.txt").read_text(encoding="utf-8")[:4000]
    (tmp_path / "a.txt").write_text(base + "\n(转载自虎嗅网，编辑：张三)\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(base.replace("2024年", "2024 年", 2) + "\n(来源：爆米花独角兽)\n", encoding="utf-8")
    ingest(store, [str(tmp_path)])
    assert store.counts().documents == 2
    assert [k for *_ab, k, _s in store.links()] == ["near_duplicate"]


def test_jsonl_and_list_file(store: Store, tmp_path: Path, corpus_dir: Path) -> None:
    corpus = tmp_path / "crawl.jsonl"
    rows = [
        {"text": "OpenAI raised $6.6 billion in October 2024.", "url": "https://example.org/a", "title": "A",
         "published": "2024-10-03", "outlet": "Example", "lang": "en"},
        {"no_text": True},
        "not json",
    ]
    corpus.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    listing = tmp_path / "list.txt"
    listing.write_text(f"# seeds\n{_seeds(corpus_dir)[0]}\n/nonexistent/file.txt\n")
    rep = ingest(store, [], from_list=str(listing), jsonl=str(corpus))
    assert rep.stored == 2
    reasons = sorted(r for _i, r in rep.rejected)
    assert len(reasons) == 3
    assert any("no such file" in r for r in reasons) and any("invalid JSON" in r for r in reasons)
    doc = next(d for d in store.documents() if d.title == "A")
    assert (doc.outlet, doc.published, doc.source_uri) == ("Example", "2024-10-03", "https://example.org/a")


def aigap(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIGAP_HOME": str(home)}
    env.pop("AIGAP_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "aigap", *args], capture_output=True, text=True, env=env, timeout=300)


def _make_batch(folder: Path, n: int, broken_every: int) -> int:
    folder.mkdir()
    broken = 0
    for i in range(n):
        if broken_every and i % broken_every == 0:
            kind = (i // broken_every) % 4
            if kind == 0:
                (folder / f"doc{i:04d}.txt").write_bytes(b"")
            elif kind == 1:
                (folder / f"doc{i:04d}.txt").write_bytes(bytes(range(256)) * 8)
            elif kind == 2:
                (folder / f"doc{i:04d}.pdf").write_bytes(b"%PDF-1.4 truncated")
            else:
                (folder / f"doc{i:04d}.html").write_text("<html><body><script>1</script></body></html>")
            broken += 1
        else:
            (folder / f"doc{i:04d}.txt").write_text(
                f"报道{i}：2024年中国AI企业融资约{i + 10}亿元人民币，美国同类企业融资超过{i + 3}0亿美元。\n", encoding="utf-8"
            )
    return broken


@pytest.mark.slow
def test_thousand_documents_with_ten_percent_broken(tmp_path: Path) -> None:
    home = tmp_path / "home"
    broken = _make_batch(tmp_path / "batch", 1000, 10)
    first = aigap(home, "ingest", str(tmp_path / "batch"), "--format", "json")
    assert first.returncode == 2, first.stderr
    rep = json.loads(first.stdout)
    assert rep["stored"] == 1000 - broken and len(rep["rejected"]) == broken == 100
    assert all(r["reason"].startswith(r["input"]) for r in rep["rejected"])
    second = aigap(home, "ingest", str(tmp_path / "batch"), "--format", "json")
    rep2 = json.loads(second.stdout)
    assert rep2["stored"] == 0 and rep2["duplicates"] == 900
    store = Store.open(f"sqlite:///{home / 'aigap.db'}")
    runs = store.runs()
    assert runs[0]["counts"]["rejected"] == 100 and len(runs[0]["errors"]) == 100
    store.close()


@pytest.mark.slow
def test_sigkill_mid_batch_leaves_a_consistent_database(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _make_batch(tmp_path / "batch", 400, 0)
    db = home / "aigap.db"
    env = {**os.environ, "AIGAP_HOME": str(home)}
    env.pop("AIGAP_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "aigap", "ingest", str(tmp_path / "batch")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                eng = sa.create_engine(f"sqlite:///{db}")
                with eng.connect() as conn:
                    stored = conn.execute(sa.text("select count(*) from documents")).scalar_one()
                eng.dispose()
            except sa.exc.OperationalError:
                stored = 0
        if stored >= 20:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < stored < 400, "the kill must land mid-batch"
    store = Store.open(f"sqlite:///{db}")
    for d in store.documents():  # every stored document has exactly its claims: nothing half-written
        text = store.document(d.id).text or ""
        assert d.n_claims == len(extract_claims(text, d.doc_id))
    store.close()
    rerun = aigap(home, "ingest", str(tmp_path / "batch"), "--format", "json")
    assert rerun.returncode == 0, rerun.stderr
    store = Store.open(f"sqlite:///{db}")
    assert store.counts().documents == 400
    with store.engine.connect() as conn:
        hashes = conn.execute(sa.text("select count(distinct content_hash) from documents")).scalar_one()
    assert hashes == 400
    store.close()


def test_docs_stories_json_shape(tmp_path: Path, corpus_dir: Path) -> None:
    home = tmp_path / "home"
    assert aigap(home, "ingest", *_seeds(corpus_dir)).returncode == 0
    out = json.loads(aigap(home, "docs", "--stories", "--format", "json").stdout)
    assert {"story", "documents"} == set(out[0])
    pair = [g["documents"] for g in out if len(g["documents"]) > 1]
    assert pair == [["000_7b3d7fe55a70b5a2", "001_63c05b7e177e9f84"]]
    listed = json.loads(aigap(home, "docs", "--format", "json").stdout)
    assert sorted(d["id"] for d in listed) == sorted(Path(p).stem for p in _seeds(corpus_dir))


def test_new_extractor_version_replaces_claims_atomically(store: Store, corpus_dir: Path) -> None:
    from aigap.extract import EXTRACTOR_VERSION
    from aigap.sources import reextract_stale

    ingest(store, _seeds(corpus_dir)[:1])
    doc = store.documents()[0]
    before = [c.claim for c in store.claims(document_id=doc.id)]
    store.replace_claims(doc.id, before[:1], "0.0-old")  # as if an older extractor had run
    revision = store.revision()
    assert reextract_stale(store) == 1
    after = store.claims(document_id=doc.id)
    assert [c.claim for c in after] == before and {c.extractor_version for c in after} == {EXTRACTOR_VERSION}
    assert store.revision() != revision  # a serving app's cache sees it (the run is recorded)
    assert store.runs()[0]["counts"] == {"reextracted": 1, "claims": len(before)}
    revision = store.revision()
    assert reextract_stale(store) == 0 and store.revision() == revision


def test_file_over_the_size_cap_is_rejected(store: Store, tmp_path: Path) -> None:
    from aigap.sources import IngestOptions

    big = tmp_path / "big.txt"
    big.write_text("美国投资超过500亿美元。" * 2000, encoding="utf-8")
    rep = ingest(store, [str(big)], options=IngestOptions(max_bytes=10_000))
    assert rep.stored == 0 and "over the 10000-byte cap" in rep.rejected[0][1]
