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
