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
