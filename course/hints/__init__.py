"""Hints for the exercise questions: `hint = hints_for("03-attentive-service"); hint("q2")` in a notebook,
or `course hint 03 q2` in a terminal.

The hints live in course/hints/<assignment id>.json as {"q1": "...", "w1": "..."}; they point the way (which
columns, which pandas method, what to watch for) and never give the answer away.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from course.syllabus import by_id

__all__ = ["HintError", "assignments", "hints_for", "load", "resolve"]


class HintError(LookupError):
    """Unknown assignment or question; the message lists the valid ones."""


def _files() -> dict[str, Path]:
    """Assignment id -> hint file, for every JSON file shipped in this package."""
    root = resources.files(__name__)
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
        raise HintError(f"no hints for assignment {key!r}; assignments with hints are: {', '.join(assignments())}")
    return aid


def load(assignment_id: str | int) -> dict[str, str]:
    """All hints of one assignment as {question id: hint text}."""
    aid = resolve(assignment_id)
    path = _files()[aid]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise HintError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg}); fix the file.") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise HintError(f"{path}: must be a JSON object mapping question ids to hint texts.")
    return data


def _text(aid: str, hints: dict[str, str], qid: str) -> str:
    q = str(qid).strip().lower()
    if q not in hints and q[:-1] in hints and q[-1].isalpha() and q[-2:-1].isdigit():
        q = q[:-1]  # "q2a" (a part of question 2, as test messages name it) -> the hint of q2
    if q not in hints:
        raise HintError(f"{aid} has no question {qid!r}; questions with hints are: {', '.join(hints)}")
    return hints[q]


def hints_for(assignment_id: str | int) -> Callable[[str], None]:
    """A function `hint(qid)` that shows the hint for one question of this assignment."""
    aid = resolve(assignment_id)
    hints = load(aid)

    def hint(qid: str) -> None:
        """Show the hint for question `qid` (e.g. "q2" or "w1")."""
        text = _text(aid, hints, qid)
        try:
            from IPython import get_ipython
            from IPython.display import Markdown, display

            if get_ipython() is not None:
                display(Markdown(f"**Hint {qid}:** {text}"))
                return
        except ImportError:  # pragma: no cover - IPython ships with Jupyter
            pass
        print(f"Hint {qid}: {text}")

    hint.__qualname__ = f"hint[{aid}]"
    return hint


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assignment", nargs="?", help="assignment number or id, e.g. 03 or 03-attentive-service")
    parser.add_argument("question", nargs="?", help="question id, e.g. q2 or w1 (omit to list the questions)")


def run(args: argparse.Namespace) -> int:
    """`course hint 03 q2`: print one hint; without a question, list the questions that have hints."""
    try:
        if not args.assignment:
            print("Assignments with hints: " + ", ".join(assignments()))
            print("Usage: course hint 03 q2")
            return 0
        aid = resolve(args.assignment)
        hints = load(aid)
        if not args.question:
            print(f"{aid}: hints for " + ", ".join(hints))
            return 0
        print(f"Hint {aid} {args.question}: {_text(aid, hints, args.question)}")
        return 0
    except HintError as exc:
        print(f"course hint: {exc}", file=sys.stderr)
        return 2
