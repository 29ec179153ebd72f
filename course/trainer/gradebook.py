"""What the trainer's commands read from the course's nbgrader gradebook beyond the grade rows of
course.grading.results: the trainees' names and the folder the gradebook lives in."""

from __future__ import annotations

from pathlib import Path


def _db_url(root: Path) -> str:
    from nbgrader.coursedir import CourseDirectory

    from course.grading.layout import load_config

    cd = CourseDirectory(config=load_config(Path(root)))
    cd.root = str(root)
    return cd.db_url


def work_dir(root: Path) -> Path:
    """The folder of the course's gradebook (_work/), where the certificates go by default."""
    url = _db_url(root)
    return Path(url[len("sqlite:///"):].split("?")[0]).resolve().parent if url.startswith("sqlite:///") \
        else Path(root) / "_work"


def names(root: Path) -> dict[str, str]:
    """student id -> "First Last" for the trainees the gradebook has a name for."""
    from nbgrader.api import Gradebook

    url = _db_url(root)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):].split("?")[0]).exists():
        return {}
    with Gradebook(url) as gb:
        return {s.id: " ".join(p for p in (s.first_name, s.last_name) if p) for s in gb.students
                if (s.first_name or s.last_name)}
