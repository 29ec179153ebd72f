"""Marking the pre/post test (course/trainer/assessment.py): a trainee answers each question by setting a variable
(`q1 = "b"`, `q7 = 72`), with no code to write.

`recorded` is the visible check a trainee runs: it says whether the answer is in a form that can be marked, never
whether it is right, and it never raises (a blank test runs top to bottom). `mark_choice` and `mark_number` are the
hidden tests: they run in the grading process (course.grading.trusted) and raise AssertionError when the answer is
not the key. The keys live only in the hidden tests of solutions/, never in this package.
"""

from __future__ import annotations

import math
import re

from course.i18n import current

LETTERS = "abcd"

_WORDS = {
    "en": {
        "recorded": "{qid}: your answer {value} is recorded.",
        "blank_choice": "{qid}: not answered yet: write one of {letters} between the quotes.",
        "bad_choice": "{qid}: {value} is not one of {letters}: as it stands it scores 0.",
        "blank_number": "{qid}: not answered yet: write a number after the = sign (no quotes).",
        "bad_number": "{qid}: {value} is not a number: as it stands it scores 0.",
        "wrong": "{qid}: not the expected answer.",
        "unanswered": "{qid}: not answered.",
        "or": " or ",
    },
    "zh": {
        "recorded": "{qid}:已记录你的答案 {value}。",
        "blank_choice": "{qid}:还没有作答:请在引号之间填写 {letters} 中的一个字母。",
        "bad_choice": "{qid}:{value} 不是 {letters} 中的选项,按现在的写法得 0 分。",
        "blank_number": "{qid}:还没有作答:请在等号后面填一个数(不要加引号)。",
        "bad_number": "{qid}:{value} 不是一个数,按现在的写法得 0 分。",
        "wrong": "{qid}:答案不对。",
        "unanswered": "{qid}:未作答。",
        "or": "或",
    },
}


def _w(key: str, **kw) -> str:
    words = _WORDS.get(current(), _WORDS["en"])
    return words[key].format(**kw)


def _letters(options: str) -> str:
    sep = ", " if current() != "zh" else "、"
    return sep.join(options[:-1]) + _w("or") + options[-1] if len(options) > 1 else options


def choice_of(value, options: str = LETTERS) -> str | None:
    """The option letter an answer names ('b' from "b", " B ", "(b)", "b)", "B."), or None: blank, not text, or
    not one of `options`."""
    if not isinstance(value, str):
        return None
    text = re.sub(r"^[\s(\[（]+|[\s)\]）.。、:：]+$", "", value).strip().lower()
    return text if len(text) == 1 and text in options else None


def number_of(value) -> float | None:
    """The number an answer gives (23, 23.0, "23", "23%", "1,500", "1 500"), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(float(value)) else None
    if isinstance(value, str):
        text = value.strip().rstrip("%％").replace(",", "").replace("，", "").replace(" ", "")
        try:
            x = float(text)
        except ValueError:
            return None
        return x if math.isfinite(x) else None
    try:  # numpy numbers and the like
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def recorded(value, kind: str, qid: str, options: str = LETTERS) -> None:
    """Print whether the answer to question `qid` can be marked: recorded, not answered yet, or not
    in a form that scores. `kind` is 'choice' (a letter) or 'number'. Never says whether it is right."""
    if kind == "number":
        if _blank(value):
            line = _w("blank_number", qid=qid)
        elif number_of(value) is None:
            line = _w("bad_number", qid=qid, value=repr(value)[:40])
        else:
            line = _w("recorded", qid=qid, value=f"{number_of(value):g}")
    else:
        if _blank(value):
            line = _w("blank_choice", qid=qid, letters=_letters(options))
        elif choice_of(value, options) is None:
            line = _w("bad_choice", qid=qid, value=repr(value)[:40], letters=_letters(options))
        else:
            line = _w("recorded", qid=qid, value=repr(choice_of(value, options)))
    print(line)


def mark_choice(value, key: str, qid: str, options: str = LETTERS) -> None:
    """Hidden test of a choice question: AssertionError unless the answer names option `key`."""
    got = choice_of(value, options)
    assert got is not None, _w("unanswered", qid=qid)
    assert got == key, _w("wrong", qid=qid)


def mark_number(value, key: float, tolerance: float, qid: str) -> None:
    """Hidden test of a number question: AssertionError unless the answer is within `tolerance` of `key`."""
    got = number_of(value)
    assert got is not None, _w("unanswered", qid=qid)
    assert abs(got - key) <= tolerance + 1e-9, _w("wrong", qid=qid)
