"""The README's two commands stay true: CI runs exactly the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(r"^    (python3 -m venv \.venv .+)$", text, re.M)]


def test_readme_starts_with_install_and_test_commands() -> None:
    cmds = _readme_commands()
    assert len(cmds) >= 2
    assert cmds[0].endswith("aigap up")
    assert "pytest" in cmds[1] and "ruff check" in cmds[1] and "mypy" in cmds[1]
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:1200]
    assert cmds[0] in head and cmds[1] in head


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    m = re.search(r'^TEST_COMMAND="(.+)"$', ci, re.M)
    assert m, "TEST_COMMAND not found in .ci/run"
    assert m.group(1) == _readme_commands()[1]
