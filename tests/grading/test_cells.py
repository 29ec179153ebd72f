"""Cell parsing (course.grading.cells): nbgrader's own view of a cell, damaged metadata, hidden regions."""

from __future__ import annotations

import nbformat
import pytest
from nbgrader import utils
from support.course import REPO

from course.grading import cells

SOURCES = sorted((REPO / "solutions").glob("*/*.ipynb"))
SOURCE = "need('x')\n### BEGIN HIDDEN TESTS\n_exp = 42  \nassert x == _exp\n\n### END HIDDEN TESTS\npassed('q1')\n"


def _cell(kind: str = "code", **md) -> nbformat.NotebookNode:
    new = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    return new("x = 1", metadata={"nbgrader": md} if md else {})


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_kinds_of_cell_are_nbgraders_own(path):
    nb = nbformat.read(path, as_version=4)
    for c in nb.cells:
        assert cells.is_grade(c) == bool(utils.is_grade(c))
        assert cells.is_solution(c) == bool(utils.is_solution(c))
        assert cells.is_locked(c) == bool(utils.is_locked(c))
        assert cells.is_autograded(c) == (c.cell_type == "code" and bool(utils.is_grade(c)))
    assert cells.test_ids(nb) and all(cells.TEST_ID.match(g) for g in cells.test_ids(nb))
    assert cells.answer_ids(nb) == [g for g in cells.grade_ids(nb) if cells.QUESTION.fullmatch(g)]


def test_damaged_metadata_reads_as_an_ordinary_cell():
    for md in ({"nbgrader": {}}, {"nbgrader": "garbage"}, {"nbgrader": ["x"]}, {}):
        cell = {"cell_type": "code", "metadata": md, "source": "", "outputs": []}
        assert cells.grade_id(cell) is None and cells.nbgrader_meta(cell) in (None, {})
        assert not (cells.is_grade(cell) or cells.is_solution(cell) or cells.is_locked(cell))
    assert cells.grade_id(_cell(grade_id="q1", solution=True)) == "q1"


def test_kinds_and_points():
    test = _cell(grade=True, solution=False, locked=True, grade_id="q1_test", points=2)
    answer = _cell(grade=False, solution=True, locked=False, grade_id="q1")
    written = _cell("markdown", grade=True, solution=True, locked=False, grade_id="w1", points=3)
    assert cells.is_test(test) and not cells.is_answer(test) and cells.points(test) == 2.0
    assert cells.is_answer(answer) and not cells.is_test(answer) and cells.points(answer) == 0.0
    assert cells.is_written(written) and not cells.is_autograded(written) and cells.points(written) == 3.0
    nb = nbformat.v4.new_notebook(cells=[answer, test, written, _cell()])
    assert cells.grade_ids(nb) == ["q1", "q1_test", "w1"]
    assert (cells.answer_ids(nb), cells.test_ids(nb)) == (["q1"], ["q1_test"])
    assert cells.index_of(nb, "w1") == 2 and cells.index_of(nb, "q9") is None
    assert list(cells.by_grade_id(nb)) == ["q1", "q1_test", "w1"]


def test_hidden_regions_number_lines_as_ipython_does():
    numbers, code = cells.hidden_regions(SOURCE)
    assert numbers == {2, 3, 4, 5, 6}
    assert code == ["_exp = 42", "assert x == _exp"] == cells.hidden_code(SOURCE)
    assert cells.has_hidden(SOURCE) and not cells.has_hidden("passed('q1')")
    assert cells.without_hidden(SOURCE) == "need('x')\npassed('q1')"
    assert cells.without_hidden("a  \nb") == "a\nb"


@pytest.mark.parametrize("gid,question", [("q2", "q2"), ("q2_test", "q2"), ("q2a_test", "q2"), ("q12b_test", "q12"),
                                          ("w1", "w1"), ("intro", "intro")])
def test_question_of(gid, question):
    assert cells.question_of(gid) == question
