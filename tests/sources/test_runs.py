"""Every run ends done, failed or interrupted: SIGTERM and SIGINT close it as interrupted; a run whose
process was SIGKILLed is closed as interrupted when the next run starts; a crash while linking
stories is repaired by the next run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from aigap.sources import ingest, stories
from aigap.sources.lifecycle import deferred_signals, terminate_as_interrupt
from aigap.store import Store


def _batch(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"doc{i:04d}.txt").write_text(
            f"报道{i}：2024年中国AI企业融资约{i + 10}亿元人民币，美国同类企业融资超过{i + 3}0亿美元。\n", encoding="utf-8")


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "AIGAP_HOME": str(home)}
    env.pop("AIGAP_DATABASE_URL", None)
    return env


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        eng = sa.create_engine(f"sqlite:///{db}")
        with eng.connect() as conn:
            n = int(conn.execute(sa.text("select count(*) from documents")).scalar_one())
        eng.dispose()
        return n
    except sa.exc.OperationalError:
        return 0


def _start_and_wait(tmp_path: Path, n: int = 400) -> tuple[subprocess.Popen[str], Path]:
    home = tmp_path / "home"
    _batch(tmp_path / "batch", n)
    proc = subprocess.Popen([sys.executable, "-m", "aigap", "ingest", str(tmp_path / "batch")], env=_env(home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    db = home / "aigap.db"
    deadline = time.monotonic() + 120
    while _stored(db) < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the signal must land mid-batch"
    return proc, db


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_close_the_run_as_interrupted(tmp_path: Path, sig: signal.Signals) -> None:
    proc, db = _start_and_wait(tmp_path)
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    with Store.open(f"sqlite:///{db}") as store:
        run = store.runs()[0]
        assert run["status"] == "interrupted" and run["finished_at"] is not None
        assert 0 < run["counts"]["stored"] == store.counts().documents < 400


@pytest.mark.slow
def test_a_killed_run_is_closed_as_interrupted_by_the_next_start(tmp_path: Path) -> None:
    proc, db = _start_and_wait(tmp_path)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    with Store.open(f"sqlite:///{db}") as store:
        (run,) = store.runs()
        assert run["status"] == "running" and run["counts"]["pid"] == proc.pid and run["counts"]["host"]
    rerun = subprocess.run([sys.executable, "-m", "aigap", "ingest", str(tmp_path / "batch"), "--format", "json"],
                           env=_env(tmp_path / "home"), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with Store.open(f"sqlite:///{db}") as store:
        new, old = store.runs()
        assert old["status"] == "interrupted" and old["finished_at"] is not None
        assert new["status"] == "done"
        assert store.counts().documents == 400


def test_a_run_that_fails_is_closed_as_failed(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("美国投资超过500亿美元。", encoding="utf-8")

    def boom(_n: int) -> None:
        raise RuntimeError("progress display broke")

    with pytest.raises(RuntimeError):
        ingest(store, [str(tmp_path / "a.txt")], progress=boom)
    run = store.runs()[0]
    assert run["status"] == "failed" and run["finished_at"] is not None
    assert run["errors"][-1]["reason"] == "RuntimeError: progress display broke"


def test_a_live_run_of_another_process_is_not_closed(store: Store) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        rid = store.start_run("ingest elsewhere")
        with store.engine.begin() as conn:  # as if the sleeping process had started it
            conn.execute(sa.text("update runs set counts = :c where id = :i"),
                         {"c": json.dumps({"pid": sleeper.pid, "host": os.uname().nodename}), "i": rid})
        assert store.close_stale_runs() == 0
        assert store.runs()[0]["status"] == "running"
    finally:
        sleeper.kill()
        sleeper.wait()
    assert store.close_stale_runs() == 1
    assert store.runs()[0]["status"] == "interrupted"


# Stores the seed articles, then dies (SIGKILL) as story linking starts ("start"), or halfway
# through it ("halfway": the links written, the story ids, one transaction, not yet).
_CRASH_WHILE_LINKING = """
import os, signal, sys
import aigap.sources
from aigap.store import Store
def die(store, *args):
    os.kill(os.getpid(), signal.SIGKILL)
if sys.argv[1] == "start":
    sys.modules["aigap.sources.ingest"].link_stories = die  # the module, not the function of that name
else:
    Store.assign_stories = die
from aigap.cli import main
args = sys.argv[2:]
main([*args[:2], "ingest", *args[2:]] if args[:1] == ["--db"] else ["ingest", *args])
"""


@pytest.mark.parametrize("when", ["start", "halfway"])
def test_story_linking_resumes_after_a_crash(tmp_path: Path, corpus_dir: Path, when: str) -> None:
    home = tmp_path / "home"
    seeds = [str(p) for p in sorted(corpus_dir.glob("*.txt"))]
    crashed = subprocess.run([sys.executable, "-c", _CRASH_WHILE_LINKING, when, *seeds], env=_env(home),
                             capture_output=True, text=True, timeout=300)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    url = f"sqlite:///{home / 'aigap.db'}"
    with Store.open(url) as store:
        assert store.counts().documents == 5
        if when == "start":
            assert store.links() == [] and store.count_unlinked_documents() == 5
        else:
            assert store.links() != [] and store.count_unlinked_documents() == 5
    rerun = subprocess.run([sys.executable, "-m", "aigap", "ingest", *seeds, "--format", "json"], env=_env(home),
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout)["stored"] == 0  # nothing new to store, and still the links are made
    with Store.open(url) as store:
        groups = sorted(sorted(s.documents) for s in stories(store))
        assert ["000_7b3d7fe55a70b5a2", "001_63c05b7e177e9f84"] in groups
        assert store.count_unlinked_documents() == 0


def test_a_killed_run_is_closed_and_its_linking_resumed_on_each_backend(db_url: str, tmp_path: Path,
                                                                         corpus_dir: Path) -> None:
    """The same on PostgreSQL as on SQLite: an ingest SIGKILLed after storing (here, as linking
    starts) leaves its run 'running'; the next ingest closes it as interrupted and links."""
    seeds = [str(p) for p in sorted(corpus_dir.glob("*.txt"))]
    home = tmp_path / "home"
    crashed = subprocess.run([sys.executable, "-c", _CRASH_WHILE_LINKING, "start", "--db", db_url, *seeds], env=_env(home),
                             capture_output=True, text=True, timeout=300)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    with Store.open(db_url) as store:
        (run,) = store.runs()
        assert run["status"] == "running" and store.count_unlinked_documents() == 5
    rerun = subprocess.run([sys.executable, "-m", "aigap", "--db", db_url, "ingest", *seeds, "--format", "json"],
                           env=_env(home), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with Store.open(db_url) as store:
        new, old = store.runs()
        assert (old["status"], new["status"]) == ("interrupted", "done") and old["finished_at"] is not None
        assert store.count_unlinked_documents() == 0 and store.links()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_write_lands_after_its_count(sig: signal.Signals) -> None:
    """The race that once left a run counting 15 documents with 16 stored: a signal between a
    document's commit and its count waits until the count is written, then interrupts."""
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt), terminate_as_interrupt():
        with deferred_signals():
            steps.append("written")
            os.kill(os.getpid(), sig)
            time.sleep(0.05)  # the signal is pending, not delivered
            steps.append("counted")
        steps.append("never")
    assert steps == ["written", "counted"]
