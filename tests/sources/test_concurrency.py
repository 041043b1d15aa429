"""Several ``aigap ingest`` processes on one database and overlapping inputs: every input is stored
once, no process dies of a duplicate-key error (documents or story links), every run is closed, and
the story ids agree with the links whichever process linked last."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa

from aigap.records import Document
from aigap.store import Store


def _corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"doc{i:03d}.txt").write_text(
            f"报道{i}：2024年中国AI企业融资约{i + 10}亿元人民币，美国同类企业融资超过{i + 3}0亿美元。\n"
            + f"第二段{i}：算力投资增长{i % 50 + 5}%。\n", encoding="utf-8")
    # Near duplicates (the same long story, one figure changed): every process links them.
    story = "国务院发布新一代人工智能发展规划，提出到2030年人工智能核心产业规模超过1万亿元，带动相关产业规模超过10万亿元。" * 4
    for i in range(6):
        (folder / f"dup{i}.txt").write_text(story + f"其中第{i}项。\n", encoding="utf-8")


def _components(ids: list[int], links: list[tuple[int, int]]) -> dict[int, int]:
    """Each document's smallest linked-to id (its expected story id)."""
    root = {i: i for i in ids}

    def find(x: int) -> int:
        while root[x] != x:
            x = root[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        root[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in ids}


def test_overlapping_ingest_processes_store_each_input_once(db_url: str, tmp_path: Path) -> None:
    n = 126
    _corpus(tmp_path / "batch", n - 6)
    Store.open(db_url).close()  # the schema exists: the processes race on documents, not on migrating
    env = {**os.environ, "AIGAP_HOME": str(tmp_path / "home")}
    env.pop("AIGAP_DATABASE_URL", None)
    files = sorted(str(p) for p in (tmp_path / "batch").iterdir())
    # Three processes on the same inputs in the same order (they collide on every document), a
    # fourth on every other input in reverse.
    jobs = [files, files, files, files[::-2]]
    procs = [subprocess.Popen([sys.executable, "-m", "aigap", "--db", db_url, "ingest", *job, "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env) for job in jobs]
    reports = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert "IntegrityError" not in err and "unexpected" not in err
        reports.append(json.loads(out))
    assert all(r["rejected"] == [] for r in reports)
    for r, job in zip(reports, jobs, strict=True):
        assert r["stored"] + r["duplicates"] == len(job)
    assert sum(r["stored"] for r in reports) == n  # each input stored by exactly one process
    with Store.open(db_url) as store, store.engine.connect() as conn:
        docs, hashes, ids = conn.execute(
            sa.text("select count(*), count(distinct content_hash), count(distinct doc_id) from documents")).one()
        assert docs == hashes == ids == n
        runs = store.runs()
        assert len(runs) == len(jobs) and {r["status"] for r in runs} == {"done"}
        assert all(r["finished_at"] is not None for r in runs)
        links = store.links()
        assert len({(a, b, kind) for a, b, kind, _ in links}) == len(links) >= 5  # the six near duplicates
        stored = {d.id: d.story_id for d in store.documents()}
        assert stored == _components(list(stored), [(a, b) for a, b, _, _ in links])


def test_concurrent_linkers_of_the_same_pair_make_one_link(store: Store) -> None:
    """Linkers racing on the same pair (as concurrent ingests do after storing): one makes the link,
    the others find it made; none fails on the unique key."""
    ids = [store.add_document(Document(doc_id=f"d{i}", text=f"t{i}", source_uri=f"file:///d{i}", language="en",
                                       content_hash=f"h{i}"), [], "1").id for i in range(21)]
    pairs = list(itertools.pairwise(ids))
    racers = 4
    barrier = threading.Barrier(racers, timeout=30)

    def link_all() -> list[bool]:
        made = []
        try:
            for a, b in pairs:
                barrier.wait()
                made.append(store.link_documents(b, a, "near_duplicate", 0.9))
        except BaseException:
            barrier.abort()  # the other racers stop waiting for this one
            raise
        return made

    with ThreadPoolExecutor(racers) as pool:
        results = [f.result() for f in [pool.submit(link_all) for _ in range(racers)]]
    assert [sum(made) for made in zip(*results, strict=True)] == [1] * len(pairs)
    assert sorted((a, b) for a, b, _, _ in store.links()) == pairs


def test_a_late_linker_does_not_split_a_story_another_joined(store: Store) -> None:
    """Linker A read documents y1, y2 (two stories); B then stored x, linked it to both and joined
    them. A, assigning its stories after that, must keep the join, and leave x (not its to link) to B."""
    y1, y2, x = (store.add_document(Document(doc_id=n, text=n, source_uri=f"file:///{n}", language="en",
                                             content_hash=n), [], "1").id for n in ("y1", "y2", "x"))
    assert store.assign_stories([y1, y2]) == 2  # both were unset
    store.link_documents(x, y1, "near_duplicate", 0.9)
    store.link_documents(x, y2, "near_duplicate", 0.9)
    store.assign_stories([y1, y2])  # A, late
    by_id = {d.id: d.story_id for d in store.documents()}
    assert by_id == {y1: y1, y2: y1, x: None} and store.count_unlinked_documents() == 1
    store.assign_stories([x, y1, y2])  # B
    assert {d.id: d.story_id for d in store.documents()} == {y1: y1, y2: y1, x: y1}
