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


# ------------------------------------------------------------------------------------------------ two editions
LIST_SOURCES = """
import json
from nbgrader.apps import NbGraderAPI
from nbgrader.apps.autogradeapp import AutogradeApp

app = AutogradeApp.instance()
app.initialize([])  # loads nbgrader_config.py from the course root, as every nbgrader application does
api = NbGraderAPI(coursedir=app.coursedir, parent=app)
print(json.dumps({"listed": sorted(api.get_source_assignments()),
                  "formgrader": sorted(a["name"] for a in api.get_assignments()),
                  "nbgrader_itself": sorted(type(api).get_source_assignments.__wrapped__(api))}))
"""


@pytest.fixture(scope="module")
def bilingual_course(tmp_path_factory):
    """A course with assignment A in both editions (the Chinese one real or stand-in), released by
    `course exercises --gradebook`."""
    if not has_assignment(A):
        pytest.skip(f"assignment {A} not present")
    from support import bilingual

    root = make_course(tmp_path_factory.mktemp("editions") / "course", A)
    nb, _real = bilingual.zh_source(A)
    (root / "solutions" / "zh" / A).mkdir(parents=True)
    import nbformat

    nbformat.write(nb, root / "solutions" / "zh" / A / f"{A}.ipynb")
    code, out = _exercises("--gradebook", "--root", str(root))
    assert code == 0, out
    return root, out


@pytest.mark.nbgrader
def test_course_exercises_releases_both_editions_and_checks_them(bilingual_course):
    root, out = bilingual_course
    assert "1 assignments, 1 of them in the Chinese edition (exercises/zh/)" in out
    assert (root / "exercises" / "zh" / A / f"{A}.ipynb").is_file()
    code, out = _exercises("--check", "--root", str(root))
    assert (code, out.strip()) == (0, "exercises/ matches solutions/ (1 assignments, 1 of them in the Chinese "
                                      "edition (exercises/zh/))."), out
    release = root / "exercises" / "zh" / A / f"{A}.ipynb"
    kept = release.read_bytes()
    release.write_bytes(kept.replace(b"\"lang\": \"zh\"", b"\"lang\": \"en\""))
    code, out = _exercises("--check", "--root", str(root))
    assert code == 1 and f"exercises/zh/{A}/{A}.ipynb (differs)" in out
    release.write_bytes(kept)


@pytest.mark.nbgrader
def test_the_chinese_source_never_reaches_the_gradebook(bilingual_course):
    import nbformat
    from nbgrader.api import Gradebook

    from course.grading import cells

    root, _out = bilingual_course
    en = nbformat.read(root / "solutions" / A / f"{A}.ipynb", as_version=4)
    with Gradebook(f"sqlite:///{root / '_work' / 'gradebook.db'}") as gb:
        assert [a.name for a in gb.assignments] == [A]
        stored = {c.name: c.source for c in gb.find_notebook(A, A).source_cells}
    assert stored["intro"] == cells.by_grade_id(en)["intro"].source
    assert stored["q1_test"] == cells.by_grade_id(en)["q1_test"].source


@pytest.mark.nbgrader
def test_nbgrader_and_the_formgrader_never_list_zh_as_an_assignment(bilingual_course):
    import json
    import subprocess
    import sys

    from course.paths import env_for_tools

    root, _out = bilingual_course
    env = env_for_tools()
    env.pop("COURSE_NBGRADER_ROOT", None)
    proc = subprocess.run([sys.executable, "-c", LIST_SOURCES], cwd=root, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["listed"] == [A] and got["formgrader"] == [A]
    assert got["nbgrader_itself"] == sorted([A, "zh"])  # what nbgrader alone would list: the check can fail


@pytest.mark.nbgrader
def test_a_chinese_source_without_its_english_one_is_refused(bilingual_course, tmp_path):
    root, _out = bilingual_course
    other = tmp_path / "course"
    shutil.copytree(root, other, ignore=shutil.ignore_patterns("_work"))
    shutil.copytree(other / "solutions" / "zh" / A, other / "solutions" / "zh" / "09-orphan")
    (other / "solutions" / "zh" / "09-orphan" / f"{A}.ipynb").rename(
        other / "solutions" / "zh" / "09-orphan" / "09-orphan.ipynb")
    code, out = _exercises("--root", str(other))
    assert code == 1 and "solutions/zh/09-orphan/ has no English source solutions/09-orphan/" in out
    shutil.rmtree(other / "solutions" / "zh")  # the Chinese edition withdrawn: its release goes too
    code, out = _exercises("--root", str(other))
    assert code == 0 and f"removing exercises/zh/{A}/" in out, out
    assert not (other / "exercises" / "zh").exists()
