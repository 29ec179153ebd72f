"""The exercises as the tests see them: the assignment ids in solutions/, their notebooks, their test cells."""

from __future__ import annotations

from pathlib import Path

from course.grading import cells
from course.paths import repo_root

ROOT = repo_root()
IDS = sorted(p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file()) \
    if (ROOT / "solutions").is_dir() else []


def solution_path(aid: str) -> Path:
    """The nbgrader source notebook of an assignment."""
    return ROOT / "solutions" / aid / f"{aid}.ipynb"


def auto_tests(nb) -> dict[str, tuple[str, float]]:
    """Auto-graded test cells: grade_id -> (question id, points); every one must be named q<k>[part]_test."""
    out = {}
    for gid, c in cells.by_grade_id(nb).items():
        if cells.is_autograded(c):
            m = cells.TEST_ID.match(gid)
            assert m, f"{gid}: auto-graded test cells must be named q<k>_test or q<k><part>_test"
            out[gid] = (m.group(1), cells.points(c))
    return out
