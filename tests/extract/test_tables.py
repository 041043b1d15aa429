"""Every entry of the extractor's rule tables earns its place (issue #13): an entry no tune document
uses stays only with a reason written beside it. scripts/audit_tables.py is the report; --check makes
it a gate."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "audit_tables.py"
TABLES = ROOT / "src" / "aigap" / "extract" / "tables"


def _audit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), "--check", *args], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


def test_every_entry_is_used_on_tune_documents_or_has_a_reason() -> None:
    proc = _audit()
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    assert proc.stdout.strip().splitlines()[-1].endswith("0 with no reason to stay (0 seed-only, 0 unused)")


def test_a_seed_only_entry_without_a_reason_fails_the_check(tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    shutil.copytree(TABLES, tables)
    with (tables / "entities.yaml").open("a", encoding="utf-8") as f:
        f.write("XX: [Indico Research]\n")  # a name only one seed article uses, with no reason given
    proc = _audit("--tables", str(tables))
    assert proc.returncode == 1
    flagged = [line for line in proc.stdout.splitlines() if "'Indico Research'" in line]
    assert flagged and flagged[0].rstrip().endswith("seed-only")


def test_a_reason_beside_the_entry_keeps_it(tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    shutil.copytree(TABLES, tables)
    with (tables / "entities.yaml").open("a", encoding="utf-8") as f:
        f.write("XX: [Indico Research]  # a test reason\n")
    proc = _audit("--tables", str(tables), "--all")
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert any("'Indico Research'" in line and "kept: a test reason" in line for line in proc.stdout.splitlines())
