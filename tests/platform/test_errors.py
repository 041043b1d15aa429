"""Bad configuration gives one clear line, a non-zero exit and no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

CORPUS_FILE = Path(__file__).resolve().parents[2] / "src" / "aigap" / "data" / "corpus" / "000_7b3d7fe55a70b5a2.txt"


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


def test_invalid_port(aigap_home: Path) -> None:
    for cmd in (["serve", "--port", "99999"], ["up", "--port", "-1"]):
        proc = run(cmd)
        assert_one_line_error(proc, "invalid port", cmd[-1])
        assert "unexpected" not in proc.stderr and "OverflowError" not in proc.stderr


def test_address_not_of_this_machine_is_not_reported_as_in_use(aigap_home: Path) -> None:
    # 192.0.2.1 (TEST-NET-1, RFC 5737) is no interface of this machine: EADDRNOTAVAIL, not EADDRINUSE.
    proc = run(["serve", "--host", "192.0.2.1", "--port", "8123"])
    assert_one_line_error(proc, "cannot bind 192.0.2.1:8123")
    assert "already in use" not in proc.stderr
    proc = run(["serve", "--host", "no-such-host.invalid", "--port", "8123"])
    assert_one_line_error(proc, "cannot bind no-such-host.invalid:8123")


def _wait_healthy(port: int, proc: subprocess.Popen[str], timeout: float = 120) -> None:
    import time

    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"aigap serve exited {proc.returncode}: {out} {err}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    pytest.fail("aigap serve did not come up")


def test_serve_restarts_at_once_on_the_same_port(aigap_home: Path) -> None:
    """A server stopped with a client connection open leaves that connection in TIME_WAIT on its
    port; the restart must not call the port "already in use"."""
    import signal

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "AIGAP_TOKEN": "t"}
    env.pop("AIGAP_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "aigap", "serve", "--port", str(port)]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        _wait_healthy(port, first)
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        client.recv(100)  # a keep-alive connection the server closes first when it stops: TIME_WAIT
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=60)
        client.settimeout(10)
        while client.recv(65536):  # read to the server's FIN: closing with unread data would reset
            pass
        client.close()
        states = subprocess.run(["ss", "-tanH", f"sport = :{port}"], capture_output=True, text=True).stdout
        assert "TIME-WAIT" in states, states
        second = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            _wait_healthy(port, second)
        finally:
            second.send_signal(signal.SIGINT)
            second.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()


def test_corrupt_sqlite_file_is_one_line_and_left_alone(aigap_home: Path) -> None:
    aigap_home.mkdir(parents=True)
    db = aigap_home / "aigap.db"
    junk = bytes(range(256)) * 40
    db.write_bytes(junk)
    for cmd in (["db", "status"], ["docs"], ["claims"]):
        proc = run(cmd)
        assert_one_line_error(proc, "not an aigap database", str(db))
        assert "unexpected" not in proc.stderr and "sqlalche.me" not in proc.stderr
    assert db.read_bytes() == junk


def test_foreign_sqlite_database_is_refused_untouched(aigap_home: Path) -> None:
    aigap_home.mkdir(parents=True)
    db = aigap_home / "aigap.db"
    eng = sa.create_engine(f"sqlite:///{db}")
    with eng.begin() as conn:
        conn.execute(sa.text("CREATE TABLE documents (x TEXT)"))
        conn.execute(sa.text("CREATE TABLE invoices (n INTEGER)"))
    for _ in range(2):  # the second time too: nothing was half-created the first time
        proc = run(["db", "upgrade"])
        assert_one_line_error(proc, "not an aigap database", "documents", "invoices")
        assert "[SQL:" not in proc.stderr and "CREATE TABLE" not in proc.stderr
    with eng.connect() as conn:
        assert sorted(sa.inspect(conn).get_table_names()) == ["documents", "invoices"]
    eng.dispose()


def _read_only_runner(folder: Path) -> list[str]:
    """A command prefix that runs with ``folder`` read-only: as root (who writes anything) inside a
    private mount namespace where the folder is a read-only bind mount; otherwise its mode does."""
    if os.geteuid() != 0:
        for p in [folder, *folder.iterdir()]:
            p.chmod(0o555 if p.is_dir() else 0o444)
        return []
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("root without mount namespaces: cannot make a folder read-only")
    script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" && exec "$@"'
    return ["unshare", "--mount", "sh", "-c", script, str(folder)]


@pytest.mark.slow
def test_read_only_home_serves_read_only_commands(aigap_home: Path, demo_db: str) -> None:
    aigap_home.mkdir(parents=True)
    import shutil

    shutil.copy(demo_db.removeprefix("sqlite:///"), aigap_home / "aigap.db")
    before = (aigap_home / "aigap.db").read_bytes()
    prefix = _read_only_runner(aigap_home)
    env = {k: v for k, v in os.environ.items() if k != "AIGAP_DATABASE_URL"}
    try:
        probe = subprocess.run([*prefix, sys.executable, "-c",
                                f"open({str(aigap_home / 'x')!r}, 'w')"], capture_output=True, text=True, env=env)
        assert probe.returncode != 0 and ("Read-only" in probe.stderr or "Permission" in probe.stderr), probe.stderr
        for cmd, needle in [(["docs"], "000_7b3d7fe55a70b5a2"), (["db", "status"], "documents: 5"),
                            (["claims", "-i", "ai_researchers", "-c", "CN"], "ai_researchers"),
                            (["gap", "--draws", "100"], "Composite index")]:
            proc = subprocess.run([*prefix, sys.executable, "-m", "aigap", *cmd], capture_output=True, text=True,
                                  env=env, timeout=300)
            assert proc.returncode == 0, (cmd, proc.stderr)
            assert needle in proc.stdout, (cmd, proc.stdout[-500:])
        # A command that writes still says why it cannot, in one line.
        proc = subprocess.run([*prefix, sys.executable, "-m", "aigap", "ingest", str(CORPUS_FILE)],
                              capture_output=True, text=True, env=env, timeout=300)
        assert_one_line_error(proc, "not writable")
    finally:
        if os.geteuid() != 0:
            for p in [aigap_home, *aigap_home.iterdir()]:
                p.chmod(0o755 if p.is_dir() else 0o644)
    assert (aigap_home / "aigap.db").read_bytes() == before


_PROBE_LOOP = """
import sys
from pathlib import Path
from aigap.config import _ensure_home
for _ in range(400):
    _ensure_home(Path(sys.argv[1]))
"""


def test_processes_starting_at_once_do_not_find_a_shared_home_unwritable(tmp_path: Path) -> None:
    """Each process probes the home with a file of its own: with one shared probe name, one process
    deleted another's probe and reported the home "not writable (No such file or directory)"."""
    home = tmp_path / "home"
    procs = [subprocess.Popen([sys.executable, "-c", _PROBE_LOOP, str(home)], stderr=subprocess.PIPE, text=True)
             for _ in range(6)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [e[-500:] for e in errors if e]
    assert list(home.iterdir()) == []  # no probe left behind
