"""The grading state: one small JSON file per trainee (input hash, status, score, reason, notes, run id, and
a digest of the gradebook's grades and comments when the feedback was written).

It is what makes reruns cheap and interruptions harmless: a submission whose files (and the assignment's
source notebooks) hash as at its last grading is not graded again, and a run that is killed loses only the
trainees it had not finished. Files are written atomically, so a crash never leaves half a state. The grades
digest closes the loop with the Formgrader: when an instructor's manual grade or comment changes a trainee's
grades after their feedback was written, the next run regenerates that feedback (without regrading).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from course.grading.layout import Course

STATE_VERSION = 1


@dataclass
class Outcome:
    """What happened to one trainee's submission in a run."""

    student: str
    status: str  # graded | failed | unchanged
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    score: float | None = None
    max_score: float | None = None
    seconds: float = 0.0
    flags: list[str] = field(default_factory=list)  # what the grading saw of tampering (never changes a mark)
    feedback_digest: str = ""  # grades_digest of the gradebook when the feedback page was written
    edition: str = ""  # the edition the submission was graded as (en, zh); '' when it was not graded

    @classmethod
    def from_state(cls, state: dict) -> Outcome:
        """The outcome recorded in a state file."""
        return cls(**{k: state[k] for k in cls.__dataclass_fields__ if k in state})


def submission_hash(folder: Path, *sources: Path) -> str:
    """A digest of every file a trainee handed in and of the assignment's source notebooks, every edition's (so
    edited tests regrade everyone)."""
    h = hashlib.sha256()
    for base in (folder, *sources):
        for p in sorted(base.rglob("*")):
            if p.is_file() and ".ipynb_checkpoints" not in p.parts:
                h.update(str(p.relative_to(base)).encode())
                h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def _grades_key(sub) -> list:
    """What the feedback shows of one gradebook submission: every grade (auto, manual, extra credit), every
    comment (auto, manual) and the late penalty, per notebook, in a stable order."""
    key = []
    for nb in sorted(sub.notebooks, key=lambda n: n.name):
        key.append(["notebook", nb.name, nb.late_submission_penalty])
        key += [["grade", nb.name, g.name, g.auto_score, g.manual_score, g.extra_credit]
                for g in sorted(nb.grades, key=lambda g: g.name)]
        key += [["comment", nb.name, c.name, c.auto_comment, c.manual_comment]
                for c in sorted(nb.comments, key=lambda c: c.name)]
    return key


def _digest(key: list) -> str:
    return hashlib.sha256(json.dumps(key, default=str).encode()).hexdigest()


def grades_digest(db_url: str, assignment: str, student: str) -> str:
    """A digest of one trainee's grades and comments of `assignment` in the gradebook ('' if not there)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            return _digest(_grades_key(gb.find_submission(assignment, student)))
        except MissingEntry:
            return ""


def grades_digests(db_url: str, assignment: str) -> dict[str, str]:
    """trainee id -> grades_digest, for every submission of `assignment` in the gradebook (one pass)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            subs = gb.assignment_submissions(assignment)
        except MissingEntry:
            return {}
        return {sub.student.id: _digest(_grades_key(sub)) for sub in subs}


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def read_state(course: Course, student: str) -> dict | None:
    """The state of one trainee, or None (never graded, or an unreadable file)."""
    return _read(course.state_dir / f"{student}.json")


def read_states(course: Course) -> dict[str, dict]:
    """trainee id -> state, for every readable state file of the assignment."""
    if not course.state_dir.is_dir():
        return {}
    states = {p.stem: _read(p) for p in sorted(course.state_dir.glob("*.json"))}
    return {s: st for s, st in states.items() if st is not None}


def write_state(course: Course, outcome: Outcome, input_hash: str, run_id: str) -> None:
    """Write a trainee's state atomically (a crash never leaves half a file)."""
    course.state_dir.mkdir(parents=True, exist_ok=True)
    data = {"version": STATE_VERSION, "hash": input_hash, "run": run_id, **asdict(outcome)}
    tmp = course.state_dir / f".{outcome.student}.json.tmp"
    tmp.write_text(json.dumps(data, indent=1))
    os.replace(tmp, course.state_dir / f"{outcome.student}.json")


def previous_outcome(course: Course, student: str, input_hash: str, *, force: bool,
                     retry_failed: bool) -> Outcome | None:
    """The outcome to keep for a submission unchanged since its last grading (graded ones unless `force`,
    failed ones unless `force` or `retry_failed`), or None: it must be graded."""
    st = read_state(course, student)
    if not st or st.get("hash") != input_hash or force:
        return None
    if st.get("status") in ("graded", "unchanged") and (course.autograded / student / course.assignment).is_dir():
        return Outcome(student, "unchanged", "", st.get("notes", []), st.get("score"), st.get("max_score"),
                       flags=st.get("flags", []), feedback_digest=st.get("feedback_digest", ""),
                       edition=st.get("edition", ""))
    if st.get("status") == "failed" and not retry_failed:
        return Outcome(student, "failed", st.get("reason", ""), st.get("notes", []))
    return None
