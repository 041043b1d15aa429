"""The shipped confidence model is the one its documented rebuild command builds from the repository:
an extractor change that alters the features must be followed by a rebuild, or the shipped weights
describe an extractor that no longer exists."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src" / "aigap" / "extract" / "tables" / "confidence.json"


def test_the_shipped_model_is_what_its_rebuild_command_builds(tmp_path: Path) -> None:
    out = tmp_path / "confidence.json"
    proc = subprocess.run([sys.executable, "-m", "aigap.extract.train_confidence", "--output", str(out)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    built, shipped = json.loads(out.read_text(encoding="utf-8")), json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert built["features"] == shipped["features"]
    assert (built["n"], built["positives"]) == (shipped["n"], shipped["positives"])
    drift = {f: (round(a, 4), round(b, 4)) for f, a, b in zip(built["features"], built["weights"], shipped["weights"],
                                                              strict=True) if abs(a - b) > 1e-5}
    assert not drift, f"rebuild with: python -m aigap.extract.train_confidence  (built, shipped): {drift}"


def test_cross_validation_reports_the_calib_documents_by_document(tmp_path: Path) -> None:
    """``--cv`` scores each calib document with a model fitted without it: the bins count every
    prediction on those documents once."""
    out = tmp_path / "confidence.json"
    proc = subprocess.run([sys.executable, "-m", "aigap.extract.train_confidence", "--split", "calib", "--cv",
                           "--output", str(out)], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    trained = int(lines[0].split()[2])  # "trained on N predictions (...)"
    assert lines[1].startswith("leave-one-document-out on the ") and "calib documents" in lines[1]
    bins = [line.split() for line in lines[2:] if line.split() and line.split()[0][0].isdigit()]
    assert sum(int(b[1]) for b in bins) == trained
    assert json.loads(out.read_text(encoding="utf-8"))["trained_on"] == "tests/data/eval (split calib)"


def test_an_unknown_split_is_one_error_line(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "aigap.extract.train_confidence", "--split", "nosuch",
                           "--output", str(tmp_path / "c.json")], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"error: --split nosuch: no documents of that split in {ROOT / 'tests' / 'data' / 'eval' / 'index.jsonl'}"]
    assert not (tmp_path / "c.json").exists()
