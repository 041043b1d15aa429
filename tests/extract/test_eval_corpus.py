"""The evaluation corpus (tests/data/eval) and the gate on its `test` split.

The corpus is real articles annotated by spec/annotation.md, split by document before any tuning.
The gate's floors are the scores the extractor reached on `test` (eval_test_floors.json): a change
that lowers one fails here. Rules are built from `tune` and the seeds; nothing here quotes `test`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aigap.extract.calibration import calibration_table
from aigap.extract.evaluate import evaluate, load_gold, load_index
from aigap.extract.goldcheck import check_gold

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"
FLOORS = json.loads((Path(__file__).with_name("eval_test_floors.json")).read_text(encoding="utf-8"))
INDEX = load_index(EVAL / "index.jsonl")


def test_corpus_has_the_documents_the_issue_asks_for() -> None:
    rows = list(INDEX.values())
    texts = {r["doc_id"]: (EVAL / "docs" / f"{r['doc_id']}.txt").read_text(encoding="utf-8") for r in rows}
    assert len(rows) >= 45
    assert sum(r["lang"] == "zh" for r in rows) >= 20 and sum(r["script"] == "Hant" for r in rows) >= 5
    assert sum(r["lang"] == "en" for r in rows) >= 20
    assert sum(len(t) >= 3000 for t in texts.values()) >= 10
    assert len({r["genre"] for r in rows}) >= 6 and len({r["outlet"] for r in rows}) >= 30
    assert all("2023" <= str(r["published"])[:4] <= "2026" for r in rows)
    assert all(r.get("url") or (r.get("repo") and r.get("path")) for r in rows)
    assert all(r["chars"] == len(texts[r["doc_id"]]) for r in rows)
    test_share = sum(r["split"] == "test" for r in rows) / len(rows)
    assert {r["split"] for r in rows} == {"tune", "calib", "test"} and test_share >= 1 / 3


def test_gold_is_mechanically_valid() -> None:
    gold = load_gold(EVAL / "gold")
    assert len(gold) >= 1000
    assert {g["doc"] for g in gold} <= set(INDEX)
    texts = {d: (EVAL / "docs" / f"{d}.txt").read_text(encoding="utf-8") for d in INDEX}
    assert check_gold(gold, texts) == []


@pytest.fixture(scope="module")
def test_result() -> dict:
    return evaluate(EVAL / "gold", EVAL / "docs", split="test").to_json()


def test_extraction_on_the_test_split_meets_its_floors(test_result: dict) -> None:
    for scope, floors in FLOORS["floors"].items():
        for name, floor in floors.items():
            assert test_result[scope][name] >= floor, (scope, name, test_result[scope][name], floor)


def test_only_test_documents_are_scored(test_result: dict) -> None:
    assert test_result["documents"]
    assert all(INDEX[d]["split"] == "test" for d in test_result["documents"])


def test_calibration_table_counts_every_prediction(test_result: dict) -> None:
    rows = {b["bin"]: b for b in test_result["calibration"]}
    binned = sum(rows[k]["n"] for k in rows if not k.startswith(">=") and k != "none")
    assert binned + rows.get("none", {"n": 0})["n"] == test_result["overall"]["predicted"]
    assert rows.get("none", {"n": 0})["n"] == 0  # every claim has a confidence
    # the confidence ranks: high-confidence claims are right more often than low-confidence ones
    low = [b for b in test_result["calibration"] if b["bin"] in ("0.2-0.4", "0.4-0.6") and b["n"]]
    high = rows[">=0.8"]
    assert high["n"] and low and high["accuracy"] > max(b["accuracy"] for b in low)


def test_calibration_table_bins() -> None:
    table = {b.label: b for b in calibration_table([(0.95, True), (0.85, False), (0.5, True), (None, True)])}
    assert table[">=0.8"].n == 2 and table[">=0.8"].right == 1 and table[">=0.9"].accuracy == 1.0
    assert table["none"].n == 1 and table["0.4-0.6"].n == 1
