"""Self-check questions: the Choice/Numeric objects and their widgets, and every question the lessons show."""

from __future__ import annotations

import importlib

import pytest

from course.selfcheck import Choice, Feedback, Numeric, quiz

MODULES_WITH_QUESTIONS = ("promises", "servqual", "iceberg", "guests", "segmentation", "network", "profitability",
                          "churn", "triage")


def all_questions() -> list[Choice | Numeric]:
    qs = []
    for name in MODULES_WITH_QUESTIONS:
        mod = importlib.import_module(f"course.topics.{name}")
        found = mod.SELF_CHECKS if hasattr(mod, "SELF_CHECKS") else mod.self_checks()
        qs.extend(found.values())
    return qs


QUESTIONS = all_questions()


def test_every_lesson_has_at_least_three_questions():
    per_module = {}
    for q in QUESTIONS:
        per_module.setdefault(q.id.split("-")[0], []).append(q.id)
    assert set(per_module) == {str(i) for i in range(1, 9)}, per_module
    assert all(len(v) >= 3 for v in per_module.values()), per_module
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS), "question ids must be unique"


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.id)
def test_question_accepts_its_answer_and_explains_each_wrong_one(q):
    if isinstance(q, Choice):
        assert q.check(q.answer).correct and q.check(q.options[q.answer]).correct
        for i in range(len(q.options)):
            if i != q.answer:
                fb = q.check(i)
                assert not fb.correct and len(fb.message) > 15, f"{q.id}: option {i} needs an explanation"
    else:
        assert q.check(q.answer).correct and q.check(str(q.answer)).correct
        high = q.check(q.answer + 10 * q.tolerance + abs(q.answer) + 1)
        low = q.check(q.answer - 10 * q.tolerance - abs(q.answer) - 1)
        assert not high.correct and not low.correct and high.message == q.too_high and low.message == q.too_low


def test_choice_feedback_and_bad_input():
    q = Choice("x-1", "Pick B", ("A", "B"), answer=1, why="B is right.", wrong={0: "A misleads."})
    assert q.check(1) == Feedback(True, "B is right.")
    assert q.check("A") == Feedback(False, "A misleads.")
    assert "Pick one" in q.check(None).message
    assert "not one of the options" in q.check("C").message
    with pytest.raises(ValueError, match="outside the 2 options"):
        Choice("x-2", "?", ("A", "B"), answer=2, why="")


def test_numeric_parses_what_people_type():
    q = Numeric("x-3", "How many?", answer=1250.0, tolerance=5, why="Yes.")
    assert q.check("1,250").correct and q.check(" 1252 ").correct
    assert q.check("12.5%").message == "Too low."
    assert "not a number" in q.check("about a thousand").message
    assert "Type a number" in q.check("").message
    assert "NaN" in q.check(float("nan")).message


def test_widget_shows_feedback_on_check():
    q = Choice("x-4", "Pick B", ("A", "B"), answer=1, why="B is right.", wrong={0: "A misleads."})
    box = q.widget()
    assert "course-selfcheck" in box._dom_classes and box.feedback.value == ""
    box.control.value = "A"
    box.button.click()
    assert "wrong" in box.feedback.value and "A misleads." in box.feedback.value
    box.control.value = "B"
    box.button.click()
    assert "ok" in box.feedback.value and "B is right." in box.feedback.value
    n = Numeric("x-5", "2+2?", answer=4, tolerance=0, why="Four.").widget()
    n.control.value = "5"
    n.button.click()
    assert "Too high." in n.feedback.value
    assert len(quiz(q, Numeric("x-6", "?", 1, 0, "")).children) == 2
