"""The class report in Chromium: a small real class of assignment 01 (a right, an unanswered, an endless, a
wrong and a crashing submission) is graded with `course grade`, `course report` writes its page, and the page
shows the questions by title, the kinds of failure apart from wrong answers, and one row per trainee."""

from __future__ import annotations

import contextlib
import copy
import io
import sys
from pathlib import Path

import nbformat
import pytest
from browserkit import ROOT, SCREENSHOTS

sys.path.insert(0, str(ROOT / "tests"))
from support import synthetic  # noqa: E402
from support.course import has_assignment, make_course, solution_and_release  # noqa: E402

from course.cli import main  # noqa: E402
from course.grading import cells, feedback  # noqa: E402
from course.grading.sandbox import SandboxUnavailable, resolve_mode  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.nbgrader]
A = "01-why-customers-complain"


def run(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    assert code == 0, out.getvalue()
    return out.getvalue()


def wrong_first_answer(sol) -> bytes:
    """The solution with its first answer scaled down: the visible checks pass, a hidden test fails."""
    nb = copy.deepcopy(sol)
    setup = set().union(*(feedback._defined_names(c.source) for c in nb.cells
                          if c.cell_type == "code" and not cells.is_grade(c) and not cells.is_solution(c)))
    name = feedback.checked_names(cells.by_grade_id(nb)[cells.test_ids(nb)[0]].source, setup)[0]
    cells.by_grade_id(nb)[cells.answer_ids(nb)[0]].source += f"\n{name} = {name} * 0.9"
    return nbformat.writes(nb).encode("utf-8")


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> tuple[Path, dict[str, str], nbformat.NotebookNode]:
    if not has_assignment(A):
        pytest.skip(f"assignment {A} not present")
    root = make_course(tmp_path_factory.mktemp("report") / "course", A)
    sol, rel = synthetic.load_pair(*solution_and_release(A, root))
    sub = root / "_work" / "submitted"
    kinds = synthetic.make_class(sub, A, A, sol, rel, ["good", "blank", "loop", "crash"])
    synthetic.write_submission(sub, "s100-wrong", A, A, wrong_first_answer(sol))
    kinds["s100-wrong"] = "wrong"
    try:
        resolve_mode("auto")
        sandbox = []
    except SandboxUnavailable:
        sandbox = ["--sandbox", "none"]
    run("grade", A, "--root", str(root), "--workers", "2", "--timeout", "20", "--cell-timeout", "10",
        "--no-progress", *sandbox)
    run("report", A, "--root", str(root))
    return root / "_work" / "reports" / f"{A}.html", kinds, rel


def test_report_page_shows_titles_failure_kinds_and_trainees(page, report_page):
    html_path, kinds, rel = report_page
    page.goto(html_path.as_uri())
    page.locator("#questions").wait_for()

    titles = feedback.titles(rel)
    expected = []
    for gid in cells.test_ids(rel):
        if titles[gid] not in expected:
            expected.append(titles[gid])
    shown = page.locator("#questions tr[data-question] td.title").all_inner_texts()
    assert shown == expected

    def column(kind: str) -> dict[str, int]:
        rows = page.locator("#questions tr[data-question]")
        return {rows.nth(i).get_attribute("data-question"): int(rows.nth(i).locator(f"td.{kind}").inner_text())
                for i in range(rows.count())}

    first = cells.question_of(cells.test_ids(rel)[0])
    looped = cells.question_of(cells.answer_ids(rel)[1])
    assert column("blank")[first] >= 1  # the untouched release
    assert column("wrong")[first] >= 1  # the scaled first answer
    assert column("timeout")[looped] >= 1  # the endless loop in the second answer
    problems = page.locator(f"#problems li[data-question='{first}']").inner_text()
    assert f"{first}:" in problems and feedback.HIDDEN_FAILURE not in problems

    trainees = page.locator("#trainees tr[data-student]")
    assert sorted(trainees.evaluate_all("rows => rows.map(r => r.dataset.student)")) == sorted(kinds)
    crashed = next(s for s, k in kinds.items() if k == "crash")
    status = page.locator(f"#trainees tr[data-student='{crashed}'] td.status").inner_text()
    assert status.startswith("failed") and "kernel died" in status
    good = next(s for s, k in kinds.items() if k == "good")
    assert "graded" in page.locator(f"#trainees tr[data-student='{good}'] td.status").inner_text()
    assert page.locator("#written tr[data-written]").count() >= 1
    for img in ("#histogram", "#pass-rates"):
        assert page.locator(img).evaluate("i => i.complete && i.naturalWidth > 0")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "class-report.png"), full_page=True)
