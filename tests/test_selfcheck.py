"""Self-checks: the engine (Choice, Numeric, Feedback, quiz and their widgets) and every question of every
lesson, reached through the one door `course.selfcheck.for_lesson`."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from collections import Counter

import nbformat
import pytest
from test_lessons_facts import executed

from course.selfcheck import Choice, Feedback, Numeric, for_lesson, quiz
from course.syllabus import LESSONS
from course.topics import churn, guests, promises

QUESTIONS = {m.number: for_lesson(m.number) for m in LESSONS}
ALL = [q for qs in QUESTIONS.values() for q in qs.values()]
CHOICES = [q for q in ALL if isinstance(q, Choice)]


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


# --- questions that cannot be passed without reading ---------------------------------------------------------

def test_the_right_option_is_neither_a_position_nor_a_length():
    """Across the course the right option is the longest (or the shortest) in at most a third of the choice
    questions, and no position holds more than 40% of the right answers."""
    lengths = [[len(o) for o in q.options] for q in CHOICES]
    longest = [q.id for q, n in zip(CHOICES, lengths, strict=True) if n[q.answer] == max(n)]
    shortest = [q.id for q, n in zip(CHOICES, lengths, strict=True) if n[q.answer] == min(n)]
    assert len(longest) <= len(CHOICES) / 3, f"the right option is the longest in {longest}"
    assert len(shortest) <= len(CHOICES) / 3, f"the right option is the shortest in {shortest}"
    position, n = Counter(q.answer for q in CHOICES).most_common(1)[0]
    assert n <= 0.4 * len(CHOICES), f"option {position} is right in {n} of {len(CHOICES)} questions"


def test_no_wrong_option_is_a_straw_man():
    """Distractors a reader rules out without the lesson are gone."""
    straw = re.compile(r"law requires|five languages|only applies to hotels|never occurs|is illegal|"
                       r"cost nothing to serve|too old|only work in western", re.IGNORECASE)
    found = [f"{q.id}: {o}" for q in CHOICES for i, o in enumerate(q.options) if i != q.answer and straw.search(o)]
    assert not found, found


_NUMBER = re.compile(r"(?<![\w.])[-−]?\d[\d,]*(?:\.\d+)?")


def shown_numbers(stem: str) -> set[float]:
    """Every number a reader sees in the executed lesson: its markdown, its code, and every output (markdown,
    text, tables, widget reprs)."""
    texts = []
    for c in executed(stem).cells:
        texts.append(c.source)
        for o in c.get("outputs", []):
            texts.append(str(o.get("text", "")))
            texts += [str(v) for k, v in o.get("data", {}).items() if k.startswith("text/")]
    text = html.unescape(re.sub(r"<[^>]+>", " ", "\n".join(texts)))
    found = set()
    for m in _NUMBER.finditer(text):
        try:
            found.add(float(m.group().replace(",", "").replace("−", "-")))
        except ValueError:
            continue
    return found


def test_shown_numbers_reads_tables_and_sentences():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("About 1,250 guests (12.5%).")])
    from test_lessons_facts import _CACHE

    _CACHE["_probe"] = nb
    try:
        assert {1250.0, 12.5} <= shown_numbers("_probe")
    finally:
        del _CACHE["_probe"]


NUMERIC = [(m, q) for m in LESSONS for q in QUESTIONS[m.number].values() if isinstance(q, Numeric)]


@pytest.mark.parametrize(("module", "q"), NUMERIC, ids=[q.id for _, q in NUMERIC])
def test_numeric_answer_is_not_printed_in_the_lesson(module, q):
    """A numeric self-check needs a step of reasoning: no number the executed lesson shows would pass it (for a
    percentage, neither would a share printed as a fraction)."""
    seen = shown_numbers(module.id)
    if q.unit == "%":
        seen |= {100 * x for x in seen if 0 < abs(x) <= 1}
    passing = sorted(x for x in seen if q.check(x).correct)
    assert not passing, f"{q.id}: the lesson shows {passing}, which would pass as the answer {q.answer}"


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
    passed = done[done["transfers"] >= 1]
    rate = 100 * (passed["resolved_hours"] > passed["promised_hours"]).mean()
    q = for_lesson(1, tickets=tickets)["1-4"]
    assert q == QUESTIONS[1]["1-4"] and q.answer == pytest.approx(rate, abs=0.05)
    rows = promises.breach_rates(tickets, "transfers").drop(index="0")
    unweighted = 100 * rows["breach_rate"].mean()
    by_rows = 100 * (rows["breach_rate"].round(2) * rows["tickets"]).sum() / rows["tickets"].sum()
    assert q.check(by_rows).correct, "combining the printed (rounded) rows must pass"
    assert "plain average" in q.check(unweighted).message
    assert "Too low" in q.check(100 * rows.loc["1", "breach_rate"]).message

    seat = guests.prediction_hit_rate(stays, "seat")
    extra = seat["stays_tested"] * (seat["record_hit_rate"] - seat["popular_hit_rate"])
    q3 = for_lesson(3, stays=stays)["3-3"]
    assert q3.answer == round(extra)
    printed = seat["stays_tested"] * (round(seat["record_hit_rate"], 2) - round(seat["popular_hit_rate"], 2))
    assert q3.check(printed).correct, "from the lesson's rounded percentages"
    assert not q3.check(seat["stays_tested"] * seat["record_hit_rate"]).correct

    table = churn.churn_by_channel(subscribers)
    more = 1000 * (table.loc["referral", "retained_12m"] - table.loc["price promotion", "retained_12m"])
    q7 = for_lesson(7, subscribers=subscribers)["7-5"]
    rounded = table["retained_12m"].round(2)
    assert q7.answer == round(more)
    assert q7.check(1000 * (rounded["referral"] - rounded["price promotion"])).correct
    assert not q7.check(1000 * table.loc["referral", "retained_12m"]).correct


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
    assert QUESTIONS[6]["6-2"].check("18,333").correct  # a CLV typed with a thousands separator
    assert not QUESTIONS[6]["6-2"].check("26,667").correct  # the worked example's CLV is not the answer


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
