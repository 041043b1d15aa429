#!/usr/bin/env python3
"""Merge annotated batches into the evaluation corpus (tests/data/eval) and assign splits.

usage: scripts/eval_corpus.py [--calib] BATCH_DIR [...]

A batch holds docs/<doc_id>.txt, index.jsonl and gold.jsonl (the layout annotators write). Documents
already in the corpus keep their split. New ones are split by document, per batch (each batch is one
language and script mix): ordered by a seeded hash of their id, the first ceil(0.36 n) are `test`, the
rest `tune` -- or, with --calib, the first ceil(0.25 n) `test` and the rest `calib` (the corpus's test
share stays over a third): documents no rule is written from, on which the confidence model is fitted (a model fitted on the documents the rules were tuned on learns how reliable the rules
are on text they have memorised, not on new text). The split is drawn before anything is tuned and
never changes afterwards. The gold must pass the mechanical validation first
(python -m aigap.extract.goldcheck).
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "data" / "eval"
SEED = "aigap-eval-split-v1"
TEST_SHARE = 0.36
CALIB_TEST_SHARE = 0.25


def _key(doc_id: str) -> str:
    return hashlib.sha256(f"{SEED}:{doc_id}".encode()).hexdigest()


def main(args: list[str]) -> int:
    rest = "calib" if "--calib" in args else "tune"
    batches = [a for a in args if a != "--calib"]
    (EVAL / "docs").mkdir(parents=True, exist_ok=True)
    (EVAL / "gold").mkdir(parents=True, exist_ok=True)
    index_path = EVAL / "index.jsonl"
    index = {}
    if index_path.exists():
        for line in index_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                index[row["doc_id"]] = row
    for b in map(Path, batches):
        rows = [json.loads(x) for x in (b / "index.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
        new = [r for r in rows if r["doc_id"] not in index]
        n_test = math.ceil((CALIB_TEST_SHARE if rest == "calib" else TEST_SHARE) * len(new))
        for i, r in enumerate(sorted(new, key=lambda r: _key(r["doc_id"]))):
            r["split"] = "test" if i < n_test else rest
        for r in rows:
            index.setdefault(r["doc_id"], r)
            shutil.copyfile(b / "docs" / f"{r['doc_id']}.txt", EVAL / "docs" / f"{r['doc_id']}.txt")
        shutil.copyfile(b / "gold.jsonl", EVAL / "gold" / f"{b.name}.jsonl")
    with index_path.open("w", encoding="utf-8") as f:
        for doc_id in sorted(index):
            f.write(json.dumps(index[doc_id], ensure_ascii=False) + "\n")
    splits = [r["split"] for r in index.values()]
    print(f"{len(index)} documents: {splits.count('tune')} tune, {splits.count('calib')} calib, "
          f"{splits.count('test')} test")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
