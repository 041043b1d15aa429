"""The README's printed outputs are what the commands print: every `$ aigap ...` example that shows
output is run, in README order, in a fresh AIGAP_HOME from the repository root (as a newcomer
would), and its output compared line by line, numbers included.

An output block ending in a line "..." shows the first lines only. Paths under AIGAP_HOME print as
/home/me/.local/share/aigap and "done in 1.9s" timings are not compared.

When outputs changed on purpose, regenerate the blocks (the test then passes and rewrites
README.md; review the diff):  AIGAP_README_UPDATE=1 python -m pytest tests/test_readme_tour.py
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
README_HOME = "/home/me/.local/share/aigap"
MORE = "..."
_TIMING = re.compile(r"\b(done in|in) \d+(\.\d+)?s\b")


@dataclass
class Example:
    command: str  # as written after "$ ", comment included
    output: list[str]  # the lines shown under it, without the 4-space indent
    start: int  # index in README lines of the first output line
    end: int  # one past the last output line

    @property
    def shell(self) -> str:
        cmd = self.command.split("  #")[0].strip()
        assert cmd.startswith("aigap ")
        return f"{shlex.quote(sys.executable)} -m {cmd}"


def examples(lines: list[str]) -> list[Example]:
    out = []
    i = 0
    while i < len(lines):
        m = re.match(r"^    \$ (aigap .+)$", lines[i])
        i += 1
        if not m:
            continue
        start = i
        while i < len(lines) and lines[i].startswith("    ") and not lines[i].startswith("    $ "):
            i += 1
        out.append(Example(m.group(1), [ln[4:] for ln in lines[start:i]], start, i))
    return [e for e in out if e.output]


def _normalise(text: str, home: Path) -> list[str]:
    text = text.replace(str(home), README_HOME)
    return [_TIMING.sub(lambda m: f"{m.group(1)} <t>s", ln.rstrip()) for ln in text.splitlines()]


def _shown(example: Example) -> tuple[list[str], bool]:
    lines = [_TIMING.sub(lambda m: f"{m.group(1)} <t>s", ln.rstrip()) for ln in example.output]
    if lines and lines[-1].strip() == MORE:
        return lines[:-1], True
    return lines, False


@pytest.mark.slow
def test_readme_outputs_are_what_the_commands_print(tmp_path: Path) -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    found = examples(lines)
    assert len(found) >= 5, "the README's tour shows outputs"
    home = tmp_path / "home"
    env = {**os.environ, "AIGAP_HOME": str(home)}
    for var in ("AIGAP_DATABASE_URL", "COLUMNS", "LINES", "FORCE_COLOR", "FORCE_TERMINAL"):
        env.pop(var, None)
    problems: list[str] = []
    updates: list[tuple[Example, list[str]]] = []
    for ex in found:
        proc = subprocess.run(["bash", "-c", ex.shell], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=600)
        if proc.returncode != 0:
            problems.append(f"$ {ex.command}\n  exit status {proc.returncode}: {proc.stderr.strip()[-1500:]}")
            continue
        actual = _normalise(proc.stdout, home)
        shown, truncated = _shown(ex)
        compared = actual[:len(shown)] if truncated else actual
        if compared != shown:
            block = [*actual[:len(shown)], MORE] if truncated else actual
            updates.append((ex, [ln.replace("<t>s", "2.0s") for ln in block]))
            diff = "\n".join(difflib.unified_diff(shown, compared, "README.md", "actual output", lineterm=""))
            paste = "\n".join("    " + ln.replace("<t>s", "2.0s") for ln in block)
            problems.append(f"$ {ex.command}\n{diff}\n--- paste under `$ {ex.command}` in README.md:\n{paste}")
    if updates and os.environ.get("AIGAP_README_UPDATE") == "1":
        for ex, block in sorted(updates, key=lambda u: -u[0].start):
            lines[ex.start:ex.end] = [("    " + ln).rstrip() for ln in block]
        README.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    assert not problems, ("README outputs differ from what the commands print (AIGAP_README_UPDATE=1 rewrites "
                          "them):\n\n" + "\n\n".join(problems))


def test_examples_parse() -> None:
    text = ["    $ aigap up --no-serve", "    aigap database: x", "    ...", "", "    $ aigap data list   # c",
            "    $ aigap lag", "    a", "b"]
    got = examples(text)
    assert [(e.command, e.output) for e in got] == [("aigap up --no-serve", ["aigap database: x", "..."]),
                                                    ("aigap lag", ["a"])]
    assert _shown(got[0]) == (["aigap database: x"], True)
    assert got[0].shell.endswith("-m aigap up --no-serve")
    assert _normalise("done in 1.93s\nreport: /t/h/x in 0.4s", Path("/t/h")) == [
        "done in <t>s", f"report: {README_HOME}/x in <t>s"]
