"""`aigap gap` from the command line: JSON shape, CSV, options and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from aigap.cli import main


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = 0
    try:
        main(args)
    except SystemExit as ex:
        code = int(ex.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_gap_json_shape(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _run(["--db", demo_db, "gap", "--draws", "300", "--format", "json"], capsys)
    assert rc == 0
    j = json.loads(out)
    assert j["countries"] == ["US", "CN"]
    assert set(j["composite"]["US"]) >= {"median", "low", "high"}
    assert set(j["pillars"]["models"]["CN"]) >= {"median", "low", "high", "coverage"}
    ind = j["indicators"][0]
    assert set(ind) >= {"id", "pillar", "leader", "ratio", "values"}
    assert set(next(iter(ind["values"].values()))) >= {"value", "low", "high", "period", "sources"}
    assert isinstance(j["sensitivity"], list) and j["notes"]


def test_gap_options(demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    w = tmp_path / "w.yaml"
    w.write_text("pillars: {models: 1}\n", encoding="utf-8")
    rc, out, _ = _run(["--db", demo_db, "gap", "--weights", str(w), "--normalize", "z", "--draws", "50",
                       "--format", "json"], capsys)
    only_models = json.loads(out)
    rc2, out2, _ = _run(["--db", demo_db, "gap", "--weights", "gaii", "--draws", "50", "--format", "json"], capsys)
    assert rc == rc2 == 0
    assert only_models["weights"]["pillars"] == {"models": 1.0}
    assert only_models["composite"] != json.loads(out2)["composite"]
    rc, out, _ = _run(["--db", demo_db, "gap", "--draws", "50", "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rc == 0 and rows and {"indicator", "leader", "ratio", "US", "CN"} <= set(rows[0])


@pytest.mark.parametrize("args, message", [
    (["--normalize", "rank"], "--normalize 'rank'"),
    (["--countries", "US"], "at least two countries"),
    (["--weights", "nope.yaml"], "not a preset"),
    (["--pillar-weight", "models"], "PILLAR=WEIGHT"),
])
def test_gap_errors_are_one_line(demo_db: str, args: list[str], message: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "aigap", "--db", demo_db, "gap", "--draws", "10", *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[0].startswith("error:")


def test_gap_table_for_countries_without_data(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _run(["--db", demo_db, "gap", "--countries", "NP,BO", "--draws", "20"], capsys)
    assert rc == 0 and "nothing to compare" in out.replace("\n", " ")
