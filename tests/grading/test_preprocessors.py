"""The course's nbgrader preprocessors (course.grading.preprocessors), cell by cell, without a kernel."""

from __future__ import annotations

import json

import nbformat
from nbgrader.utils import determine_grade

from course.grading.preprocessors import HIDDEN_FAILURE, CapOutputBytes, ForgiveStderr, HideHiddenTracebacks


def _grade_cell(source: str, outputs: list[dict]) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": "q1_test", "points": 2,
        "schema_version": 3}})
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    return cell


STDERR = {"output_type": "stream", "name": "stderr", "text": "FutureWarning: the default will change\n"}
STDOUT = {"output_type": "stream", "name": "stdout", "text": "✔ q1: visible checks passed\n"}
TEST_SOURCE = 'need("x")\nexpect_number(x, "x")\n### BEGIN HIDDEN TESTS\n_exp = 42\nassert x == _exp\n' \
              '### END HIDDEN TESTS\npassed("q1")'


def _error(line: int, evalue: str = "") -> dict:
    tb = ["\x1b[31m---------\x1b[39m", "\x1b[31mAssertionError\x1b[39m   Traceback (most recent call last)",
          f"\x1b[36mCell\x1b[39m\x1b[32mIn[3]\x1b[39m\x1b[32m, line {line}\x1b[39m\n"
          "      2 expect_number(x, \"x\")\n      3 ### BEGIN HIDDEN TESTS\n      4 _exp = 42\n"
          "----> 5 assert x == _exp", f"\x1b[31mAssertionError\x1b[39m: {evalue}"]
    return {"output_type": "error", "ename": "AssertionError", "evalue": evalue, "traceback": tb}


def test_forgive_stderr_keeps_points_for_warnings_only() -> None:
    warned = _grade_cell(TEST_SOURCE, [STDERR, STDOUT])
    assert determine_grade(warned)[0] == 0  # plain nbgrader: a warning costs all points
    warned, _ = ForgiveStderr().preprocess_cell(warned, {}, 0)
    assert determine_grade(warned)[0] == 2 and warned.outputs[0]["name"] == "stdout"

    failed = _grade_cell(TEST_SOURCE, [STDERR, _error(5)])
    failed, _ = ForgiveStderr().preprocess_cell(failed, {}, 0)
    assert determine_grade(failed)[0] == 0 and len(failed.outputs) == 2


def test_hidden_failures_become_a_neutral_message() -> None:
    cell = _grade_cell(TEST_SOURCE, [_error(5, "expected 42, got 41")])
    cell, _ = HideHiddenTracebacks().preprocess_cell(cell, {}, 0)
    out = cell.outputs[0]
    assert out["traceback"] == [HIDDEN_FAILURE] and out["evalue"] == HIDDEN_FAILURE
    assert "42" not in json.dumps(out)


def test_visible_failures_keep_their_message_but_lose_hidden_context() -> None:
    msg = "q1: `x` should be at least 0 but is -1."
    cell = _grade_cell(TEST_SOURCE, [_error(2, msg)])
    cell, _ = HideHiddenTracebacks().preprocess_cell(cell, {}, 0)
    text = "\n".join(cell.outputs[0]["traceback"])
    assert msg in text and "_exp" not in text and "HIDDEN" not in text


def test_unlocatable_tracebacks_that_quote_hidden_code_are_hidden() -> None:
    error = {"output_type": "error", "ename": "AssertionError", "evalue": "",
             "traceback": ["somewhere", "assert x == _exp"]}
    cell = _grade_cell(TEST_SOURCE, [error, {"output_type": "stream", "name": "stdout", "text": "_exp = 42\n"}])
    cell, _ = HideHiddenTracebacks().preprocess_cell(cell, {}, 0)
    assert cell.outputs[0]["traceback"] == [HIDDEN_FAILURE]
    assert "42" not in cell.outputs[1]["text"]


def test_output_cap_truncates_long_text_but_not_images():
    cell = nbformat.v4.new_code_cell("print()")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 5000),
                    nbformat.v4.new_output("display_data", data={"image/png": "A" * 5000,
                                                                 "text/plain": "y" * 5000})]
    cap = CapOutputBytes(max_bytes=1000)
    out, _ = cap.preprocess_cell(cell, {}, 0)
    assert len(out.outputs[0].text) < 1100 and "truncated" in out.outputs[0].text
    assert out.outputs[1].data["image/png"] == "A" * 5000
    assert len(out.outputs[1].data["text/plain"]) < 100

def test_images_beyond_the_cap_are_dropped():
    import nbformat

    from course.grading.preprocessors import CapOutputBytes

    cell = nbformat.v4.new_code_cell("plot()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "A" * 5000, "text/plain": "<Figure>"}),
                    nbformat.v4.new_output("display_data", data={"image/png": "B" * 5000})]
    cap = CapOutputBytes(max_image_bytes=6000)
    cap.preprocess_cell(cell, {}, 0)
    assert cell.outputs[0].data["image/png"] == "A" * 5000
    assert "image/png" not in cell.outputs[1].data and "over the cap" in cell.outputs[1].data["text/plain"]
