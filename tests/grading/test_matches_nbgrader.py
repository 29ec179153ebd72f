"""On an honest class, `course grade` (trusted tests, sandbox) gives exactly plain nbgrader's marks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import nbformat
import pytest

from course.grading import cells
from course.grading.sandbox import SandboxUnavailable, resolve_mode
from tests.support.course import has_assignment, make_course, solution_and_release
from tests.support.specs import load_spec

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]
A = "03-attentive-service"  # answers include functions, called across the boundary


def _class(root, sol, rel, spec) -> list[str]:
    students = {"full": sol, "blank": rel}
    for qid, code in list(spec.WRONG.items())[:3]:
        nb = nbformat.from_dict(json.loads(nbformat.writes(sol)))
        cells.by_grade_id(nb)[qid].source = code
        students[f"wrong-{qid}"] = nb
    for student, nb in students.items():
        folder = root / "_work" / "submitted" / student / A
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{A}.ipynb")
    return list(students)


def _scores(root, students) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / '_work' / 'gradebook.db'}") as gb:
        return {s: {g.name: g.auto_score for g in gb.find_submission_notebook(A, A, s).grades
                    if g.auto_score is not None} for s in students}


def test_course_grade_matches_plain_nbgrader_trainee_for_trainee(tmp_path):
    if not has_assignment(A):
        pytest.skip(f"assignment {A} not present")
    try:
        resolve_mode("auto")
        sandbox = "auto"
    except SandboxUnavailable:
        sandbox = "none"
    spec = load_spec(A)
    ours, plain = make_course(tmp_path / "ours", A), make_course(tmp_path / "plain", A)
    sol = nbformat.read(solution_and_release(A, ours)[0], as_version=4)
    rel = nbformat.read(solution_and_release(A, ours)[1], as_version=4)
    students = _class(ours, sol, rel, spec)
    _class(plain, sol, rel, spec)
    # plain nbgrader: its own Execute, tests run in the trainee's kernel (nbgrader's default pipeline)
    cfg = plain / "nbgrader_config.py"
    cfg.write_text(cfg.read_text().replace('"course.grading.preprocessors.TrustedExecute"',
                                           '"nbgrader.preprocessors.Execute"'))
    env = dict(os.environ, COURSE_NBGRADER_ROOT=str(plain),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    for step in (["generate_assignment", A, "--force"], ["autograde", A, "--create"]):
        done = subprocess.run([sys.executable, "-m", "nbgrader", *step], cwd=plain, env=env, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    from course.grading import api

    api.grade(A, ours, workers=2, progress=False, sandbox=sandbox)
    got, want = _scores(ours, students), _scores(plain, students)
    assert got == want
    assert sum(got["full"].values()) > 0 and sum(got["blank"].values()) == 0
    assert all(sum(got[s].values()) < sum(got["full"].values()) for s in students if s.startswith("wrong"))
