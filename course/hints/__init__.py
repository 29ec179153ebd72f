"""Hints for the exercise questions: `hint = hints_for("03-attentive-service"); hint("q2")` in a notebook,
or `course hint 03 q2` in a terminal.

The hints live in course/hints/<assignment id>.json as {"q1": "...", "w1": "..."}, and in Chinese, with the same
keys, in course/hints/zh/<assignment id>.json. A hint is shown in the language in use (`use_language`,
COURSE_LANG, or `course hint --lang zh`), in English where a Chinese one is missing. Hints point the way (which
columns, which pandas method, what to watch for) and never give the answer away.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from course.i18n import current, normalise, translator, use_language
from course.syllabus import by_id

__all__ = ["HintError", "assignments", "hints_for", "load", "resolve"]

_ = translator("course")
LANGUAGE_FOLDERS = {"zh": "zh"}
"""Edition -> the folder of course/hints/ that holds its translations (English is the folder itself)."""


class HintError(LookupError):
    """Unknown assignment or question; the message lists the valid ones."""


def _files(lang: str = "en") -> dict[str, Path]:
    """Assignment id -> hint file of one edition, for every JSON file shipped in this package."""
    root = resources.files(__name__)
    if lang in LANGUAGE_FOLDERS:
        root = root / LANGUAGE_FOLDERS[lang]
        if not root.is_dir():
            return {}
    out = {}
    for entry in root.iterdir():
        if entry.name.endswith(".json"):
            out[entry.name[: -len(".json")]] = entry
    return dict(sorted(out.items()))


def assignments() -> list[str]:
    """The assignment ids that have hints, e.g. ['01-why-customers-complain', ...]."""
    return list(_files())


def resolve(key: str | int) -> str:
    """The full assignment id for '03', '3', 3 or '03-attentive-service' (course.syllabus.by_id); HintError if
    that module has no hints."""
    try:
        aid = by_id(key).id
    except KeyError:
        aid = None
    if aid not in _files():
        raise HintError(_("no hints for assignment {key}; assignments with hints are: {ids}").format(
            key=repr(key), ids=", ".join(assignments())))
    return aid


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise HintError(_("{path}: line {line}: not valid JSON ({msg}); fix the file.").format(
            path=path, line=exc.lineno, msg=exc.msg)) from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise HintError(_("{path}: must be a JSON object mapping question ids to hint texts.").format(path=path))
    return data


def load(assignment_id: str | int, lang: str | None = None) -> dict[str, str]:
    """All hints of one assignment as {question id: hint text}, in `lang` (default: the language in use); a
    question without a translation keeps its English hint."""
    aid = resolve(assignment_id)
    hints = _read(_files()[aid])
    lang = normalise(lang) if lang else current()
    translated = _files(lang).get(aid) if lang != "en" else None
    if translated is not None:
        hints.update({q: text for q, text in _read(translated).items() if q in hints and text.strip()})
    return hints


def _text(aid: str, hints: dict[str, str], qid: str) -> str:
    q = str(qid).strip().lower()
    if q not in hints and q[:-1] in hints and q[-1].isalpha() and q[-2:-1].isdigit():
        q = q[:-1]  # "q2a" (a part of question 2, as test messages name it) -> the hint of q2
    if q not in hints:
        raise HintError(_("{aid} has no question {qid}; questions with hints are: {ids}").format(
            aid=aid, qid=repr(qid), ids=", ".join(hints)))
    return hints[q]


def hints_for(assignment_id: str | int) -> Callable[[str], None]:
    """A function `hint(qid)` that shows the hint for one question of this assignment, in the language in use
    when it is called."""
    aid = resolve(assignment_id)
    load(aid)  # a broken hint file fails here, in the setup cell, not at the first hint

    def hint(qid: str) -> None:
        """Show the hint for question `qid` (e.g. "q2" or "w1")."""
        text = _text(aid, load(aid), qid)
        try:
            from IPython import get_ipython
            from IPython.display import Markdown, display

            if get_ipython() is not None:
                display(Markdown(_("**Hint {qid}:** {text}").format(qid=qid, text=text)))
                return
        except ImportError:  # pragma: no cover - IPython ships with Jupyter
            pass
        print(_("Hint {qid}: {text}").format(qid=qid, text=text))

    hint.__qualname__ = f"hint[{aid}]"
    return hint


def add_language_argument(parser: argparse.ArgumentParser) -> None:
    """`--lang en|zh` on a trainee command (default: COURSE_LANG, else English)."""
    parser.add_argument("--lang", metavar="LANG",
                        help=_("language of the messages: en or zh (default: $COURSE_LANG, else en)"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assignment", nargs="?",
                        help=_("assignment number or id, e.g. 03 or 03-attentive-service"))
    parser.add_argument("question", nargs="?", help=_("question id, e.g. q2 or w1 (omit to list the questions)"))
    add_language_argument(parser)


def run(args: argparse.Namespace) -> int:
    """`course hint 03 q2`: print one hint; without a question, list the questions that have hints."""
    try:
        if getattr(args, "lang", None):
            use_language(args.lang)
        if not args.assignment:
            print(_("Assignments with hints: {ids}").format(ids=", ".join(assignments())))
            print(_("Usage: course hint 03 q2"))
            return 0
        aid = resolve(args.assignment)
        hints = load(aid)
        if not args.question:
            print(_("{aid}: hints for {ids}").format(aid=aid, ids=", ".join(hints)))
            return 0
        print(_("Hint {aid} {qid}: {text}").format(aid=aid, qid=args.question, text=_text(aid, hints, args.question)))
        return 0
    except (HintError, ValueError) as exc:
        print(_("course hint: {error}").format(error=exc), file=sys.stderr)
        return 2
