from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from aigap.records import CLAIM_FIELDS

ROOT = Path(__file__).resolve().parents[2]


def aigap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aigap", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ})


def test_extract_jsonl_has_the_spec_fields_in_order(corpus_dir: Path) -> None:
    path = corpus_dir / "000_7b3d7fe55a70b5a2.txt"
    proc = aigap("extract", str(path))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    text = path.read_text(encoding="utf-8")
    assert rows and all(list(r) == list(CLAIM_FIELDS) for r in rows)
    assert all(r["doc"] == "000_7b3d7fe55a70b5a2" and text[r["start"] : r["end"]] == r["number_text"] for r in rows)
    first = rows[0]
    assert (first["number_text"], first["value"], first["unit"], first["subject"]) == ("31亿美元", 3.1e9, "USD", "US")


def test_extract_offsets_index_text_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeff美国投资超过500亿美元。".encode())
    rows = [json.loads(x) for x in aigap("extract", str(p)).stdout.splitlines()]
    assert rows[0]["number_text"] == "超过500亿美元" and rows[0]["start"] == 4


def test_eval_json_and_errors(corpus_dir: Path) -> None:
    proc = aigap("eval", "--gold", str(ROOT / "tests" / "data" / "gold"), "--docs", str(corpus_dir), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {"zh", "en", "overall", "documents", "confusions", "calibration"} <= set(data)
    assert data["overall"]["gold"] == 115 and len(data["documents"]) == 5
    table = aigap("eval", "--gold", str(ROOT / "tests" / "data" / "gold"), "--docs", str(corpus_dir), "--errors")
    assert "overall" in table.stdout


def test_bad_paths_are_one_line_errors(tmp_path: Path) -> None:
    proc = aigap("extract", str(tmp_path / "missing.txt"))
    assert proc.returncode == 1 and proc.stderr.startswith("error:") and "missing.txt" in proc.stderr
    proc = aigap("eval", "--gold", str(tmp_path / "nogold"), "--docs", str(tmp_path))
    assert proc.returncode == 1 and "nogold" in proc.stderr


def test_eval_defaults_to_the_evaluation_corpus_in_a_checkout(tmp_path: Path) -> None:
    """`aigap eval --split test`, as the evaluation notes write it, from the repository root; elsewhere
    one line saying what is missing."""
    here = subprocess.run([sys.executable, "-m", "aigap", "eval", "--split", "test", "--json"], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert here.returncode == 0, here.stderr
    given = aigap("eval", "--gold", str(ROOT / "tests/data/eval/gold"), "--docs", str(ROOT / "tests/data/eval/docs"),
                  "--split", "test", "--json")
    assert json.loads(here.stdout) == json.loads(given.stdout)
    assert json.loads(here.stdout)["overall"]["gold"] > 300
    away = subprocess.run([sys.executable, "-m", "aigap", "eval", "--split", "test"], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert away.returncode == 1 and away.stderr.count("\n") == 1 and "evaluation corpus" in away.stderr


def test_eval_scores_each_split_and_names_an_unknown_one() -> None:
    """The three splits of the evaluation corpus score disjoint documents; another name is one line."""
    docs = {}
    for split in ("tune", "calib", "test"):
        proc = subprocess.run([sys.executable, "-m", "aigap", "eval", "--split", split, "--json"],
                              capture_output=True, text=True, timeout=300, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        docs[split] = set(json.loads(proc.stdout)["documents"])
        assert docs[split]
    assert not (docs["tune"] & docs["calib"] or docs["tune"] & docs["test"] or docs["calib"] & docs["test"])
    bad = subprocess.run([sys.executable, "-m", "aigap", "eval", "--split", "nosuch"], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == ["error: --split nosuch: must be tune, calib or test"]
