"""Bad configuration gives one clear line, a non-zero exit and no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa


def run(args: list[str], env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("AIGAP_DATABASE_URL", None) if "AIGAP_DATABASE_URL" not in (env or {}) else None
    return subprocess.run(
        [sys.executable, "-m", "aigap", *args], capture_output=True, text=True, env=full_env, timeout=timeout
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    first = proc.stderr.strip().splitlines()[0]
    assert first.startswith("error:"), proc.stderr
    for n in needles:
        assert n in first, first


def test_unknown_database_scheme(aigap_home: Path) -> None:
    proc = run(["--db", "mysql://x/y", "db", "status"])
    assert_one_line_error(proc, "unknown database URL scheme", "mysql")


def test_unreachable_postgres(aigap_home: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = run(["--db", f"postgresql+psycopg://u:secret@127.0.0.1:{port}/x", "db", "status"])
    assert_one_line_error(proc, "cannot reach database", str(port))
    assert "secret" not in proc.stderr


def test_unwritable_home(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = run(["db", "status"], env={"AIGAP_HOME": str(blocker / "home")})
    assert_one_line_error(proc, "AIGAP_HOME", "not writable")


def test_database_from_newer_aigap_is_refused_and_left_intact(aigap_home: Path) -> None:
    assert run(["db", "upgrade"]).returncode == 0
    db = aigap_home / "aigap.db"
    eng = sa.create_engine(f"sqlite:///{db}")
    with eng.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num='9999_future'"))
    proc = run(["db", "status"])
    assert_one_line_error(proc, "newer aigap", "9999_future")
    with eng.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "9999_future"
    eng.dispose()


def test_port_in_use(aigap_home: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        proc = run(["serve", "--port", str(port)])
    assert_one_line_error(proc, "already in use", str(port))


def test_debug_shows_traceback(aigap_home: Path) -> None:
    proc = run(["--debug", "--db", "mysql://x/y", "db", "status"])
    assert proc.returncode != 0 and "Traceback" in proc.stderr


@pytest.mark.parametrize("cmd", [[], ["up"], ["serve"], ["db"], ["db", "upgrade"], ["db", "status"]])
def test_help_everywhere(cmd: list[str]) -> None:
    proc = run([*cmd, "--help"])
    assert proc.returncode == 0 and "Usage" in proc.stdout
