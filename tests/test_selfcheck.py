"""Self-checks: the engine (Choice, Numeric, Feedback, quiz and their widgets) and every question of every
lesson, reached through the one door `course.selfcheck.for_lesson`, in both editions (English and 中文)."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pytest
from test_lessons_facts import executed

from course import i18n
from course.selfcheck import Choice, Feedback, Numeric, for_lesson, quiz
from course.syllabus import LESSONS
from course.topics import churn, guests, promises

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "zh")

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


SHORTEST = {"en": 15, "zh": 6}
"""An explanation shorter than this (characters) teaches nothing; Chinese says as much in about a third."""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("q", [q for q in ALL if isinstance(q, Choice)], ids=lambda q: q.id)
def test_choice_accepts_its_answer_and_explains_every_wrong_option(q, lang):
    with i18n.language(lang):
        labels = q.shown_options()
        assert q.check(q.answer) == Feedback(True, q.shown(q.why)) == q.check(labels[q.answer])
        assert q.check(q.options[q.answer]).correct, "the English text of an option is accepted in any edition"
        others = set(range(len(q.options))) - {q.answer}
        assert set(q.wrong) == others, f"{q.id}: explain every wrong option"
        for i in others:
            assert q.check(i) == Feedback(False, q.shown(q.wrong[i])) == q.check(labels[i])
        explanations = [q.shown(q.why), *(q.shown(w) for w in q.wrong.values())]
        assert len(set(explanations)) == len(explanations), f"{q.id} ({lang}): two options share an explanation"
        assert len(set(labels)) == len(labels), f"{q.id} ({lang}): two options read the same"
        assert all(len(text) > SHORTEST[lang] for text in explanations), f"{q.id} ({lang}): {explanations}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("q", [q for q in ALL if isinstance(q, Numeric)], ids=lambda q: q.id)
def test_numeric_accepts_its_answer_within_the_tolerance_only(q, lang):
    with i18n.language(lang):
        assert q.check(q.answer) == Feedback(True, q.shown(q.why)) == q.check(str(q.answer))
        inside, outside = 0.999 * q.tolerance, 1.001 * q.tolerance + 1e-9
        assert q.check(q.answer - inside).correct and q.check(q.answer + inside).correct
        assert q.check(q.answer - outside) == Feedback(False, q.shown(q.too_low))
        assert q.check(q.answer + outside) == Feedback(False, q.shown(q.too_high))
        texts = q.shown(q.why), q.shown(q.too_low), q.shown(q.too_high)
        assert len(set(texts)) == 3 and all(len(t) > SHORTEST[lang] for t in texts), f"{q.id} ({lang}): {texts}"


# --- questions that cannot be passed without reading ---------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_right_option_is_neither_a_position_nor_a_length(lang):
    """Across the course the right option is the longest (or the shortest) in at most a third of the choice
    questions, and no position holds more than 40% of the right answers. Lengths are counted in characters of
    the text the trainee reads, so the Chinese options are measured as Chinese."""
    with i18n.language(lang):
        lengths = [[len(o) for o in q.shown_options()] for q in CHOICES]
    longest = [q.id for q, n in zip(CHOICES, lengths, strict=True) if n[q.answer] == max(n)]
    shortest = [q.id for q, n in zip(CHOICES, lengths, strict=True) if n[q.answer] == min(n)]
    assert len(longest) <= len(CHOICES) / 3, f"{lang}: the right option is the longest in {longest}"
    assert len(shortest) <= len(CHOICES) / 3, f"{lang}: the right option is the shortest in {shortest}"
    position, n = Counter(q.answer for q in CHOICES).most_common(1)[0]
    assert n <= 0.4 * len(CHOICES), f"option {position} is right in {n} of {len(CHOICES)} questions"


STRAW = {"en": re.compile(r"law requires|five languages|only applies to hotels|never occurs|is illegal|"
                          r"cost nothing to serve|too old|only work in western", re.IGNORECASE),
         "zh": re.compile(r"法律规定|法律要求|五种语言|只适用于酒店|从不发生|违法|服务成本为零|太老了|只在西方")}


@pytest.mark.parametrize("lang", LANGS)
def test_no_wrong_option_is_a_straw_man(lang):
    """Distractors a reader rules out without the lesson are gone, in either edition."""
    with i18n.language(lang):
        found = [f"{q.id}: {o}" for q in CHOICES for i, o in enumerate(q.shown_options())
                 if i != q.answer and STRAW[lang].search(o)]
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


def zh_lesson(module) -> str | None:
    """The stem of the Chinese edition of a lesson, relative to lessons/ ('zh/01-...'), once it exists."""
    return f"zh/{module.id}" if (ROOT / "lessons" / "zh" / f"{module.id}.ipynb").exists() else None


NUMERIC = [(m.id, q) for m in LESSONS for q in QUESTIONS[m.number].values() if isinstance(q, Numeric)]
NUMERIC += [(zh_lesson(m), q) for m in LESSONS for q in QUESTIONS[m.number].values()
            if isinstance(q, Numeric) and zh_lesson(m)]


@pytest.mark.parametrize(("stem", "q"), NUMERIC, ids=[f"{s}:{q.id}" for s, q in NUMERIC])
def test_numeric_answer_is_not_printed_in_the_lesson(stem, q):
    """A numeric self-check needs a step of reasoning: no number the executed lesson (either edition) shows
    would pass it (for a percentage, neither would a share printed as a fraction)."""
    seen = shown_numbers(stem)
    if q.unit == "%":
        seen |= {100 * x for x in seen if 0 < abs(x) <= 1}
    passing = sorted(x for x in seen if q.check(x).correct)
    assert not passing, f"{q.id}: lessons/{stem}.ipynb shows {passing}, which would pass as the answer {q.answer}"


def test_every_question_is_shown_in_its_lesson(root):
    for m in LESSONS:
        for path in (root / m.lesson, root / "lessons" / "zh" / f"{m.id}.ipynb"):
            if not path.exists():  # a Chinese edition not written yet
                continue
            nb = json.loads(path.read_text(encoding="utf-8"))
            code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
            where = path.relative_to(root)
            assert f"for_lesson({m.number}" in code, f"{where} does not call for_lesson({m.number})"
            unseen = [qid for qid in QUESTIONS[m.number] if f'"{qid}"' not in code]
            assert not unseen, f"{where} never shows {unseen}"


@pytest.mark.parametrize("lang", LANGS)
def test_seed_questions_keep_their_seed_labels(lang):
    with i18n.language(lang):
        assert "自检1-1" in QUESTIONS[1]["1-1"].shown(QUESTIONS[1]["1-1"].prompt)
        assert "自检2-1" in QUESTIONS[4]["4-3"].shown(QUESTIONS[4]["4-3"].prompt)  # the seed's 2-1, in lesson 4


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


# --- the Chinese edition ----------------------------------------------------------------------------------------

ALLOWED = {"SERVQUAL", "CRM", "HHI", "CLV", "RFM", "TARP", "NaN", "IVR", "ATM", "SMS", "B2B", "B2C", "REL1", "P",
           "E", "m", "r", "i", "CNY", "USD"}
"""Latin words a Chinese text may keep: the acronyms a trainee meets in the field and the letters of formulas."""

_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9_'’.&-]*")


def english_runs(text: str, allowed: set[str] = ALLOWED, n: int = 3) -> list[str]:
    """Every run of `n` or more Latin words in a row (apart only by spaces or ASCII , ; :) outside `allowed`:
    the trace of an English sentence left in a Chinese text. Names joined by Chinese punctuation ('Kim、Singh 和
    Winer') and code names (`retained_12m`, `course.datasets.load('stays')`) are not runs."""
    runs, current, last_end = [], [], None
    for m in _WORDS.finditer(text):
        word = m.group().rstrip(".")
        joined = last_end is not None and re.fullmatch(r"[\s,;:]+", text[last_end:m.start()])
        if not joined or word in allowed:
            if len(current) >= n:
                runs.append(" ".join(current))
            current = []
        if word not in allowed:
            current.append(word)
        last_end = m.end()
    if len(current) >= n:
        runs.append(" ".join(current))
    return runs


def test_english_runs_finds_a_left_over_sentence():
    assert english_runs("偏低:Combine the rows 1, 2 and 3+.") == ["Combine the rows"]
    assert english_runs("Kim、Singh 和 Winer(2017)在 22 个品类中") == []
    assert english_runs("按 SERVQUAL 的服务质量差距模型") == []
    assert english_runs("请用 course.datasets.load('stays') 加载") == []
    assert english_runs("Too low, try again") == ["Too low try again"]
    assert english_runs("用 SERVQUAL gap is big 来衡量") == ["gap is big"]


def _plain(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", " ", html_text, flags=re.S)))


def rendered(q) -> list[str]:
    """Everything the trainee can read of a question's widget in the language in use: the prompt, the options,
    the button, the placeholder, and the feedback after each possible answer (right, each wrong one, too low,
    too high, nothing, nonsense)."""
    box = q.widget()
    texts = [_plain(box.children[0].value), box.button.description]
    if isinstance(q, Choice):
        texts += list(box.control.options)
        answers = [*box.control.options, None]
    else:
        texts.append(box.control.placeholder)
        answers = [str(q.answer), str(q.answer - 2 * q.tolerance - 1), str(q.answer + 2 * q.tolerance + 1), "", "x"]
    for a in answers:
        box.control.value = a
        box.button.click()
        texts.append(_plain(box.feedback.value))
    return texts


@pytest.mark.parametrize("q", ALL, ids=lambda q: q.id)
def test_every_self_check_renders_in_chinese(q):
    """With the language set to zh, nothing a trainee reads in a self-check is an English sentence."""
    with i18n.language("zh"):
        texts = rendered(q)
    han = re.compile(r"[\u4e00-\u9fff]")
    assert all(han.search(t) for t in texts if t.strip() and not t.strip().isdigit()), \
        f"{q.id}: a text without Chinese: {[t for t in texts if not han.search(t)]}"
    left = {t: runs for t in texts if (runs := english_runs(t))}
    assert not left, f"{q.id}: English left in the Chinese self-check (translate it in selfcheck.po): {left}"


@pytest.mark.parametrize("q", ALL, ids=lambda q: q.id)
def test_every_self_check_renders_its_english_unchanged(q):
    """In English the widget shows the question's own texts, exactly as before the Chinese edition."""
    with i18n.language("en"):
        box = q.widget()
        assert box.children[0].value.endswith(f"<b>Self-check {q.id}.</b> {html.escape(q.prompt)}")
        assert box.button.description == "Check" and "course-lang-en" in box._dom_classes
        if isinstance(q, Choice):
            assert tuple(box.control.options) == q.options
            box.control.value = q.options[q.answer]
        else:
            assert box.control.placeholder == (f"your answer in {q.unit}" if q.unit else "your answer")
            box.control.value = str(q.answer)
        box.button.click()
        assert "✔ Correct." in box.feedback.value
        assert html.escape(q.why if not q.fill else q.why.format(**q.fill)) in box.feedback.value


def test_computed_texts_are_filled_after_translating(tickets, stays, subscribers):
    """The figures of data-computed questions go into the translated text; English reads as it always did."""
    q = for_lesson(1, tickets=tickets)["1-4"]
    rate = q.fill["rate"]
    with i18n.language("en"):
        assert q.check(q.answer).message.startswith(f"{rate:.1%}: weight each row's breach rate")
    with i18n.language("zh"):
        assert q.check(q.answer).message.startswith(f"{rate:.1%}\uff1a用每一行的工单数")
    for q, key in ((for_lesson(3, stays=stays)["3-3"], "extra"), (for_lesson(7, subscribers=subscribers)["7-5"], "more")):
        value = f"{q.fill[key]:.0f}"
        with i18n.language("en"):
            assert q.check(q.answer).message.startswith(f"About {value}:")
        with i18n.language("zh"):
            assert q.check(q.answer).message.startswith(f"约 {value} ")


def test_chinese_data_gives_the_same_answers(tickets, tickets_zh, stays, stays_zh):
    """The Chinese variant of a table has the same rows and numbers: its self-checks have the same answers."""
    with i18n.language("zh"):
        assert for_lesson(1, tickets=tickets_zh)["1-4"].answer == for_lesson(1, tickets=tickets)["1-4"].answer
        assert for_lesson(3, stays=stays_zh)["3-3"].answer == for_lesson(3, stays=stays)["3-3"].answer


def test_the_widget_speaks_the_language_in_use_when_drawn():
    """Questions made in one language are drawn in whichever language is in use when the widget is drawn, and
    the feedback follows the language in use when Check is pressed."""
    with i18n.language("en"):
        q = for_lesson(2)["2-2"]
    with i18n.language("zh"):
        box = q.widget()
        assert "自检题 2-2" in box.children[0].value and box.button.description == "核对答案"
        assert "course-lang-zh" in box._dom_classes
        box.control.value = box.control.options[q.answer]
        box.button.click()
        assert "回答正确" in box.feedback.value
    with i18n.language("en"):
        assert "Self-check 2-2" in q.widget().children[0].value
        box.button.click()
        assert "Correct." in box.feedback.value and "4% (1 in 27)" in box.feedback.value


def test_numeric_reads_what_chinese_trainees_type():
    q = for_lesson(2)["2-1"]
    with i18n.language("zh"):
        assert q.check("７２０").correct and q.check("720 人").correct and q.check("720人").correct
        assert q.check("").message.startswith("请先输入一个数字")
        assert "不是数字" in q.check("七百二十").message
        assert q.widget().control.placeholder == "你的答案\uff08单位\uff1a人\uff09"
    percent = for_lesson(8)["8-4"]
    assert percent.check("55.3％").correct and percent.check("55.3%").correct


def test_for_lesson_errors_speak_the_language_in_use(tickets):
    with i18n.language("zh"), pytest.raises(TypeError, match="第 2 课的自检题"):
        for_lesson(2, tickets=tickets)


def test_an_untranslated_self_check_is_caught():
    """The Chinese rendering test can fail: a question whose texts are not in the catalog shows English."""
    q = Choice("x-9", "Which option is the right one here?", ("The first of the options", "The second one here"),
               answer=0, why="The first is right because it is first.", wrong={1: "The second one is not right."})
    with i18n.language("zh"):
        left = [runs for t in rendered(q) if (runs := english_runs(t))]
    assert left, "an English question rendered under zh must be reported"
