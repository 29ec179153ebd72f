"""Self-checks: every lesson's questions through one door, `for_lesson(n)`.

Learntools style, engine and content apart: the engine (`Choice`, `Numeric`, `Feedback`, `quiz`) is in
`course.selfcheck.engine`; the questions are in one module per lesson, `course.selfcheck.lesson00` ...
`lesson08`. A lesson module holds `FIXED`, its questions keyed by id; a lesson with questions computed from
data also declares `DATASETS`, the tables they need, and `computed(**tables)`, which returns them by id.

Importing this package loads neither pandas nor any dataset: the start page also runs in JupyterLite.
"""

from __future__ import annotations

import importlib

from course.i18n import translator
from course.selfcheck.engine import N_, Choice, Feedback, Numeric, Question, quiz, shown

__all__ = ["N_", "Choice", "Feedback", "Numeric", "Question", "for_lesson", "lesson_module", "quiz", "shown"]

_ = translator("selfcheck")


def lesson_module(n: int | str):
    """The content module of lesson `n` (a number 0-8, '03' or a full lesson id)."""
    from course.syllabus import by_id

    return importlib.import_module(f"{__name__}.lesson{by_id(n).number:02d}")


def _number(qid: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else -1 for p in qid.split("-"))


def for_lesson(n: int | str, **data) -> dict[str, Question]:
    """Lesson `n`'s self-check questions keyed by id ('1-2'), in question order.

    The questions speak the language in use when they are checked or drawn, not when they are made.
    Questions computed from data use the tables passed by dataset name (e.g. `for_lesson(1, tickets=df)`);
    a table not passed is loaded with course.datasets.load. Raises TypeError for a table the lesson's
    questions do not use, KeyError for a lesson that does not exist."""
    mod = lesson_module(n)
    needs: tuple[str, ...] = getattr(mod, "DATASETS", ())
    unknown = sorted(set(data) - set(needs))
    if unknown:
        raise TypeError(_("lesson {n}'s self-checks take {needs}, not {unknown}").format(
            n=n, needs=", ".join(needs) or _("no data"), unknown=", ".join(unknown)))
    found = dict(mod.FIXED)
    if needs:
        missing = [name for name in needs if data.get(name) is None]
        if missing:
            from course.datasets import load

            data.update({name: load(name) for name in missing})
        found.update(mod.computed(**data))
    return dict(sorted(found.items(), key=lambda kv: _number(kv[0])))
