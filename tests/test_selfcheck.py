"""Self-checks: the engine (Choice, Numeric, Feedback, quiz and their widgets) and every question of every
lesson, reached through the one door `course.selfcheck.for_lesson`."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from course.selfcheck import Choice, Feedback, Numeric, for_lesson, quiz
from course.syllabus import LESSONS
from course.topics import churn, guests

QUESTIONS = {m.number: for_lesson(m.number) for m in LESSONS}
ALL = [q for qs in QUESTIONS.values() for q in qs.values()]


# --- every question of every lesson ---------------------------------------------------------------------------

def test_ids_are_unique_and_numbered_by_lesson():
    assert set(QUESTIONS) == set(range(9))
    for n, qs in QUESTIONS.items():
        assert qs, f"lesson {n} has no self-check"
        assert all(key == q.id for key, q in qs.items()), f"lesson {n}: a key differs from its question's id"
        assert all(re.fullmatch(rf"{n}-\d+", qid) for qid in qs), f"lesson {n}: ids {list(qs)}"
        assert [int(qid.split("-")[1]) for qid in qs] == list(range(1, len(qs) + 1)), f"lesson {n}: {list(qs)}"
        assert n == 0 or len(qs) >= 3, f"lesson {n} asks fewer than three questions"
    assert len({q.id for q in ALL}) == len(ALL)


@pytest.mark.parametrize("q", [q for q in ALL if isinstance(q, Choice)], ids=lambda q: q.id)
def test_choice_accepts_its_answer_and_explains_every_wrong_option(q):
    assert q.check(q.answer) == Feedback(True, q.why) == q.check(q.options[q.answer])
    others = set(range(len(q.options))) - {q.answer}
    assert set(q.wrong) == others, f"{q.id}: explain every wrong option"
    for i in others:
        assert q.check(i) == Feedback(False, q.wrong[i]) == q.check(q.options[i])
    explanations = [q.why, *q.wrong.values()]
    assert len(set(explanations)) == len(explanations), f"{q.id}: two options share an explanation"
    assert all(len(text) > 15 for text in explanations)


@pytest.mark.parametrize("q", [q for q in ALL if isinstance(q, Numeric)], ids=lambda q: q.id)
def test_numeric_accepts_its_answer_within_the_tolerance_only(q):
    assert q.check(q.answer) == Feedback(True, q.why) == q.check(str(q.answer))
    inside, outside = 0.999 * q.tolerance, 1.001 * q.tolerance + 1e-9
    assert q.check(q.answer - inside).correct and q.check(q.answer + inside).correct
    assert q.check(q.answer - outside) == Feedback(False, q.too_low)
    assert q.check(q.answer + outside) == Feedback(False, q.too_high)
    assert q.too_low != q.too_high and q.why not in (q.too_low, q.too_high)


def test_every_question_is_shown_in_its_lesson(root):
    for m in LESSONS:
        nb = json.loads((root / m.lesson).read_text(encoding="utf-8"))
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        assert f"for_lesson({m.number}" in code, f"{m.lesson} does not call for_lesson({m.number})"
        unseen = [qid for qid in QUESTIONS[m.number] if f'"{qid}"' not in code]
        assert not unseen, f"{m.lesson} never shows {unseen}"


def test_seed_questions_keep_their_seed_labels():
    assert "自检1-1" in QUESTIONS[1]["1-1"].prompt
    assert "自检2-1" in QUESTIONS[4]["4-3"].prompt  # the seed's self-check 2-1, asked in lesson 4


# --- questions computed from the data ---------------------------------------------------------------------------

def test_data_questions_are_computed_from_the_data(tickets, stays, subscribers):
    done = tickets[(tickets["status"] == "resolved") & (tickets["resolved_hours"] > 0)]
    bounced = done[done["transfers"] >= 2]
    rate = 100 * (bounced["resolved_hours"] > bounced["promised_hours"]).mean()
    q = for_lesson(1, tickets=tickets)["1-4"]
    assert q == QUESTIONS[1]["1-4"] and q.answer == pytest.approx(rate, abs=0.05)
    assert q.check(round(rate)).correct and "Too low" in q.check(40).message

    h = guests.visit_history(stays)
    years = h.loc[(h["guest_id"] == "G0001") & h["returning"], "years_since_last"].iloc[0]
    assert for_lesson(3, stays=stays)["3-3"].answer == round(years) == 3

    kept = churn.churn_by_channel(subscribers).loc["price promotion", "retained_12m"]
    assert for_lesson(7, subscribers=subscribers)["7-5"].answer == pytest.approx(100 * kept, abs=0.05)


def test_for_lesson_uses_the_table_it_is_given(tickets):
    all_broken = tickets.assign(promised_hours=0)      # every resolved ticket broke a zero-hour promise
    assert for_lesson(1, tickets=all_broken)["1-4"].answer == 100
    assert for_lesson("01-why-customers-complain", tickets=tickets)["1-4"] == QUESTIONS[1]["1-4"]


def test_for_lesson_refuses_unknown_lessons_and_tables(tickets):
    with pytest.raises(KeyError, match="no module 9"):
        for_lesson(9)
    with pytest.raises(TypeError, match="lesson 2's self-checks take no data, not tickets"):
        for_lesson(2, tickets=tickets)
    with pytest.raises(TypeError, match="take tickets, not stays"):
        for_lesson(1, stays=tickets)


def test_start_page_questions_load_neither_pandas_nor_data():
    """The start page runs in JupyterLite before pandas is there: its self-check must not need it."""
    code = ("import sys; from course.selfcheck import for_lesson; for_lesson(0)['0-1'].widget(); "
            "assert 'pandas' not in sys.modules, 'pandas was imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# --- the engine -----------------------------------------------------------------------------------------------

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
    assert QUESTIONS[6]["6-2"].check("26,667").correct  # a CLV typed with a thousands separator


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
