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


def test_document_evidence_counts_the_most_named_country_and_each_indicators_share() -> None:
    """The two document-wide features: whether the claim's subject is the country the document names
    most, and the share of the document's claims that have the claim's indicator."""
    from aigap.extract.confidence import FEATURES
    from aigap.extract.pipeline import extract_with_features

    text = ("China's AI startups raised $5 billion in 2024. China filed 38,000 AI patents in 2023, and "
            "China's AI papers numbered 120,000. Japan filed 2,000 AI patents in 2023.\n")
    claims, feats = extract_with_features(text, "d", language="en")
    top, share = FEATURES.index("subject_is_doc_top"), FEATURES.index("metric_doc_share")
    by_number = {c.number_text: (c, x) for c, x in zip(claims, feats, strict=True)}
    china, japan = by_number["38,000"], by_number["2,000"]
    assert china[0].subject == "CN" and japan[0].subject == "JP"
    assert china[1][top] == 1.0 and japan[1][top] == 0.0
    patents = sum(c.metric == china[0].metric for c in claims) / len(claims)
    assert china[1][share] == patents and 0.0 < patents < 1.0
