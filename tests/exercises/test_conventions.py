"""Static checks of every exercise's source notebook (no nbgrader run): structure, points, hints, clean cells."""

from __future__ import annotations

import nbformat
import pytest
from support.exercises import IDS, auto_tests, solution_path

from course.grading import cells


@pytest.mark.parametrize("aid", IDS)
def test_notebook_follows_the_conventions(aid: str) -> None:
    nb = nbformat.read(solution_path(aid), as_version=4)
    assert all(cells.grade_id(c) for c in nb.cells if "nbgrader" in c.metadata), f"{aid}: a cell has no grade_id"
    by_id = cells.by_grade_id(nb)
    assert list(by_id)[:2] == ["intro", "setup"], f"{aid}: first cells must be 'intro' and 'setup'"
    assert f'hints_for("{aid}")' in by_id["setup"].source
    tests = auto_tests(nb)
    questions = sorted({q for q, _ in tests.values()}, key=lambda q: int(q[1:]))
    auto_points = sum(p for _, p in tests.values())
    assert len(questions) >= 5 and auto_points >= 10, f"{aid}: too few auto-graded points"
    assert f"{auto_points:g} auto-graded" in by_id["intro"].source, f"{aid}: the intro must state the points"
    for q in questions:
        assert q in by_id and cells.is_solution(by_id[q]), f"{aid}: no answer cell {q}"
        assert f"{q}_text" in by_id, f"{aid}: no question text cell {q}_text"
        assert "### BEGIN SOLUTION" in by_id[q].source
    for gid in tests:
        assert f"### {cells.BEGIN_HIDDEN}" in by_id[gid].source, f"{aid} {gid}: no hidden tests"
        assert cells.nbgrader_meta(by_id[gid]).get("locked")
    manual = [g for g, c in by_id.items() if cells.is_written(c)]
    assert manual, f"{aid}: at least one manually graded written answer is needed"
    for cell in nb.cells:
        assert cell.get("outputs", []) == [] and cell.get("execution_count") is None, f"{aid}: commit clean cells"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("aid", IDS)
def test_every_question_has_a_hint(aid: str) -> None:
    from course.hints import load

    nb = nbformat.read(solution_path(aid), as_version=4)
    questions = {q for q, _ in auto_tests(nb).values()}
    questions |= {g for g, c in cells.by_grade_id(nb).items() if cells.is_written(c)}
    hints = load(aid)
    assert questions <= set(hints), f"{aid}: no hint for {sorted(questions - set(hints))}"
    for qid, text in hints.items():
        assert len(text) > 30, f"{aid} {qid}: write a real hint"
