"""End to end in JupyterLab: what a trainee does on the first day, in a real Chromium against a real server.

Start page → run a lesson → play with its widget → answer a self-check → fill in an exercise answer and run its
visible test. Each test opens its notebook in a fresh browser context; one JupyterLab serves the session.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from labpage import (
    ROOT,
    cell_node,
    cells,
    command,
    errors,
    open_notebook,
    output_text,
    run_all,
    set_cell_source,
    shown_tracebacks,
    wait_cell_ran,
)

pytestmark = pytest.mark.browser

START = "lessons/00-start-here.ipynb"
LESSON1 = "lessons/01-why-customers-complain.ipynb"
ICEBERG = "lessons/02-complaint-iceberg.ipynb"
EXERCISE = "01-why-customers-complain"


def need(path: str) -> None:
    """Skip a test whose notebook is not written yet (the start page always exists)."""
    if not (ROOT / path).is_file():
        pytest.skip(f"{path} does not exist yet")


def test_start_page_opens(page, lab):
    """`course start` lands on the start page: its title and the module map are there, and a kernel is ready."""
    open_notebook(page, lab, START)
    assert "/lab/tree/lessons/00-start-here.ipynb" in lab.url(START)
    heading = page.locator(".jp-MarkdownOutput h1").first
    assert "Start here" in heading.inner_text()
    assert page.locator(".jp-MarkdownOutput", has_text="How the exercises work").count() >= 1


@pytest.mark.parametrize("path", [START, LESSON1])  # lesson 2 runs in full in test_iceberg_widget_responds
def test_lesson_runs_without_errors(page, lab, path):
    """Run → Run All Cells: every code cell runs, and no cell shows an error."""
    need(path)
    open_notebook(page, lab, path)
    result = run_all(page)
    assert errors(result) == [], f"{path}: cells raised errors"
    assert shown_tracebacks(page) == [], f"{path}: a traceback is shown on the page"
    code = [c for c in result if c["type"] == "code" and c["source"].strip()]
    assert code and all(c["count"] is not None for c in code), f"{path}: not every code cell ran"


def test_selfcheck_feedback_right_and_wrong(page, lab):
    """Pick a wrong answer → a 'wrong' explanation; pick the right one → 'correct' with the reason."""
    open_notebook(page, lab, START)
    run_all(page)
    quiz = page.locator(".course-selfcheck").first
    quiz.scroll_into_view_if_needed()
    quiz.get_by_text("In the exercises folder", exact=True).click()
    quiz.get_by_role("button", name="Check").click()
    wrong = quiz.locator(".course-feedback.wrong")
    wrong.wait_for()
    assert "Not quite" in wrong.inner_text()
    assert "assignments you hand in" in wrong.inner_text()
    assert quiz.locator(".course-feedback.ok").count() == 0

    quiz.get_by_text("In the course package, which the notebook calls", exact=True).click()
    quiz.get_by_role("button", name="Check").click()
    ok = quiz.locator(".course-feedback.ok")
    ok.wait_for()
    assert "Correct" in ok.inner_text()
    assert quiz.locator(".course-feedback.wrong").count() == 0


def drag_slider(page, slider, dx: float) -> None:
    """Drag a slider's handle sideways by dx pixels with the mouse, as a person would."""
    handle = slider.locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + dx * step / 10, y)
    page.mouse.up()


def test_iceberg_widget_responds(page, lab):
    """Lesson 2 runs without errors, and in its iceberg explorer moving a slider changes the summary."""
    need(ICEBERG)
    open_notebook(page, lab, ICEBERG)
    result = run_all(page)
    assert errors(result) == [], f"{ICEBERG}: cells raised errors"
    assert shown_tracebacks(page) == [], f"{ICEBERG}: a traceback is shown on the page"
    explorer = page.locator(".course-iceberg").first
    explorer.wait_for()
    explorer.scroll_into_view_if_needed()
    summary = explorer.locator(".course-summary")
    sliders = explorer.locator(".widget-slider")
    assert sliders.count() >= 1, "the iceberg explorer has no slider"
    before = summary.inner_text()
    slider = sliders.first
    readout = slider.locator(".widget-readout")
    value_before = readout.inner_text()
    width = slider.locator(".noUi-target").bounding_box()["width"]
    # Try right first; if the handle sits at the right end already, go left.
    drag_slider(page, slider, width * 0.3)
    if readout.inner_text() == value_before:
        drag_slider(page, slider, -width * 0.6)
    assert readout.inner_text() != value_before, "the slider did not move"
    page.wait_for_function("([el, t]) => el.innerText !== t", arg=[summary.element_handle(), before])
    assert summary.inner_text() != before


def released(exercise: str) -> tuple[str, nbformat.NotebookNode]:
    rel = f"exercises/{exercise}/{exercise}.ipynb"
    need(rel)
    return rel, nbformat.read(ROOT / rel, as_version=4)


def first_question(nb: nbformat.NotebookNode) -> tuple[int, int, str]:
    """Index of the first autograded answer cell, of the test cell after it, and the answer's grade_id."""
    for i, c in enumerate(nb.cells):
        meta = c.metadata.get("nbgrader", {})
        if c.cell_type == "code" and meta.get("solution") and "YOUR CODE HERE" in c.source:
            for j in range(i + 1, len(nb.cells)):
                if nb.cells[j].metadata.get("nbgrader", {}).get("grade") and nb.cells[j].cell_type == "code":
                    return i, j, meta["grade_id"]
    raise AssertionError("no answer cell with a test cell after it")


def solution_code(exercise: str, grade_id: str) -> str:
    """The instructor's answer for one cell, as a trainee would type it (without nbgrader's markers)."""
    path = ROOT / "solutions" / exercise / f"{exercise}.ipynb"
    if not path.is_file():
        pytest.skip(f"{path.relative_to(ROOT)} does not exist yet")
    nb = nbformat.read(path, as_version=4)
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            lines = [ln for ln in c.source.splitlines() if "BEGIN SOLUTION" not in ln and "END SOLUTION" not in ln]
            return "\n".join(lines).strip() + "\n"
    raise AssertionError(f"{path}: no cell with grade_id {grade_id}")


def test_exercise_answer_passes_visible_test(page, lab):
    """Fill in the first answer of exercise 01, run its visible test: the pass message shows."""
    rel, nb = released(EXERCISE)
    answer, test, grade_id = first_question(nb)
    code = solution_code(EXERCISE, grade_id)
    open_notebook(page, lab, rel)
    set_cell_source(page, answer, code)
    assert "NotImplementedError" not in cells(page)[answer]["source"]
    # Run everything above the test cell (setup and the answer), then the test cell itself with Shift+Enter.
    page.evaluate("(i) => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = i; }", test)
    command(page, "notebook:run-all-above")
    wait_cell_ran(page, answer, timeout=120_000)
    cell_node(page, test).locator(".jp-InputArea-prompt").click()
    page.keyboard.press("Shift+Enter")
    ran = wait_cell_ran(page, test)
    text = output_text(ran)
    assert errors(cells(page)[: test + 1]) == [], text
    assert re.search(r"✔ q\w+: visible checks passed", text), f"no pass message in the test cell's output: {text!r}"
    page.locator(".jp-OutputArea-output", has_text="visible checks passed").first.wait_for()


def test_exercise_unanswered_fails_visibly(page, lab):
    """The honest counterpart: the same visible test without an answer shows no pass message."""
    rel, nb = released(EXERCISE)
    answer, test, _ = first_question(nb)
    open_notebook(page, lab, rel)
    page.evaluate("(i) => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = i; }", test)
    command(page, "notebook:run-all-above")
    wait_cell_ran(page, answer, timeout=120_000)
    assert any("NotImplementedError" in e for e in errors(cells(page)[answer: answer + 1]))
    cell_node(page, test).locator(".jp-InputArea-prompt").click()
    page.keyboard.press("Shift+Enter")
    text = output_text(wait_cell_ran(page, test))
    assert "visible checks passed" not in text
    assert errors(cells(page)[test: test + 1]), f"the visible test should fail without an answer: {text!r}"


# The rendered extent of each option's text (a Range over the label, so text that overflows its label's box
# counts), and whether the label's box contains its own text.
OPTION_BOXES = """(quiz) => [...quiz.querySelectorAll('.widget-radio-box label')].map(label => {
  const range = document.createRange();
  range.selectNodeContents(label);
  const t = range.getBoundingClientRect(), b = label.getBoundingClientRect();
  return {text: label.textContent.trim(), top: t.top, bottom: t.bottom, left: t.left, right: t.right,
          inside: t.top >= b.top - 1 && t.bottom <= b.bottom + 1};
})"""


def test_selfcheck_options_do_not_overlap(page, lab):
    """Long options wrap onto several lines: in lesson 2, no two option labels of self-check 2-2 overlap, each
    label's box holds its whole text, and every option can still be clicked."""
    need(ICEBERG)
    open_notebook(page, lab, ICEBERG)
    run_all(page)
    quiz = page.locator(".course-selfcheck", has_text="Self-check 2-2").first
    quiz.wait_for()
    quiz.scroll_into_view_if_needed()
    boxes = quiz.evaluate(OPTION_BOXES)
    assert len(boxes) >= 3, f"self-check 2-2 shows {len(boxes)} options"
    assert all(b["bottom"] > b["top"] for b in boxes), "an option's text is not rendered"
    assert all(b["inside"] for b in boxes), f"an option's text overflows its label: {boxes}"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a["bottom"] <= b["top"] + 0.5 or b["bottom"] <= a["top"] + 0.5
            assert apart, f"options overlap on the page: {a['text']!r} and {b['text']!r}"
    for b in boxes:
        quiz.get_by_text(b["text"], exact=True).click()
        quiz.get_by_role("button", name="Check").click()
        quiz.locator(".course-feedback").wait_for()
