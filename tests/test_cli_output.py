"""What the CLI prints is text, never markup or terminal control: hostile titles and paths print as
themselves, a closed pipe ends quietly, piped output does not wrap, help shows what was written."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from aigap.cli import app
from aigap.extract import EXTRACTOR_VERSION, extract_claims
from aigap.records import Document
from aigap.store import Store

HOSTILE = "Bad [/] \x1b[31mred\x1b]8;;http://evil.example/\x07 [link=http://evil.example/]click[/link] \x9b2J end"
TEXT = "In 2024 the US invested 5 billion dollars in AI research, the report said."
# What the terminal must never receive from the title: ESC, CSI (C1), BEL, an OSC 8 hyperlink.
CONTROL = re.compile("[\x07\x9b]|\x1b\\]|\x1b\\[31m")


def run(args: list[str], env: dict[str, str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aigap", *args], capture_output=True, text=True, env=env,
                          timeout=120, **kw)  # type: ignore[call-overload]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "AIGAP_HOME": str(tmp_path / "home")}
    env.pop("AIGAP_DATABASE_URL", None)
    env.pop("COLUMNS", None)
    return env


@pytest.fixture
def hostile_db(tmp_path: Path) -> dict[str, str]:
    """AIGAP_HOME with one stored document whose title is markup and escape codes."""
    env = _env(tmp_path)
    (tmp_path / "home").mkdir()
    s = Store.open(f"sqlite:///{tmp_path / 'home' / 'aigap.db'}")
    doc = Document(doc_id="hostile", text=TEXT, source_uri="file:///x[/]y.html", title=HOSTILE, language="en",
                   content_hash=hashlib.sha256(TEXT.encode()).hexdigest())
    claims = extract_claims(TEXT, "hostile", language="en")
    assert claims
    s.add_document(doc, claims, EXTRACTOR_VERSION)
    s.close()
    return env


def test_markup_in_paths_is_printed_and_the_batch_goes_on(tmp_path: Path) -> None:
    env = _env(tmp_path)
    folder = tmp_path / "in[" / "]b"
    folder.mkdir(parents=True)
    good = folder / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    missing = [str(tmp_path / "gone[/].txt"), str(tmp_path / "also[/red]gone.txt"),
               str(tmp_path / "esc\x1b[31m\x1b]8;;evil\x07[link=x]y.txt")]
    proc = run(["ingest", missing[0], str(good), missing[1], missing[2]], env)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2
    assert "stored 1 new documents" in proc.stdout
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("rejected:")]
    assert len(lines) == 3 and missing[0] in lines[0] and missing[1] in lines[1], proc.stderr
    # the path's escape codes never reach the terminal; its text (and markup) prints as itself
    assert not CONTROL.search(proc.stderr) and "esc[31m]8;;evil[link=x]y.txt" in lines[2], proc.stderr


@pytest.mark.parametrize("cmd", [["docs"], ["claims"], ["claims", "--format", "table", "-i", "gov_ai_rd_funding"]])
def test_hostile_title_prints_as_text(hostile_db: dict[str, str], cmd: list[str]) -> None:
    proc = run(cmd, hostile_db)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "[/]" in proc.stdout and "[link=http://evil.example/]click[/link]" in proc.stdout
    assert not CONTROL.search(proc.stdout), repr(proc.stdout)


def _run_on_pty(args: list[str], env: dict[str, str]) -> str:
    """Run with stdout on a real terminal (Rich styles and hyperlinks are on there)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "aigap", *args], stdout=slave, stderr=subprocess.PIPE,
                            env={**env, "COLUMNS": "200"})
    os.close(slave)
    out = b""
    while True:
        r, _, _ = select.select([master], [], [], 60)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(master)
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.returncode == 0, err
    return out.decode("utf-8", "replace")


def test_hostile_title_on_a_terminal_sends_no_control_codes(hostile_db: dict[str, str]) -> None:
    out = _run_on_pty(["docs"], hostile_db)
    assert "[link=http://evil.example/]click[/link]" in out
    assert "\x1b]8;" not in out and "\x07" not in out and "\x9b" not in out and "\x1b[31m" not in out, repr(out)


@pytest.mark.parametrize("cmd", [["docs"], ["docs", "--format", "json"], ["claims"], ["claims", "-f", "csv"]])
def test_closed_pipe_exits_zero_quietly(hostile_db: dict[str, str], cmd: list[str]) -> None:
    # Enough rows that the output outlives the pipe buffer; the reader takes one line and leaves.
    env = hostile_db
    store = Store.open(f"sqlite:///{Path(env['AIGAP_HOME']) / 'aigap.db'}")
    for i in range(400):
        text = f"{TEXT} Item {i}: in 2023 China spent {i + 1} billion dollars on AI chips, it said."
        store.add_document(Document(doc_id=f"d{i}", text=text, source_uri=f"file:///d{i}", title=f"t{i} " * 20,
                                    language="en", content_hash=hashlib.sha256(text.encode()).hexdigest()),
                           extract_claims(text, f"d{i}", language="en"), EXTRACTOR_VERSION)
    store.close()
    proc = subprocess.run(
        f"{sys.executable} -m aigap {' '.join(cmd)} | head -1 >/dev/null; echo \"rc=${{PIPESTATUS[0]}}\"",
        shell=True, executable="/bin/bash", capture_output=True, text=True, env=env, timeout=120)
    assert proc.stdout.strip() == "rc=0", proc.stdout + proc.stderr
    assert proc.stderr == "", proc.stderr


def test_piped_output_does_not_wrap(hostile_db: dict[str, str]) -> None:
    proc = run(["claims"], hostile_db)
    assert proc.returncode == 0
    # The full quote stays on one line of the table (wrapped at 80 columns it would be folded).
    assert any(TEXT in line for line in proc.stdout.splitlines()), proc.stdout
    assert max(len(line) for line in proc.stdout.splitlines()) > 80


def test_csv_output_neutralises_formulas(tmp_path: Path) -> None:
    env = _env(tmp_path)
    (tmp_path / "home").mkdir()
    s = Store.open(f"sqlite:///{tmp_path / 'home' / 'aigap.db'}")
    text = "In 2024 the US invested 5 billion dollars in AI research."
    s.add_document(Document(doc_id="f", text=text, source_uri="file:///f", title='=HYPERLINK("http://x","y")',
                            language="en", content_hash=hashlib.sha256(text.encode()).hexdigest()),
                   extract_claims(text, "f", language="en"), EXTRACTOR_VERSION)
    s.close()
    proc = run(["claims", "--format", "csv"], env)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert rows and rows[0]["title / publisher"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert rows[0]["value"] == "5,000,000,000"


def _commands(cmd: typer.core.TyperGroup | typer.core.TyperCommand, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path]
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        out += _commands(sub, (*path, name))
    return out


def test_every_help_shows_flags_and_literal_brackets() -> None:
    root = typer.main.get_command(app)
    paths = _commands(root)  # type: ignore[arg-type]
    assert len(paths) > 15
    seen_scale = False
    runner = CliRunner()
    for path in paths:
        res = runner.invoke(app, [*path, "--help"], prog_name="aigap", terminal_width=200)
        assert res.exit_code == 0, (path, res.output)
        assert "<bool>" not in res.output, (path, res.output)
        if path == ("ingest",):
            assert "aigap[scale]" in res.output, res.output
            assert "--link / --no-link" in res.output and "-r, --recursive" in res.output
            seen_scale = True
    assert seen_scale
