"""Every ``aigap`` command starts a Python process (the suite starts hundreds): what only some
commands need is imported where it is used, not at start."""

from __future__ import annotations

import subprocess
import sys

# datasketch imports scipy (about a second of CPU): only story linking needs it.
LATE = ("datasketch", "scipy")


def test_the_command_line_starts_without_what_only_story_linking_needs() -> None:
    code = f"import sys, aigap.cli; print(sorted(m for m in {LATE!r} if m in sys.modules))"
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert got.stdout.strip() == "[]", got.stdout
