"""The grading loop end to end on a small class of assignment 01: `course grade` writes feedback that teaches
(question titles, the hidden tests' own messages, time-outs and unanswered questions in plain words, no hidden
code), then the instructor grades the written answer in the gradebook (as the Formgrader does) and reruns
`course grade`: the unchanged submission is not regraded, but its feedback page and the CSV show the manual
score and the comment."""

from __future__ import annotations

import ast
import contextlib
import copy
import csv
import io
import json
import re
from pathlib import Path

import nbformat
import pytest
from support import synthetic
from support.course import has_assignment, make_course, sandbox_option, solution_and_release

from course.cli import main
from course.grading import cells, feedback

pytestmark = pytest.mark.nbgrader
A = "01-why-customers-complain"
FAST = ["--timeout", "20", "--cell-timeout", "10", "--no-progress", "--workers", "2"]
COMMENT = "Clear, polite and specific: well done."


def grade(root: Path) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["grade", A, "--root", str(root), *FAST, *sandbox_option()])
    assert code == 0, out.getvalue()
    return out.getvalue()


def rows(root: Path) -> dict[str, dict]:
    with open(root / "_work" / "grades" / f"{A}.csv", newline="", encoding="utf-8") as fh:
        return {r["student_id"]: r for r in csv.DictReader(fh)}


def page(root: Path, sid: str) -> str:
    return (root / "_work" / "feedback" / sid / A / f"{A}.html").read_text(encoding="utf-8")


def toc(html: str) -> str:
    return html[html.index('<div id="toc">'):html.index("</ol>", html.index('<div id="toc">'))]


def boxes(html: str) -> dict[str, str]:
    """grade_id -> the text of its feedback box."""
    found = re.findall(r'<div class="course-box [^"]*" id="course-([^"]+)">(.*?)</div>', html, re.S)
    return {gid: re.sub(r"<[^>]+>", "", body) for gid, body in found}


def wrong_first_answer(sol) -> tuple[bytes, str]:
    """The solution with its first answer scaled down: the visible checks still pass, a hidden test fails."""
    nb = copy.deepcopy(sol)
    first_test = cells.test_ids(nb)[0]
    provided = set().union(*(feedback._defined_names(c.source) for c in nb.cells
                             if c.cell_type == "code" and not cells.is_grade(c) and not cells.is_solution(c)))
    name = feedback.checked_names(cells.by_grade_id(nb)[first_test].source, provided)[0]
    answer = cells.by_grade_id(nb)[cells.answer_ids(nb)[0]]
    answer.source += f"\n{name} = {name} * 0.9"
    return nbformat.writes(nb).encode("utf-8"), first_test


def string_constants(source: str) -> set[str]:
    return {n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not has_assignment(A):
        pytest.skip(f"assignment {A} not present")
    root = make_course(tmp_path_factory.mktemp("loop") / "course", A)
    sol_path, rel_path = solution_and_release(A, root)
    sol, rel = synthetic.load_pair(sol_path, rel_path)
    sub = root / "_work" / "submitted"
    kinds = synthetic.make_class(sub, A, A, sol, rel, ["good", "partial", "loop"])
    data, first_test = wrong_first_answer(sol)
    synthetic.write_submission(sub, "s100-wrong", A, A, data)
    out = grade(root)
    return {"root": root, "kinds": kinds, "sol": sol, "rel": rel, "out": out, "first_test": first_test}


def test_feedback_names_questions_by_their_titles(graded):
    html = page(graded["root"], "s000-good")
    titles = feedback.titles(graded["rel"])
    contents = toc(html)
    assert "Test cell" not in contents and "Written response" not in contents
    for gid in cells.test_ids(graded["rel"]):
        assert feedback.label(gid, titles[gid]) in contents, gid
    assert titles["w1"].startswith("W1 ") and titles["w1"] in contents
    assert "white-space: pre-wrap" in html  # long error lines wrap


def test_feedback_never_shows_hidden_code(graded):
    release_text = json.dumps(nbformat.writes(graded["rel"]))
    hidden = {line for c in graded["sol"].cells if c.cell_type == "code" for line in cells.hidden_code(c.source)}
    secret = [line for line in hidden if len(line) >= 20 and line not in release_text]
    assert secret
    for sid in ("s000-good", "s002-loop", "s100-wrong", "s001-partial"):
        html = page(graded["root"], sid)
        assert "BEGIN HIDDEN TESTS" not in html and "_exp" not in html, sid
        assert not [line for line in secret if line in html], sid


def test_a_wrong_answer_reads_the_hidden_tests_own_message(graded):
    html = page(graded["root"], "s100-wrong")
    gid = graded["first_test"]
    box = boxes(html)[gid]
    assert "not right yet" in box and feedback.HIDDEN_FAILURE not in box
    source = cells.by_grade_id(graded["sol"])[gid].source
    message = box.split("recompute the answer from the data.")[-1].strip()
    assert message and any(message == m.strip() for m in string_constants(source)), box
    # the other questions are right
    assert all("passed" in b for g, b in boxes(html).items() if g != gid and g.endswith("_test"))


def test_unanswered_and_endless_questions_are_said_in_plain_words(graded):
    partial = boxes(page(graded["root"], "s001-partial"))
    tests = cells.test_ids(graded["rel"])
    assert "passed" in partial[tests[0]]
    assert all("not answered" in partial[g] and "NotImplementedError" in partial[g] for g in tests[1:])
    loop_html = page(graded["root"], "s002-loop")
    looped = boxes(loop_html)
    second = cells.question_of(cells.answer_ids(graded["rel"])[1])
    for gid in tests:
        if cells.question_of(gid) == second:
            assert "ran too long" in looped[gid] and "longer than 10 s" in looped[gid]
            assert "loop that never ends" in looped[gid]
    assert "No reply from kernel" not in loop_html


def test_a_manual_grade_and_comment_reach_feedback_and_csv_on_rerun(graded):
    from nbgrader.api import Gradebook

    root, sid = graded["root"], "s000-good"
    before = rows(root)[sid]
    with Gradebook(f"sqlite:///{root / '_work' / 'gradebook.db'}") as gb:
        w1_grade = gb.find_grade("w1", A, A, sid)
        points = float(w1_grade.max_score)
        w1_grade.manual_score = points
        gb.find_comment("w1", A, A, sid).manual_comment = COMMENT
        gb.db.commit()
    out = grade(root)
    assert "(0 this run, 4 unchanged" in out, out
    line = next(ln for ln in out.splitlines() if ln.startswith("feedback regenerated for 1 unchanged"))
    assert line.endswith(f": {sid}") and "Formgrader" in line, out
    after = rows(root)[sid]
    assert float(after["w1"]) == points
    assert float(after["score"]) == pytest.approx(float(before["score"]) + points)
    html = page(root, sid)
    assert COMMENT in html
    w1 = re.search(r'href="#w1">[^<]*</a> \(Score: ([\d.]+) / ([\d.]+)\)', toc(html))
    assert w1 and float(w1.group(1)) == points == float(w1.group(2))
    assert "graded by your instructor" in boxes(html)["w1"]
    assert f"Score: {float(after['score'])}" in html  # the page's total includes the manual points
    # nothing changed since: a rerun writes nothing again
    assert "feedback regenerated" not in grade(root)
