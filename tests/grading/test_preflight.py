"""Staging and repairing broken submissions before nbgrader sees them (course.grading.preflight)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator
from support import synthetic
from support.course import has_assignment, solution_and_release

from course.grading import cells, preflight

A = "01-why-customers-complain"


@pytest.fixture(scope="module")
def pair():
    if not has_assignment(A):
        pytest.skip(f"assignment {A} not present")
    return synthetic.load_pair(*solution_and_release(A))


def _stage(tmp_path: Path, pair, kind: str) -> tuple[preflight.Preflight, Path]:
    sol, rel = pair
    sub = tmp_path / "submitted"
    students = synthetic.make_class(sub, A, A, sol, rel, [kind])
    student = next(iter(students))
    rel_dir = tmp_path / "release"
    rel_dir.mkdir(exist_ok=True)
    nbformat.write(rel, rel_dir / f"{A}.ipynb")
    dest = tmp_path / "staged" / student
    return preflight.stage_submission(sub / student / A, dest, [A], rel_dir), dest / f"{A}.ipynb"


@pytest.mark.parametrize("kind,fragment", [
    ("invalid_json", "not valid JSON"),
    ("empty", "empty file"),
    ("missing", "missing notebook"),
])
def test_unreadable_submissions_are_refused_with_a_reason(tmp_path, pair, kind, fragment):
    result, _ = _stage(tmp_path, pair, kind)
    assert not result.ok
    assert fragment in result.reason


@pytest.mark.parametrize("kind,fragment", [
    ("misnamed", "Untitled.ipynb"),
    ("no_schema", "schema_version"),
    ("duplicate_cell", "more than once"),
    ("emptied_metadata", "emptied nbgrader metadata"),
    ("deleted_test", "was deleted"),
    ("huge_output", "MB of stored output"),
    ("edited_test", "was edited"),
])
def test_repairable_submissions_pass_nbgraders_own_validation(tmp_path, pair, kind, fragment):
    result, staged = _stage(tmp_path, pair, kind)
    assert result.ok, result.reason
    assert any(fragment in n for n in result.notes), result.notes
    nb = nbformat.read(staged, as_version=4)
    MetadataValidator().validate_nb(nb)  # what makes plain nbgrader abort the whole batch
    assert all(cells.grade_id(c) for c in nb.cells if "nbgrader" in c.metadata)  # no half-tagged cell left
    assert cells.grade_ids(nb) == cells.grade_ids(pair[1])  # every graded cell exactly once, in order
    assert staged.stat().st_size < 2_000_000


def test_a_plain_copy_of_the_solution_needs_no_repair(tmp_path, pair):
    result, staged = _stage(tmp_path, pair, "good")
    assert result.ok and result.notes == []
    assert json.loads(staged.read_text())["cells"]
