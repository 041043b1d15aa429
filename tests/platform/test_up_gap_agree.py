"""`aigap up` and `aigap gap` print the same figures for the same data (one answer, one formatter)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_up_and_gap_print_the_same_composite_lines(tmp_path: Path) -> None:
    env = {**os.environ, "AIGAP_HOME": str(tmp_path / "home"), "COLUMNS": "200"}
    env.pop("AIGAP_DATABASE_URL", None)

    def run(*args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "aigap", *args], capture_output=True, text=True, env=env,
                              timeout=600)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout + proc.stderr

    up, gap = run("up", "--no-serve"), run("gap")
    prefixes = ("composite index (0-100, 90% interval):", "composite gap (", "biggest mover:")
    for prefix in prefixes:
        in_up = [ln.strip() for ln in up.splitlines() if ln.strip().startswith(prefix)]
        in_gap = [ln.strip() for ln in gap.splitlines() if ln.strip().startswith(prefix)]
        assert in_up and in_up == in_gap, (prefix, in_up, in_gap)
