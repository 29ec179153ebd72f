"""`course exercises`: the release comparison (course.grading.release) and its advice, and --check for real."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
from support.course import has_assignment, make_course

from course.cli import main
from course.grading.release import Difference, compare, fix_hint

A = "01-why-customers-complain"


def _release(folder: Path, text: str = "notebook") -> Path:
    (folder / A).mkdir(parents=True)
    (folder / A / f"{A}.ipynb").write_text(text)
    return folder


def test_what_jupyterlab_and_python_leave_behind_is_not_a_difference(tmp_path):
    fresh, current = _release(tmp_path / "fresh"), _release(tmp_path / "current")
    (current / A / ".ipynb_checkpoints").mkdir()
    (current / A / ".ipynb_checkpoints" / f"{A}-checkpoint.ipynb").write_text("an older copy")
    (current / ".ipynb_checkpoints").mkdir()
    (current / "__pycache__").mkdir()
    (current / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert compare(fresh, current) == []


def test_differences_say_what_to_do(tmp_path):
    fresh, current = _release(tmp_path / "fresh"), _release(tmp_path / "current", "edited by hand")
    (fresh / A / "data.csv").write_text("a\n1\n")
    (current / A / "scratch.py").write_text("print()")
    (current / "notes.txt").write_text("mine")
    diff = compare(fresh, current)
    assert diff == sorted([Difference(f"{A}/{A}.ipynb", "differs"), Difference(f"{A}/data.csv", "missing"),
                           Difference(f"{A}/scratch.py", "extra"), Difference("notes.txt", "extra")])
    hint = fix_hint(diff)
    assert "run `course exercises` to regenerate exercises/" in hint
    assert f"delete what nbgrader does not make: exercises/{A}/scratch.py exercises/notes.txt" in hint
    assert fix_hint([d for d in diff if d.kind == "extra"]).startswith("delete")  # regenerating would not help
    assert "delete" not in fix_hint([d for d in diff if d.kind != "extra"])
    assert Difference(f"{A}/data.csv", "missing").describe() == f"{A}/data.csv (missing from exercises/)"


def _exercises(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["exercises", *argv])
    return code, out.getvalue() + err.getvalue()


@pytest.mark.nbgrader
def test_check_passes_with_checkpoints_and_names_what_to_delete(tmp_path):
    if not has_assignment(A):
        pytest.skip(f"assignment {A} not present")
    root = make_course(tmp_path / "course", A)
    checkpoints = root / "exercises" / A / ".ipynb_checkpoints"
    checkpoints.mkdir()
    shutil.copy(root / "exercises" / A / f"{A}.ipynb", checkpoints / f"{A}-checkpoint.ipynb")
    code, out = _exercises("--check", "--root", str(root))
    assert (code, out.strip()) == (0, "exercises/ matches solutions/ (1 assignments)."), out
    (root / "exercises" / "notes.txt").write_text("mine")
    code, out = _exercises("--check", "--root", str(root))
    assert code == 1
    assert "delete what nbgrader does not make: exercises/notes.txt" in out
    assert "exercises/notes.txt (not made by nbgrader from solutions/)" in out
    assert "course exercises" not in out.split("Differing files:")[0]  # regenerating would not remove it
