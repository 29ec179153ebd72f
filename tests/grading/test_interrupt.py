"""An interrupted `course grade` (SIGTERM, a closed terminal) still ends with its summary and CSV."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest

from course.grading.sandbox import SandboxUnavailable, resolve_mode
from tests.support.course import has_assignment, make_course, solution_and_release

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]
A = "01-why-customers-complain"


def test_sigterm_ends_with_the_summary_of_what_finished(tmp_path):
    if not has_assignment(A):
        pytest.skip(f"assignment {A} not present")
    try:
        resolve_mode("auto")
        sandbox = []
    except SandboxUnavailable:
        sandbox = ["--sandbox", "none"]
    root = make_course(tmp_path / "c", A)
    sol = nbformat.read(solution_and_release(A, root)[0], as_version=4)
    for i in range(4):
        folder = root / "_work" / "submitted" / f"t{i}" / A
        folder.mkdir(parents=True)
        nbformat.write(sol, folder / f"{A}.ipynb")
    env = dict(os.environ, PYTHONUNBUFFERED="1", PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    proc = subprocess.Popen([sys.executable, "-m", "course.cli", "grade", A, "--root", str(root), "--workers", "1",
                             "--no-progress", *sandbox], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    state = root / "_work" / "grading" / A / "state"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not list(state.glob("*.json")):
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 130, out
    assert "graded 1 of" in out or "graded 2 of" in out, out  # the summary of what finished
    assert "interrupted" in out
    assert (root / "_work" / "grades" / f"{A}.csv").is_file()
