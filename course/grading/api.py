"""The instructor's three actions as functions: `exercises` (release), `grade` (a class), `report` (how it did).

Each returns what it did and raises a GradingError (ReleaseError, or importers.ImportError_ for an unreadable
LMS export) for a set-up problem; a bad submission is never an error, only an outcome. The `course exercises`,
`course grade` and `course report` commands (course.grading.cli) print what these return.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course.grading.layout import Course, GradingError, find_root, open_course
from course.grading.release import Release


def exercises(root: Path | None = None, *, check: bool = False, gradebook: bool = False) -> Release:
    """Regenerate exercises/ from solutions/ (optionally registering the assignments in the gradebook), or with
    `check` only compare a fresh release with it."""
    from course.grading import release

    root = find_root(root)
    return release.check(root) if check else release.regenerate(root, gradebook=gradebook)


@dataclass
class Graded:
    """What `grade` did: the course, the import report of an LMS export (or None), the run, the CSV."""

    course: Course
    imported: object  # importers.ImportReport | None
    run: object  # pool.RunResult
    csv_path: Path


def grade(assignment: str, root: Path | None = None, *, from_zip: Path | None = None,
          from_dir: Path | None = None, csv: Path | None = None, workers: int | None = None, on_import=None,
          **options) -> Graded:
    """Import an LMS export (`from_zip` or `from_dir`) into submitted/ if given, grade every submission of
    `assignment` in parallel and write the grade CSV (default <work>/grades/<assignment>.csv).

    `options` go to course.grading.pool.grade_class (timeout, cell_timeout, force, retry_failed, students,
    sandbox, progress, kernels, scheduler). `on_import(report)` is called once the export is in, before grading starts.
    """
    from course.grading.importers import ImportError_, import_export
    from course.grading.pool import grade_class
    from course.grading.results import collect_rows, write_csv

    course = open_course(find_root(root), assignment)
    imported = None
    export = from_zip or from_dir
    if export is not None:
        if from_dir is not None and not Path(from_dir).is_dir():
            raise ImportError_(f"{from_dir} is not a folder")
        imported = import_export(Path(export), course.submitted, course.assignment, course.notebooks)
        if on_import is not None:
            on_import(imported)
    if workers is not None and workers < 1:
        raise GradingError("--workers must be at least 1")
    run = grade_class(course, workers=workers, **options)
    csv_path = write_csv(course, collect_rows(course), csv)
    return Graded(course, imported, run, csv_path)


@dataclass
class Report:
    """What `report` did: the course, the text report, the HTML page written."""

    course: Course
    text: str
    html_path: Path


def report(assignment: str, root: Path | None = None, *, output: Path | None = None,
           lang: str | None = None) -> Report:
    """The class report of `assignment` as text, and its HTML page written to `output` (default
    <work>/reports/<assignment>.html): questions by title with pass rates and kinds of failure, written
    answers, trainees with their edition. In `lang` ('en' or 'zh'; default: the language in use, i.e. the
    instructor's COURSE_LANG), whichever editions the trainees handed in. GradingError if nothing is graded yet."""
    from course import i18n
    from course.grading import report as render
    from course.grading.results import collect_rows, graded_cells, question_results, question_titles

    course = open_course(find_root(root), assignment)
    rows = collect_rows(course)
    if not rows:
        raise GradingError(f"nothing graded yet for {assignment}: run `course grade {assignment}` first")
    with i18n.language(lang or i18n.current()) as lang:
        cells = graded_cells(course)
        titles = question_titles(course, lang)
        outcomes = question_results(course, [r["student_id"] for r in rows if r["status"] == "graded"], lang)
        stats = render.question_stats(rows, cells, titles, outcomes)
        written = render.written_stats(rows, cells, titles)
        out = Path(output or course.work / "reports" / f"{course.assignment}.html")
        out.parent.mkdir(parents=True, exist_ok=True)
        text = render.text_report(course.assignment, rows, stats, written)
        page = render.html_report(course.assignment, rows, stats, written)
        gains = _gains(course)
        if gains is not None:
            text += "\n\n" + gains[0]
            page = page.replace("</body>", gains[1] + "\n</body>", 1)
        out.write_text(page, encoding="utf-8")
        return Report(course, text, out)


def _gains(course: Course) -> tuple[str, str] | None:
    """(text, HTML) of the pre/post test's gains when `course` is the pre- or post-test (course.trainer.assessment)."""
    from course.trainer import assessment

    tests = assessment.config_of(course.root)
    if course.assignment not in (tests.pre, tests.post):
        return None
    try:
        return assessment.report_section(course.root)
    except GradingError:
        return None
