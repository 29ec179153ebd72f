"""`course grade --scheduler ADDRESS` on a real Dask cluster: a `dask scheduler` and two `dask worker` processes
on 127.0.0.1 (random ports, cleaned up), grading a small class whose marks must equal a local run's.

During the cluster run one worker is killed while it grades (Dask runs its task again on the other); a
submission that never ends is failed as timed out by the worker's service; a crashing one is failed with the
same reason as locally. A rerun grades nothing and adds no gradebook row.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support import synthetic
from support.course import gradebook_counts, has_assignment, make_course, sandbox_option, solution_and_release

from course.cli import main

pytestmark = pytest.mark.nbgrader
A = "01-why-customers-complain"
KINDS = ["good", "partial", "blank", "crash", "stubborn_loop", "good"]
LIMITS = ["--timeout", "12", "--cell-timeout", "6", "--no-progress"]
BIN = Path(sys.executable).parent


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def rows(root: Path) -> dict[str, dict]:
    with open(root / "_work" / "grades" / f"{A}.csv", newline="", encoding="utf-8") as fh:
        return {r["student_id"]: r for r in csv.DictReader(fh)}


def marks(row: dict) -> dict:
    keep = ("status", "score", "max_score", "percent", "needs_manual_grade", "flags", "edition")
    return {k: v for k, v in row.items() if k in keep or (k.startswith("q") and k.endswith("_test"))
            or k.startswith("w")}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    pytest.importorskip("distributed")
    if not (BIN / "dask").exists():
        pytest.skip("the dask command is not installed")
    tmp = tmp_path_factory.mktemp("dask")
    sched_file = tmp / "scheduler.json"
    env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False",
               DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="3")
    logs = []
    procs = []

    def start(*args: str, name: str) -> subprocess.Popen:
        log = open(tmp / f"{name}.log", "wb")  # noqa: SIM115 (closed below)
        logs.append(log)
        p = subprocess.Popen([str(BIN / "dask"), *args], stdout=log, stderr=subprocess.STDOUT, env=env,
                             start_new_session=True)
        procs.append(p)
        return p

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
              str(sched_file), name="scheduler")
        for _ in range(100):
            if sched_file.exists() and sched_file.stat().st_size:
                break
            time.sleep(0.2)
        workers = [start("worker", "--scheduler-file", str(sched_file), "--host", "127.0.0.1", "--nthreads", "1",
                         "--no-nanny", "--no-dashboard", "--name", f"w{i}", name=f"worker{i}") for i in range(2)]
        from distributed import Client

        with Client(scheduler_file=str(sched_file), timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            address = client.scheduler.address
        yield {"address": address, "file": sched_file, "workers": workers, "tmp": tmp}
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        for log in logs:
            log.close()


def _class(root: Path) -> None:
    sol, rel = synthetic.load_pair(*solution_and_release(A, root))
    synthetic.make_class(root / "_work" / "submitted", A, A, sol, rel, KINDS)


def _kill_a_busy_worker(cluster: dict, done: threading.Event, killed: list) -> None:
    """Kill (SIGKILL) the first worker seen grading a submission, once."""
    from distributed import Client

    with Client(scheduler_file=str(cluster["file"]), timeout=60) as client:
        pids = client.run(os.getpid)  # worker address -> its process id
        while not done.is_set():
            busy = {w: ts for w, ts in client.processing().items() if ts}
            if busy:
                addr = sorted(busy)[0]
                pid = pids.get(addr)
                for p in cluster["workers"]:
                    if p.pid == pid:
                        time.sleep(1.0)  # let it get into the submission
                        os.kill(p.pid, signal.SIGKILL)
                        killed.append(addr)
                        return
            time.sleep(0.1)


def test_a_cluster_grades_like_this_machine_and_survives_a_dead_worker(cluster, tmp_path):
    if not has_assignment(A):
        pytest.skip(f"assignment {A} not present")
    local = make_course(tmp_path / "local", A)
    remote = make_course(tmp_path / "remote", A)
    _class(local)
    _class(remote)
    code, out = run_cli("grade", A, "--root", str(local), "--workers", "2", *LIMITS, *sandbox_option())
    assert code == 0, out

    done, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_a_busy_worker, args=(cluster, done, killed), daemon=True)
    killer.start()
    try:
        code, out = run_cli("grade", A, "--root", str(remote), "--scheduler", cluster["address"], *LIMITS,
                            *sandbox_option())
    finally:
        done.set()
        killer.join(30)
    assert code == 0, out
    assert killed, "no worker was seen busy: the dead-worker part did not run"
    assert "graded on the Dask cluster" in out

    here, there = rows(local), rows(remote)
    assert sorted(here) == sorted(there)
    for s in here:
        assert marks(there[s]) == marks(here[s]), (s, there[s], here[s])
        assert there[s]["reason"] == here[s]["reason"], s
    by_kind = {r["student_id"].split("-", 1)[1]: r for r in there.values()}
    assert by_kind["crash"]["status"] == "failed" and "kernel died" in by_kind["crash"]["reason"]
    assert by_kind["stubborn-loop"]["status"] == "failed" and "time" in by_kind["stubborn-loop"]["reason"]
    for s, r in there.items():
        page = remote / "_work" / "feedback" / s / A / f"{A}.html"
        assert page.is_file() == (r["status"] == "graded"), s

    # rerun: nothing regraded, no gradebook row added
    before = gradebook_counts(remote / "_work" / "gradebook.db")
    code, out = run_cli("grade", A, "--root", str(remote), "--scheduler", cluster["address"], *LIMITS,
                        *sandbox_option())
    assert code == 0, out
    assert "(0 this run" in out
    assert gradebook_counts(remote / "_work" / "gradebook.db") == before
    assert {s: marks(r) for s, r in rows(remote).items()} == {s: marks(r) for s, r in there.items()}
