"""Warm kernels (course.grading.zygote) keep every trainee's kernel a fresh, isolated process.

One worker grades, one after another, a trainee who tampers with everything a warm kernel could share (pandas,
builtins, the course loader, files in home, /tmp and /dev/shm, a process left running with an abstract socket),
then an honest trainee whose notebook checks for each of those traces and answers wrongly if it finds one,
then a plain copy of the solution. The honest trainee's marks must be the reference's, cell for cell; both ran
in kernels forked warm by the zygote, as different unprivileged uids.
"""

from __future__ import annotations

import copy
import json
import os

import nbformat
import pytest
from support import synthetic
from support.course import has_assignment, make_course, solution_and_release

from course.grading.cells import answer_ids, index_of
from course.grading.layout import open_course
from course.grading.pool import grade_class
from course.grading.sandbox import SandboxUnavailable, resolve_mode

pytestmark = pytest.mark.nbgrader
A = "01-why-customers-complain"

TAMPER = r'''
import builtins, os, subprocess, sys
import pandas
import course.datasets
pandas.DataFrame.mean = lambda self, *a, **k: 0.0
pandas.Series.mean = lambda self, *a, **k: 0.0
builtins.__course_leak__ = "A"
course.datasets.load = lambda *a, **k: None
for _p in (os.path.expanduser("~/leak-A"), "/tmp/leak-A", "/dev/shm/leak-A"):
    with open(_p, "w") as _f:
        _f.write("A")
subprocess.Popen([sys.executable, "-c", """
import socket, time
s = socket.socket(socket.AF_UNIX)
s.bind("\\0course-leak-A")
s.listen()
while True:
    try:
        open("/tmp/leak-A-bg", "w").write("alive")
    except OSError:
        pass
    time.sleep(0.05)
"""], start_new_session=True)
print("KERNEL", os.getuid(), os.getpid())
'''

CHECK = r'''
import builtins, os, socket
import pandas
_leaks = [p for p in ("~/leak-A", "/tmp/leak-A", "/dev/shm/leak-A", "/tmp/leak-A-bg")
          if os.path.exists(os.path.expanduser(p))]
if hasattr(builtins, "__course_leak__"):
    _leaks.append("builtins")
if pandas.Series([1.0, 3.0]).mean() != 2.0:
    _leaks.append("pandas")
import course.datasets
if course.datasets.load("tickets") is None:
    _leaks.append("loader")
try:
    _s = socket.socket(socket.AF_UNIX)
    _s.connect("\0course-leak-A")
    _leaks.append("socket")
except OSError:
    pass
_others = []
for _pid in os.listdir("/proc"):
    if _pid.isdigit() and int(_pid) not in (1, os.getpid()):
        try:
            _others.append(open(f"/proc/{_pid}/cmdline", "rb").read().replace(b"\0", b" ").decode()[:80])
        except OSError:
            pass
if any("leak" in c for c in _others):
    _leaks.append("process")
print("KERNEL", os.getuid(), os.getpid())
print("LEAKS", _leaks)
if _leaks:
    breach_rate = -1.0
'''


def _warm_possible() -> None:
    try:
        resolve_mode("auto")
    except SandboxUnavailable:
        if os.environ.get("CI"):
            pytest.fail("CI must have bubblewrap: warm kernels run inside it")
        pytest.skip("no bubblewrap here")
    if os.geteuid() != 0:
        pytest.skip("warm kernels need a uid of their own per kernel: grading as root")


def _with(sol, code: str) -> bytes:
    nb = copy.deepcopy(sol)
    ids = answer_ids(sol)
    cell = nb.cells[index_of(nb, ids[0])]
    cell.source = cell.source + "\n" + code
    return nbformat.writes(nb).encode()


def _printed(course, student: str, marker: str) -> list[str]:
    nb = json.loads((course.autograded / student / A / f"{A}.ipynb").read_text())
    lines = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            text = out.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            lines += [ln for ln in text.splitlines() if ln.startswith(marker)]
    return lines


def _cells(course, student: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gb:
        sub = gb.find_submission(A, student)
        return {g.name: g.score for nb in sub.notebooks for g in nb.grades}


def test_a_tampering_trainee_leaves_nothing_for_the_next_on_the_same_worker(tmp_path):
    if not has_assignment(A):
        pytest.skip(f"assignment {A} not present")
    _warm_possible()
    root = make_course(tmp_path / "course", A)
    sol, rel = synthetic.load_pair(*solution_and_release(A, root))
    sub = root / "_work" / "submitted"
    synthetic.write_submission(sub, "a-tamperer", A, A, _with(sol, TAMPER))
    synthetic.write_submission(sub, "b-honest", A, A, _with(sol, CHECK))
    synthetic.write_submission(sub, "c-reference", A, A, synthetic.good(sol, rel))
    course = open_course(root, A)
    run = grade_class(course, workers=1, timeout=60, cell_timeout=20, progress=False)
    assert run.kernels == "warm", run.notes
    by = {o.student: o for o in run.outcomes}
    assert all(o.status == "graded" for o in run.outcomes), [(o.student, o.reason) for o in run.outcomes]
    assert _printed(course, "b-honest", "LEAKS") == ["LEAKS []"]
    assert _cells(course, "b-honest") == _cells(course, "c-reference")
    assert by["b-honest"].score == by["c-reference"].score
    assert by["a-tamperer"].score < by["c-reference"].score  # the patched pandas spoiled only A's own answers
    uids = {s: int(_printed(course, s, "KERNEL")[0].split()[1]) for s in ("a-tamperer", "b-honest")}
    assert all(u >= 200_000 for u in uids.values()) and uids["a-tamperer"] != uids["b-honest"], uids


def test_without_a_zygote_grading_falls_back_to_cold_kernels_and_says_why(tmp_path, monkeypatch):
    if not has_assignment(A):
        pytest.skip(f"assignment {A} not present")
    _warm_possible()
    from course.grading import zygote

    def cannot(self, timeout=120):
        self.error = "zygote: cannot isolate kernels here: unshare: Operation not permitted"
        self.stop()
        return False

    monkeypatch.setattr(zygote.Zygote, "wait_ready", cannot)
    root = make_course(tmp_path / "course", A)
    sol, rel = synthetic.load_pair(*solution_and_release(A, root))
    synthetic.write_submission(root / "_work" / "submitted", "t1", A, A, synthetic.good(sol, rel))
    run = grade_class(open_course(root, A), workers=1, timeout=60, cell_timeout=20, progress=False)
    assert run.kernels == "cold"
    assert any("kernels: cold" in n and "Operation not permitted" in n for n in run.notes), run.notes
    assert [o.status for o in run.outcomes] == ["graded"] and run.outcomes[0].score > 0
