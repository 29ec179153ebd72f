"""Reading nbgrader cells: their metadata and grade_id, what kind of cell they are, hidden-test regions, and
the question a grade_id belongs to. The one place the course parses cells (preflight, preprocessors, results,
report and the tests all call it).

The kind of a cell is nbgrader's own answer (`nbgrader.utils.is_grade`, `is_solution`, `is_locked`); the
functions here add only what nbgrader has no function for, and they accept what a trainee may hand in: a cell
as a plain dict or a NotebookNode, with its nbgrader metadata missing, emptied or damaged (not a dict).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import nbformat
from nbgrader import utils

# nbgrader's ClearHiddenTests delimiters (its defaults; nbgrader_config.py does not change them)
BEGIN_HIDDEN = "BEGIN HIDDEN TESTS"
END_HIDDEN = "END HIDDEN TESTS"
# A question is the grade_id's leading q<k>: q2a_test and q2b_test are parts of q2, q2 is its answer cell.
QUESTION = re.compile(r"^(q\d+)")
# The course's name for an auto-graded test cell: q<k>_test or q<k><part>_test.
TEST_ID = re.compile(r"^(q\d+)[a-z]?_test$")


# --------------------------------------------------------------------------------- metadata and grade_id
def nbgrader_meta(cell) -> dict | None:
    """The cell's nbgrader metadata, or None when there is none or it is not a dict (damaged)."""
    md = (cell.get("metadata") or {}).get("nbgrader")
    return md if isinstance(md, dict) else None


def grade_id(cell) -> str | None:
    """The cell's grade_id, or None (no nbgrader metadata, emptied metadata, no grade_id)."""
    md = nbgrader_meta(cell)
    return md.get("grade_id") if md else None


def _node(cell) -> nbformat.NotebookNode:
    return cell if isinstance(cell, nbformat.NotebookNode) else nbformat.from_dict(cell)


def _ask(test, cell) -> bool:
    """nbgrader's answer for a cell whose metadata it can read; False for damaged metadata."""
    return nbgrader_meta(cell) is not None and bool(test(_node(cell)))


# --------------------------------------------------------------------------------- kinds of cell
def is_grade(cell) -> bool:
    """A graded cell (points), automatically (code) or by hand (markdown)."""
    return _ask(utils.is_grade, cell)


def is_solution(cell) -> bool:
    """A cell the trainee writes in."""
    return _ask(utils.is_solution, cell)


def is_locked(cell) -> bool:
    """A cell nbgrader restores from the master copy (graded tests, read-only text)."""
    return _ask(utils.is_locked, cell)


def is_autograded(cell) -> bool:
    """A graded code cell: nbgrader scores it from its outputs."""
    return cell.get("cell_type") == "code" and is_grade(cell)


def is_test(cell) -> bool:
    """An auto-graded test cell (graded code the trainee does not write)."""
    return is_autograded(cell) and not is_solution(cell)


def is_answer(cell) -> bool:
    """A code cell the trainee writes an answer in."""
    return cell.get("cell_type") == "code" and is_solution(cell)


def is_written(cell) -> bool:
    """A written answer, graded by hand (markdown grade cell)."""
    return cell.get("cell_type") == "markdown" and is_grade(cell)


def points(cell) -> float:
    """The points of a graded cell (0 for any other)."""
    md = nbgrader_meta(cell) or {}
    return float(md.get("points", 0) or 0) if is_grade(cell) else 0.0


# --------------------------------------------------------------------------------- cells of a notebook
def tagged(cells: Iterable) -> list:
    """The cells that carry a grade_id, in order."""
    return [c for c in cells if grade_id(c) is not None]


def grade_ids(nb) -> list[str]:
    """Every grade_id of the notebook, in order (repeats included)."""
    return [grade_id(c) for c in tagged(nb.cells)]


def by_grade_id(nb) -> dict[str, nbformat.NotebookNode]:
    """grade_id -> cell (for a repeated grade_id: its last cell)."""
    return {grade_id(c): c for c in tagged(nb.cells)}


def index_of(nb, gid: str) -> int | None:
    """Position of the first cell with grade_id `gid`, or None."""
    return next((i for i, c in enumerate(nb.cells) if grade_id(c) == gid), None)


def answer_ids(nb) -> list[str]:
    """grade_ids of the code answer cells, in order."""
    return [grade_id(c) for c in tagged(nb.cells) if is_answer(c)]


def test_ids(nb) -> list[str]:
    """grade_ids of the auto-graded test cells, in order."""
    return [grade_id(c) for c in tagged(nb.cells) if is_test(c)]


test_ids.__test__ = False  # a helper, not a pytest test


def question_of(gid: str) -> str:
    """The question a grade_id belongs to: 'q2' for q2, q2_test, q2a_test; any other id is its own question."""
    m = QUESTION.match(gid)
    return m.group(1) if m else gid


# --------------------------------------------------------------------------------- hidden-test regions
def has_hidden(source: str, begin: str = BEGIN_HIDDEN) -> bool:
    """True if the source opens a hidden-test region."""
    return begin in source


def hidden_regions(source: str, begin: str = BEGIN_HIDDEN, end: str = END_HIDDEN) -> tuple[set[int], list[str]]:
    """The 1-based line numbers covered by hidden-test regions (delimiters included) and their code lines
    (stripped, blank lines left out). Lines are counted as IPython numbers them in a traceback."""
    numbers: set[int] = set()
    code: list[str] = []
    inside = False
    for i, line in enumerate(source.split("\n"), start=1):
        if begin in line:
            inside = True
            numbers.add(i)
        elif end in line:
            inside = False
            numbers.add(i)
        elif inside:
            numbers.add(i)
            if line.strip():
                code.append(line.strip())
    return numbers, code


def hidden_code(source: str) -> list[str]:
    """The code lines of the source's hidden-test regions, stripped."""
    return hidden_regions(source)[1]


def without_hidden(source: str) -> str:
    """The source without its hidden-test regions (what a release shows; the instructor's copy has them), with
    trailing blanks removed from each line and from both ends."""
    numbers, _code = hidden_regions(source)
    lines = source.split("\n")
    return "\n".join(line.rstrip() for i, line in enumerate(lines, start=1) if i not in numbers).strip()
