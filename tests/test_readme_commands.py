"""Every `$ aigap ...` example in the README runs and succeeds (docs kept true by tests)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "src" / "aigap" / "data" / "corpus"


def _examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r"^    \$ (aigap [^\n]+)$", text, re.M):
        cmd = m.group(1).split("  #")[0].split(" | ")[0].strip()
        if cmd not in out:
            out.append(cmd)
    return out


def test_readme_has_examples() -> None:
    assert len(_examples()) >= 8


@pytest.mark.slow
@pytest.mark.parametrize("cmd", _examples())
def test_readme_example_runs(cmd: str, demo_db: str, tmp_path: Path) -> None:
    db = tmp_path / "aigap.db"
    shutil.copy(demo_db.removeprefix("sqlite:///"), db)
    env = {**os.environ, "AIGAP_HOME": str(tmp_path), "AIGAP_DATABASE_URL": f"sqlite:///{db}", "COLUMNS": "120"}
    args = shlex.split(cmd)[1:]
    cwd = ROOT  # as a newcomer runs them (extract finds a bundled corpus file by name)
    proc = subprocess.run([sys.executable, "-m", "aigap", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip()
