"""An input that kills the worker reading it, every time, is one rejection naming it; the rest of
the batch is stored and the run ends (no hang, no ``unexpected KilledWorker``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")

# Runs a two-worker local cluster whose workers SIGKILL themselves on inputs named "poison*" (a
# worker plugin: restarted workers get it again, so those inputs kill every worker that tries).
SCRIPT = '''
import json, os, signal, sys

import dask
from distributed import Client, LocalCluster, WorkerPlugin


class Poison(WorkerPlugin):
    def setup(self, worker):
        import aigap.sources.work as work

        real = work.process_one

        def process_one(w, options):
            if "poison" in w.name:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(w, options)

        work.process_one = process_one


if __name__ == "__main__":
    from aigap.sources import ingest_parallel
    from aigap.store import Store

    url, folder = sys.argv[1:3]
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \\
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster, \\
            Client(cluster) as client:
        client.register_plugin(Poison())
        with Store.open(url) as store:
            rep = ingest_parallel(store, [folder], client=client, link=False)
            runs = store.runs()
        print(json.dumps({**rep.to_json(), "status": runs[0]["status"]}))
'''


def _batch(tmp_path: Path, n: int) -> Path:
    """A folder of ``n`` one-figure documents, doc00.txt ... (each a distinct text)."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(n):
        (folder / f"doc{i:02d}.txt").write_text(f"2024年中国AI企业融资约{i + 10}亿元人民币。\n", encoding="utf-8")
    return folder


@pytest.mark.slow
def test_inputs_that_kill_their_worker_are_rejected_by_name(tmp_path: Path) -> None:
    folder = _batch(tmp_path, 30)
    for name in ("poison1.txt", "poison2.txt"):
        (folder / name).write_text("美国投资超过500亿美元。\n", encoding="utf-8")
    script = tmp_path / "deaths.py"
    script.write_text(SCRIPT, encoding="utf-8")
    got = subprocess.run([sys.executable, str(script), f"sqlite:///{tmp_path / 'x.db'}", str(folder)],
                         capture_output=True, text=True, timeout=300, env=dict(os.environ), cwd=tmp_path)
    assert got.returncode == 0, got.stderr[-3000:]
    rep = json.loads(got.stdout.strip().splitlines()[-1])
    assert (rep["stored"], rep["duplicates"], rep["status"]) == (30, 0, "done"), rep
    assert [r["reason"] for r in rep["rejected"]] == [
        f"{folder / name}: the worker reading it died each time it was tried" for name in ("poison1.txt", "poison2.txt")]


# Once an input named trigger* is read, every worker dies, restarted ones as they start: the nannies
# give up and the cluster is left with no worker at all. The tasks would wait for one forever.
SCRIPT_ALL_GONE = '''
import json, os, signal, sys

import dask
from distributed import Client, LocalCluster, WorkerPlugin


class Doom(WorkerPlugin):
    def __init__(self, flag):
        self.flag = flag

    def setup(self, worker):
        if os.path.exists(self.flag):
            os.kill(os.getpid(), signal.SIGKILL)
        import aigap.sources.work as work

        real, flag = work.process_one, self.flag

        def process_one(w, options):
            if "trigger" in w.name:
                open(flag, "w").close()
                os.kill(os.getpid(), signal.SIGKILL)
            return real(w, options)

        work.process_one = process_one


if __name__ == "__main__":
    import aigap.sources.parallel as parallel
    from aigap.sources import ingest_parallel
    from aigap.store import Store

    url, folder, flag = sys.argv[1:4]
    parallel.NO_WORKER_GRACE, parallel.CHUNK_SIZE = 3.0, 8
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \\
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster, \\
            Client(cluster) as client:
        client.register_plugin(Doom(flag))
        with Store.open(url) as store:
            rep = ingest_parallel(store, [folder], client=client, link=False)
            runs = store.runs()
        print(json.dumps({**rep.to_json(), "status": runs[0]["status"], "workers": len(client.scheduler_info()["workers"])}))
'''


@pytest.mark.slow
def test_a_cluster_left_without_workers_does_not_hang_the_batch(tmp_path: Path) -> None:
    folder = _batch(tmp_path, 40)
    trigger = folder / "a-trigger.txt"  # first in the batch: every other input waits once no worker is left
    trigger.write_text("美国投资超过500亿美元。\n", encoding="utf-8")
    script = tmp_path / "gone.py"
    script.write_text(SCRIPT_ALL_GONE, encoding="utf-8")
    try:
        got = subprocess.run([sys.executable, str(script), f"sqlite:///{tmp_path / 'x.db'}", str(folder),
                              str(tmp_path / "flag")], capture_output=True, text=True, timeout=150,
                             env=dict(os.environ), cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail("the batch hung once no Dask worker was left")
    assert got.returncode == 0, got.stderr[-3000:]
    rep = json.loads(got.stdout.strip().splitlines()[-1])
    # The situation is the one meant: the cluster was left with no worker for the whole grace, and said
    # so once. (Its worker count when the batch ends is no evidence either way: a nanny may be
    # restarting a worker right then, one that dies as soon as it starts.)
    assert got.stderr.count("no Dask worker left for 3 s: the rest of the batch is read in this process") == 1
    # The chunk of 8 whose workers died (the trigger and the 7 after it) may hold an input that kills
    # its reader: rejected by name, not read in this process; every other input is stored. The second
    # worker may die holding a chunk of its own too (the trigger's retry lands on it while that chunk is
    # queued there, and its restarts die at once): then that whole chunk is rejected the same way. Which
    # of the two happens depends on timing; either way nothing is lost, read twice or stored twice.
    first = [trigger, *(folder / f"doc{i:02d}.txt" for i in range(7))]
    every = {str(p) for p in folder.iterdir()}
    rejected = [r["input"] for r in rep["rejected"]]
    assert rep["status"] == "done" and rep["duplicates"] == 0
    assert {str(p) for p in first} <= set(rejected) and len(rejected) in (8, 16) and len(set(rejected)) == len(rejected)
    assert rep["stored"] + len(rejected) == len(every) == 41
    assert all(r["reason"] == f"{r['input']}: not read: workers died reading the inputs sent with it and no worker is left"
               for r in rep["rejected"])
    assert got.stderr.count("no Dask worker left for 3 s: the rest of the batch is read in this process") == 1
