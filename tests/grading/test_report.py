"""The class-report statistics of `course report` (course.grading.report), on hand-made grade rows."""

from __future__ import annotations

import pytest

from course.grading import report

A = "01-why-customers-complain"
ROWS = [
    {"student_id": "a", "status": "graded", "percent": 100.0, "q1_test": 1, "q2a_test": 1, "q2b_test": 1},
    {"student_id": "b", "status": "graded", "percent": 50.0, "q1_test": 1, "q2a_test": 1, "q2b_test": 0},
    {"student_id": "c", "status": "graded", "percent": 0.0, "q1_test": 0, "q2a_test": 0, "q2b_test": 0},
    {"student_id": "d", "status": "failed", "percent": None, "reason": "not valid JSON"},
]
CELLS = [("q1_test", 1.0, True), ("q2a_test", 1.0, True), ("q2b_test", 1.0, True), ("w1", 3.0, False)]


def test_question_stats_group_parts_and_count_full_marks_only():
    stats = {s.question: s for s in report.question_stats(ROWS, CELLS)}
    assert set(stats) == {"q1", "q2"}  # w1 is manually graded: not a pass-rate question
    assert (stats["q1"].passed, stats["q1"].graded) == (2, 3)
    assert stats["q2"].passed == 1  # b has only half of q2
    assert stats["q2"].mean_share == pytest.approx((1 + 0.5 + 0) / 3)
    assert [s.question for s in report.hardest(list(stats.values()))] == ["q2", "q1"]


def test_histogram_puts_full_marks_in_the_last_bin():
    assert report.histogram(ROWS) == [1, 0, 0, 0, 0, 1, 0, 0, 0, 1]


def test_text_report_lists_failures_and_hardest():
    text = report.text_report(A, ROWS, report.question_stats(ROWS, CELLS))
    assert "hardest questions: q2 (33% passed), q1 (67% passed)" in text
    assert "d: failed - not valid JSON" in text


# A class as `course report` sees it: titles from the source notebook, and how each trainee's autograded
# notebook went per test cell (course.grading.feedback.Result).
TITLES = {"q1_test": "Q1 The 2025 total", "q2a_test": "Q2 Bounced between departments",
          "q2b_test": "Q2 Bounced between departments", "w1": "W1 Tell the manager"}
WRONG = "q1: not the 2025 total: add up the 2025 rows only."


def result(gid: str, kind: str, message: str = ""):
    from course.grading.feedback import Result, label

    return Result(gid, gid[:2], TITLES[gid], label(gid, TITLES[gid]), kind, message)


CLASS = [
    {"student_id": "a", "display_name": "Amy Wang", "late": "no", "status": "graded", "score": 6.0,
     "max_score": 6.0, "percent": 100.0, "needs_manual_grade": False, "q1_test": 1, "q2a_test": 1,
     "q2b_test": 1, "w1": 3, "flags": ""},
    {"student_id": "b", "display_name": "Ben Li", "late": "yes", "status": "graded", "score": 2.0,
     "max_score": 6.0, "percent": 33.3, "needs_manual_grade": False, "q1_test": 0, "q2a_test": 1,
     "q2b_test": 0, "w1": 1, "flags": "redefines the built-in `abs`"},
    {"student_id": "c", "display_name": "Chen Jing", "late": "", "status": "graded", "score": 0.0,
     "max_score": 6.0, "percent": 0.0, "needs_manual_grade": True, "q1_test": 0, "q2a_test": 0,
     "q2b_test": 0, "w1": 0, "flags": ""},
    {"student_id": "d", "display_name": "Dai Wei", "late": "no", "status": "graded", "score": 0.0,
     "max_score": 6.0, "percent": 0.0, "needs_manual_grade": True, "q1_test": 0, "q2a_test": 0,
     "q2b_test": 0, "w1": 0, "flags": ""},
    {"student_id": "e", "display_name": "Eve", "late": "", "status": "failed", "score": None, "max_score": None,
     "percent": None, "reason": "the kernel died while running the notebook"},
]
OUTCOMES = {
    "a": {g: result(g, "passed") for g in ("q1_test", "q2a_test", "q2b_test")},
    "b": {"q1_test": result("q1_test", "wrong", WRONG), "q2a_test": result("q2a_test", "passed"),
          "q2b_test": result("q2b_test", "error", "A hidden test could not find a label it needs (KeyError).")},
    "c": {g: result(g, "blank", "Not answered") for g in ("q1_test", "q2a_test", "q2b_test")},
    "d": {"q1_test": result("q1_test", "wrong", WRONG), "q2a_test": result("q2a_test", "timeout", "ran long"),
          "q2b_test": result("q2b_test", "timeout", "ran long")},
}


def class_report():
    stats = report.question_stats(CLASS, CELLS[:3] + [("w1", 3.0, False)], TITLES, OUTCOMES)
    written = report.written_stats(CLASS, CELLS[:3] + [("w1", 3.0, False)], TITLES)
    return stats, written


def test_questions_carry_titles_and_failure_kinds_apart_from_wrong_answers():
    stats, _ = class_report()
    q1, q2 = stats
    assert (q1.title, q2.title) == ("Q1 The 2025 total", "Q2 Bounced between departments")
    assert q1.outcomes == {"passed": 1, "wrong": 2, "blank": 1, "timeout": 0, "error": 0}
    assert q2.outcomes == {"passed": 1, "wrong": 0, "blank": 1, "timeout": 1, "error": 1}
    assert q1.problems == [(WRONG, 2)]  # the most common message first, with its count
    assert q2.problems == [("q2b: A hidden test could not find a label it needs (KeyError).", 1)]


def test_written_answers_count_the_ungraded_apart():
    _, (w1,) = class_report()
    assert (w1.title, w1.max_points, w1.pending) == ("W1 Tell the manager", 3.0, 2)
    assert w1.distribution == [(1.0, 1), (3.0, 1)] and w1.mean == 2.0


def test_text_report_has_titles_kinds_written_answers_and_every_trainee():
    stats, written = class_report()
    text = report.text_report(A, CLASS, stats, written)
    assert "hardest questions: Q1 The 2025 total (25% passed), Q2 Bounced between departments (25% passed)" in text
    line = next(ln for ln in text.splitlines() if ln.startswith("Q2 Bounced"))
    assert line.split()[-4:] == ["0", "1", "1", "1"]  # wrong, blank, timeout, error
    assert f"2 x  {WRONG}" in text
    assert "W1 Tell the manager (3 points): graded 2, still to grade 2; scores 1 pt: 1, 3 pt: 1, mean 2.0" in text
    for name in ("Amy Wang", "Ben Li", "Chen Jing", "Dai Wei", "Eve"):
        assert name in text
    assert "flags: redefines the built-in `abs`" in text and "failed: the kernel died" in text


def test_html_report_tables_and_integer_histogram(monkeypatch):
    stats, written = class_report()
    page = report.html_report(A, CLASS, stats, written)
    assert page.count("data:image/png;base64,") == 2
    for table in ('id="questions"', 'id="problems"', 'id="written"', 'id="trainees"', 'id="not-graded"'):
        assert table in page
    assert page.count('<tr data-student="') == len(CLASS)
    assert '<td class="title">Q1 The 2025 total</td>' in page

    import matplotlib.axes

    seen = []
    original = matplotlib.axes.Axes.set_ylabel

    def spy(ax, label, *a, **k):
        seen.append(ax)
        return original(ax, label, *a, **k)

    monkeypatch.setattr(matplotlib.axes.Axes, "set_ylabel", spy)
    report.charts(A, CLASS, stats)
    ticks = seen[0].get_yticks()
    assert all(float(t).is_integer() for t in ticks)  # whole trainees on the count axis


def test_the_report_in_chinese_with_each_trainees_edition():
    from course import i18n

    rows = [dict(r, edition="zh" if r["student_id"] in ("b", "c") else ("en" if r["status"] == "graded" else ""))
            for r in CLASS]
    stats, written = class_report()
    english = report.text_report(A, rows, stats, written)
    assert "editions handed in: English 2, Chinese 2" in english
    assert next(ln for ln in english.splitlines() if "Ben Li" in ln).split()[6] == "Chinese"
    with i18n.language("zh"):
        text = report.text_report(A, rows, stats, written)
        page = report.html_report(A, rows, stats, written)
    assert text.startswith("班级报告：") and "提交的版本：英文版 2，中文版 2" in text and "最难的题目：" in text
    assert '<html lang="zh-CN">' in page and "<h2>学员</h2>" in page
    assert '<tr data-student="b" class="graded" data-edition="zh">' in page
    assert "Class report" not in text and "hardest questions" not in text
