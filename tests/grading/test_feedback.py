"""What feedback says per question (course.grading.feedback and the feedback preprocessors), cell by cell,
without a kernel: titles from the question headings, the authored messages of hidden asserts kept, never the
hidden code or another exception's text, time-outs and crashes in plain words."""

from __future__ import annotations

import json

import nbformat
import pytest

from course.grading import feedback
from course.grading.preprocessors import HIDDEN_FAILURE, FeedbackStyle, HideHiddenTracebacks, QuestionFeedback

MESSAGE = "q1: not the 2025 total: add up the 2025 rows only."
TEST = ("from course.checks import expect_number, need, passed\n"      # 1
        "need('total', qid='q1')\n"                                     # 2
        "expect_number(total, 'total', lo=0, qid='q1')\n"               # 3
        "### BEGIN HIDDEN TESTS\n"                                      # 4
        "_secret = 4217.5\n"                                            # 5
        "_lookup = {'2025': _secret}\n"                                 # 6
        f"assert abs(total - _secret) > 1 or True, {MESSAGE!r}\n"       # 7
        "assert abs(total - _lookup['2025']) < 0.5, \\\n"               # 8
        f"    {MESSAGE!r}\n"                                            # 9
        "assert total != _secret * 2, f'q1: you counted {total:g} twice?'\n"   # 10
        "assert total > 0\n"                                            # 11
        "pd.testing.assert_series_equal(_got, _want)\n"                 # 12
        "### END HIDDEN TESTS\n"                                        # 13
        "passed('q1')")                                                 # 14


def error(line: int | None, evalue: str = "", ename: str = "AssertionError") -> dict:
    tb = ([f"Cell In[4], line {line}"] if line else []) + [f"\x1b[0;31m{ename}\x1b[0m: {evalue}"]
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": tb}


def notebook(test_outputs: list[dict], answer_outputs: list[dict] | None = None,
             answer: str = "total = 1") -> nbformat.NotebookNode:
    def meta(gid, **kw):
        return {"nbgrader": {"grade_id": gid, "schema_version": 3, "grade": False, "solution": False,
                             "locked": False, **kw}}

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Exercise 9: Totals", metadata=meta("intro", locked=True)),
        nbformat.v4.new_code_cell("import pandas as pd\nfrom course.datasets import load",
                                  metadata=meta("setup", locked=True)),
        nbformat.v4.new_markdown_cell("## Q1. The **2025** total (2 points)\n\nAdd it up.",
                                      metadata=meta("q1_text", locked=True)),
        nbformat.v4.new_code_cell(answer, metadata=meta("q1", solution=True)),
        nbformat.v4.new_code_cell(TEST, metadata=meta("q1_test", grade=True, locked=True, points=2)),
        nbformat.v4.new_markdown_cell("## Written answer w1 · Tell the manager (3 points, graded by hand)",
                                      metadata=meta("w1_text", locked=True)),
        nbformat.v4.new_markdown_cell("# My own heading\nYOUR ANSWER HERE",
                                      metadata=meta("w1", grade=True, solution=True, points=3)),
    ]
    nb.cells[3].outputs = [nbformat.from_dict(o) for o in (answer_outputs or [])]
    nb.cells[4].outputs = [nbformat.from_dict(o) for o in test_outputs]
    return nb


@pytest.mark.parametrize("heading, title", [
    ("## Q3. Revenue at risk by branch (3 points)", "Q3 Revenue at risk by branch"),
    ("## Question 2 · Herfindahl–Hirschman index (3 points)", "Q2 Herfindahl–Hirschman index"),
    ("## Written answer w1 · Memo to the managing director (5 points, graded by your instructor)",
     "W1 Memo to the managing director"),
    ("## W1. Reply to the customer (3 points, graded by your instructor)", "W1 Reply to the customer"),
    ("### Q4: **Who** resolves fast?", "Q4 Who resolves fast?"),
    ("# Exercise 1: Why customers complain", "Exercise 1: Why customers complain"),
    ("no heading here", None),
])
def test_heading_titles(heading, title):
    assert feedback.heading_title(heading + "\n\nbody") == title


def test_titles_come_from_the_question_above_and_never_from_a_trainee_answer():
    titles = feedback.titles(notebook([]))
    assert titles["q1_test"] == titles["q1"] == "Q1 The 2025 total"
    assert titles["w1"] == "W1 Tell the manager"  # not "My own heading", which the trainee wrote
    assert feedback.label("q2a_test", "Q2 Bounced") == "Q2 Bounced (part a)"


def test_an_authored_hidden_assert_message_is_kept_without_code_or_values():
    for line in (8, 9):  # a multi-line assert: either of its lines
        hidden, text = feedback.error_text(TEST, error(line, MESSAGE))
        assert hidden and text == MESSAGE
    hidden, text = feedback.error_text(TEST, error(10, "q1: you counted 8435 twice?"))  # f-string message
    assert text == "q1: you counted 8435 twice?"


@pytest.mark.parametrize("line, evalue, ename", [
    (11, "", "AssertionError"),                     # an assert without a message
    (11, "4217.5", "AssertionError"),               # ... whose output is not its message
    (8, "expected 4217.5, got 3", "AssertionError"),  # a message that is not the statement's own
    (12, "Series values are different: [left]: [3.0] [right]: [4217.5]", "AssertionError"),  # library assert
    (8, "'2025'", "KeyError"),
    (8, "name '_lookup' is not defined", "NameError"),
    (8, "could not convert string to float: '4217.5'", "ValueError"),
    (None, "_secret = 4217.5", "AssertionError"),   # cannot be located
])
def test_other_hidden_errors_become_plain_words(line, evalue, ename):
    hidden, text = feedback.error_text(TEST, error(line, evalue, ename))
    assert hidden
    assert "4217" not in text and "_secret" not in text and "_lookup" not in text and "2025" not in text
    if ename == "AssertionError":
        assert text == HIDDEN_FAILURE
    else:
        assert ename in text  # the kind of problem is named, in words


def test_visible_checks_keep_their_message():
    msg = "q1: `total` should be at least 0 but is -1."
    assert feedback.error_text(TEST, error(3, msg)) == (False, msg)


def test_timeouts_and_remote_functions_in_plain_words():
    hidden, text = feedback.error_text(TEST, error(None, "", "CellTimeoutError"), seconds=10)
    assert "longer than 10 s" in text and "loop" in text
    _h, text = feedback.error_text(TEST, error(8, "`total_of` raised KeyError: '2025-secret'", "RuntimeError"))
    assert "KeyError" in text and "secret" not in text


def test_results_tell_passed_wrong_blank_timeout_and_error_apart():
    def kind(nb):
        return {r.grade_id: r for r in feedback.results(nb, seconds=10)}["q1_test"]

    passed = kind(notebook([{"output_type": "stream", "name": "stdout", "text": "✔ q1: visible checks passed"}]))
    assert passed.kind == "passed" and passed.message == "" and passed.checked == ["total"] and passed.hidden
    assert passed.title == "Q1 The 2025 total" and passed.points == 2
    wrong = kind(notebook([error(9, MESSAGE)]))
    assert (wrong.kind, wrong.message) == ("wrong", MESSAGE)
    blank = kind(notebook([error(2, "q1: you have not defined `total` yet")],
                          [error(2, "", "NotImplementedError")], answer="raise NotImplementedError()"))
    assert blank.kind == "blank" and "Not answered" in blank.message
    slow = kind(notebook([error(2, "not defined")], [error(1, "", "KeyboardInterrupt"),
                                                       error(None, "", "CellTimeoutError")]))
    assert slow.kind == "timeout" and "longer than 10 s" in slow.message
    crash = kind(notebook([error(2, "not defined")], [error(1, "division by zero", "ZeroDivisionError")]))
    assert crash.kind == "error" and "ZeroDivisionError" in crash.message
    broken = kind(notebook([error(8, "'2025'", "KeyError")]))
    assert broken.kind == "error" and "2025" not in broken.message
    written = {r.grade_id: r for r in feedback.results(notebook([]))}["w1"]
    assert (written.kind, written.title, written.points) == ("written", "W1 Tell the manager", 3)


def test_feedback_preprocessors_leave_only_safe_words_in_the_notebook():
    nb = notebook([error(8, "'2025'", "KeyError"), error(9, MESSAGE)],
                  [error(None, "", "CellTimeoutError")])
    nb, res = QuestionFeedback().preprocess(nb, {})
    nb, res = HideHiddenTracebacks().preprocess(nb, res)
    test = nb.cells[4]
    fb = test.metadata["course"]["feedback"]
    assert fb["label"] == "Q1 The 2025 total" and fb["kind"] == "timeout" and fb["verdict"]
    assert [o["evalue"] for o in test.outputs][1] == MESSAGE
    text = json.dumps(test.outputs)
    assert "'2025'" not in text and "_lookup" not in text and "Cell In" not in text
    answer = nb.cells[3].outputs[0]
    assert "loop that never ends" in answer["evalue"] and "time limit" in answer["traceback"][0].lower()
    nb, res = FeedbackStyle().preprocess(nb, {"inlining": {"css": ["pygments"]}})
    assert res["inlining"]["css"][0] == "pygments" and "pre-wrap" in res["inlining"]["css"][1]
