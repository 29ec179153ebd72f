"""Grade one trainee: stage and repair the submission, nbgrader's autograde, then its feedback and score.

Never raises for a bad submission: what goes wrong becomes the Outcome's reason (and any autograded copy or
feedback from an earlier run is removed, so nothing stale is handed back).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from course.grading.cleanup import clear_outputs
from course.grading.failures import classify_failure
from course.grading.preflight import stage_submission
from course.grading.state import Outcome, grades_digest

if TYPE_CHECKING:
    from course.grading.layout import Course


def score(course: Course, db_url: str, student: str) -> tuple[float | None, float | None]:
    """The trainee's score and the maximum for the assignment, from the gradebook (None, None if absent)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            sub = gb.find_submission(course.assignment, student)
        except MissingEntry:
            return None, None
        return float(sub.score), float(sub.max_score)


def grade_one(api, course: Course, student: str) -> Outcome:
    """Stage, autograde and generate feedback for one trainee with nbgrader's API `api`."""
    t0 = time.monotonic()
    src = course.submitted / student / course.assignment
    pre = stage_submission(src, course.staged / student / course.assignment, course.notebooks,
                           course.editions("release") if course.release.is_dir() else None)
    if not pre.ok:
        clear_outputs(course, student)
        return Outcome(student, "failed", pre.reason, pre.notes, seconds=time.monotonic() - t0, flags=pre.flags)
    res = api.autograde(course.assignment, student, force=True, create=True)
    if not res.get("success"):
        clear_outputs(course, student)
        return Outcome(student, "failed", classify_failure(res), pre.notes, seconds=time.monotonic() - t0)
    notes = list(pre.notes)
    digest = write_feedback(api, course, student, notes)
    got, max_score = score(course, api.coursedir.db_url, student)
    return Outcome(student, "graded", "", notes, got, max_score, time.monotonic() - t0,
                   flags=pre.flags + integrity_flags(course, student), feedback_digest=digest,
                   edition=graded_edition(course, student))


def write_feedback(api, course: Course, student: str, notes: list[str]) -> str:
    """nbgrader's generate_feedback for one trainee; the grades digest it was written from ('' when it failed:
    a note says why, and the next run tries again)."""
    fb = api.generate_feedback(course.assignment, student, force=True)
    if not fb.get("success"):
        notes.append("feedback could not be generated: " + classify_failure(fb))
        return ""
    return grades_digest(api.coursedir.db_url, course.assignment, student)


def refresh_feedback(api, course: Course, kept: Outcome) -> Outcome:
    """Regenerate the feedback of an unchanged, graded submission whose grades or comments changed in the
    gradebook (a manual grade, a comment in the Formgrader): the same outcome with the new score and digest."""
    t0 = time.monotonic()
    notes = [n for n in kept.notes if not n.startswith("feedback could not be generated")]
    digest = write_feedback(api, course, kept.student, notes)
    got, max_score = score(course, api.coursedir.db_url, kept.student)
    return Outcome(kept.student, "unchanged", "", notes, got, max_score, time.monotonic() - t0, flags=kept.flags,
                   feedback_digest=digest, edition=kept.edition or graded_edition(course, kept.student))


def _graded_meta(course: Course, student: str) -> list[dict]:
    """The `course` metadata of each of the trainee's autograded notebooks (written by the grading pipeline)."""
    import json

    found = []
    for name in course.notebooks:
        path = course.autograded / student / course.assignment / f"{name}.ipynb"
        try:
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("course", {})
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict):
            found.append(meta)
    return found


def integrity_flags(course: Course, student: str) -> list[str]:
    """What the trusted evaluation saw of tampering in each autograded notebook (course.integrity metadata),
    the edition checks included."""
    flags: list[str] = []
    for meta in _graded_meta(course, student):
        flags += [f for f in meta.get("integrity", []) if isinstance(f, str) and f not in flags]
    return flags


def graded_edition(course: Course, student: str) -> str:
    """The edition the trainee's notebooks were graded as ('en', 'zh'; several joined by '+'; '' if none)."""
    from course.grading.editions import EDITIONS

    found = []
    for meta in _graded_meta(course, student):
        lang = meta.get("lang")
        if lang in EDITIONS and lang not in found:
            found.append(lang)
    return "+".join(found)
