"""Throw-away course folders: this repo's nbgrader_config.py and one assignment, for tests and benchmarks."""

from __future__ import annotations

import shutil
from pathlib import Path

from course.paths import repo_root

REPO = repo_root()


def has_assignment(assignment: str, release: bool = True) -> bool:
    """True if the repo holds the assignment's source (and, with `release`, its committed release)."""
    ok = (REPO / "solutions" / assignment / f"{assignment}.ipynb").is_file()
    return ok and (not release or (REPO / "exercises" / assignment / f"{assignment}.ipynb").is_file())


def make_course(dest: Path, assignment: str, release: bool = True) -> Path:
    """A course root at `dest`: nbgrader_config.py, solutions/<assignment>/ and (with `release`) the committed
    exercises/<assignment>/. Returns `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "nbgrader_config.py", dest / "nbgrader_config.py")
    shutil.copytree(REPO / "solutions" / assignment, dest / "solutions" / assignment)
    if release:
        shutil.copytree(REPO / "exercises" / assignment, dest / "exercises" / assignment)
    return dest


def solution_and_release(assignment: str, root: Path = REPO) -> tuple[Path, Path]:
    """The solution (source) and release notebook of an assignment in the course at `root`."""
    return (root / "solutions" / assignment / f"{assignment}.ipynb",
            root / "exercises" / assignment / f"{assignment}.ipynb")


def sandbox_option() -> list[str]:
    """`course grade`'s sandbox option for this machine: the default (bubblewrap) where it runs, else `none`,
    knowingly, for the synthetic, trusted classes of the tests (the isolation tests skip locally, fail in CI)."""
    from course.grading.sandbox import SandboxUnavailable, resolve_mode

    try:
        resolve_mode("auto")
    except SandboxUnavailable:
        return ["--sandbox", "none"]
    return []


def gradebook_counts(db: Path) -> dict[str, int]:
    """Rows per gradebook table a rerun must not add to."""
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("student", "submitted_assignment", "submitted_notebook", "grade", "comment")}
    finally:
        con.close()
