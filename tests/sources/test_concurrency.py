"""Several ``aigap ingest`` processes on one database and overlapping inputs: every input is stored
once, no process dies of a duplicate-key error, and every run is closed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from aigap.store import Store


def _corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"doc{i:03d}.txt").write_text(
            f"报道{i}：2024年中国AI企业融资约{i + 10}亿元人民币，美国同类企业融资超过{i + 3}0亿美元。\n"
            + f"第二段{i}：算力投资增长{i % 50 + 5}%。\n", encoding="utf-8")


def test_overlapping_ingest_processes_store_each_input_once(db_url: str, tmp_path: Path) -> None:
    n = 120
    _corpus(tmp_path / "batch", n)
    Store.open(db_url).close()  # the schema exists: the processes race on documents, not on migrating
    env = {**os.environ, "AIGAP_HOME": str(tmp_path / "home")}
    env.pop("AIGAP_DATABASE_URL", None)
    files = sorted(str(p) for p in (tmp_path / "batch").iterdir())
    # Three processes on the same inputs in the same order (they collide on every document), a
    # fourth on every other input in reverse.
    jobs = [files, files, files, files[::-2]]
    procs = [subprocess.Popen([sys.executable, "-m", "aigap", "--db", db_url, "ingest", *job, "--no-link",
                               "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
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
