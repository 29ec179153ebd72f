"""Read one assignment's grades back from the nbgrader gradebook and the grading state, and write the CSV.

One row per trainee: everyone with a submission folder, a grading state or a gradebook submission. Columns
(docs/INSTRUCTORS.md explains them): student_id, display_name, late, status, edition (en or zh: the edition the
submission was graded as), score, max_score, percent,
needs_manual_grade, one column per graded cell (its grade_id, e.g. q1_test or w1: points scored), flags,
reason, notes. For the report, also the question titles of the source notebooks and how each graded trainee's
autograded notebook went per test cell (course.grading.feedback.results).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from course import i18n
from course.grading import cells, editions, feedback
from course.grading.cells import grade_ids
from course.grading.state import read_states
from course.grading.trainee import graded_edition

if TYPE_CHECKING:
    from course.grading.layout import Course

FIXED = ["student_id", "display_name", "late", "status", "edition", "score", "max_score", "percent",
         "needs_manual_grade"]
TAIL = ["flags", "reason", "notes"]


def graded_cells(course: Course) -> list[tuple[str, float, bool]]:
    """(grade_id, max points, auto-graded?) of every graded cell, in notebook order."""
    from nbgrader.api import Gradebook, MissingEntry

    if not course.db_path.exists():
        return []
    out = []
    with Gradebook(course.db_url) as gb:
        try:
            assignment = gb.find_assignment(course.assignment)
        except MissingEntry:
            return []
        order = _cell_order(course)
        for nb in assignment.notebooks:
            for cell in nb.grade_cells:
                auto = cell.cell_type == "code"
                out.append((cell.name, float(cell.max_score), auto))
    out.sort(key=lambda c: (order.get(c[0], 10**6), c[0]))
    return out


def _cell_order(course: Course) -> dict[str, int]:
    """grade_id -> position in the assignment's source notebooks (an unreadable notebook is left out)."""
    order: dict[str, int] = {}
    for path in sorted(course.source.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # nbformat raises many kinds; the order only sorts the columns
            continue
        for gid in grade_ids(nb):
            if gid and gid not in order:
                order[gid] = len(order)
    return order


def collect_rows(course: Course) -> list[dict]:
    """The grade table of the assignment, one dict per trainee (failed trainees have empty scores)."""
    from nbgrader.api import Gradebook, MissingEntry

    cells = graded_cells(course)
    states = read_states(course)
    students = set(course.students()) | set(states)
    book: dict[str, dict] = {}
    if course.db_path.exists():
        with Gradebook(course.db_url) as gb:
            try:
                subs = gb.assignment_submissions(course.assignment)
            except MissingEntry:
                subs = []
            for sub in subs:
                sid = sub.student.id
                row = {"score": float(sub.score), "max_score": float(sub.max_score),
                       "needs_manual_grade": bool(sub.needs_manual_grade), "cells": {}}
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        row["cells"][grade.name] = grade.score
                book[sid] = row
    students |= set(book)
    from course.grading.importers import load_manifest

    lms = load_manifest(course.submitted, course.assignment)
    rows = []
    for sid in sorted(students):
        st = states.get(sid, {})
        status = st.get("status", "graded" if sid in book else "not graded")
        if status == "unchanged":
            status = "graded"
        who = lms.get(sid, {})
        late = who.get("late")
        row = {"student_id": sid, "display_name": _no_formula(who.get("display_name") or sid),
               "late": "" if late is None else ("yes" if late else "no"), "status": status}
        g = book.get(sid) if status == "graded" else None
        row["edition"] = (st.get("edition") or graded_edition(course, sid)) if g else ""
        row["score"] = g["score"] if g else None
        row["max_score"] = g["max_score"] if g else None
        row["percent"] = round(100 * g["score"] / g["max_score"], 1) if g and g["max_score"] else None
        row["needs_manual_grade"] = g["needs_manual_grade"] if g else None
        for name, _mx, _auto in cells:
            row[name] = g["cells"].get(name) if g else None
        row["reason"] = st.get("reason", "") if status != "graded" else ""
        row["notes"] = "; ".join(st.get("notes", []))
        row["flags"] = "; ".join(st.get("flags", []))
        rows.append(row)
    return rows


def _no_formula(text: str) -> str:
    """A display name a spreadsheet will not run as a formula (LMS names are trainee-controlled text)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(course: Course, rows: list[dict], path: Path | None = None) -> Path:
    """Write the grade table to `path` (default <work>/grades/<assignment>.csv), replacing it whole."""
    path = Path(path or course.csv_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    names = [c[0] for c in graded_cells(course)]
    fields = FIXED + names + TAIL
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for row in rows:
            w.writerow({k: ("" if row.get(k) is None else _fmt(row.get(k))) for k in fields})
    tmp.replace(path)
    return path


def _fmt(value):
    if isinstance(value, float):
        return f"{value:g}"
    return value


def _source_notebooks(course: Course, edition: str) -> list:
    """The assignment's source notebooks in `edition` (English when that edition has none), readable ones only."""
    folder = course.editions("source").get(edition, course.source)
    out = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            out.append(nbformat.read(path, as_version=4))
        except Exception:  # nbformat raises many kinds; an unreadable source is left out
            continue
    return out


def question_titles(course: Course, lang: str | None = None) -> dict[str, str]:
    """grade_id -> the title of its question, from the headings of the assignment's source notebooks (those of
    the edition in `lang`, default the language in use, when it has them)."""
    titles: dict[str, str] = {}
    for nb in _source_notebooks(course, i18n.normalise(lang or i18n.current())):
        for gid, title in feedback.titles(nb).items():
            titles.setdefault(gid, title)
    return titles


def _test_sources(course: Course, edition: str) -> dict[str, str]:
    """grade_id -> the full source of each test cell of the assignment's source in `edition`."""
    return {cells.grade_id(c): c.source for nb in _source_notebooks(course, edition) for c in nb.cells
            if cells.is_test(c)}


def question_results(course: Course, students: list[str],
                     lang: str | None = None) -> dict[str, dict[str, feedback.Result]]:
    """trainee -> grade_id -> how that graded cell went in the trainee's autograded notebook (passed, wrong,
    blank, timeout, error, with the message the feedback shows), in the language `lang` (default: in use): the
    course's own words in that language, and a hidden test's message of a trainee of another edition as the same
    assert's message in `lang`'s edition. Trainees without a readable notebook are left out."""
    lang = i18n.normalise(lang or i18n.current())
    sources: dict[str, dict[str, str]] = {}

    def tests(edition: str) -> dict[str, str]:
        if edition not in sources:
            sources[edition] = _test_sources(course, edition)
        return sources[edition]

    out: dict[str, dict[str, feedback.Result]] = {}
    with i18n.language(lang):
        for sid in students:
            found: dict[str, feedback.Result] = {}
            for name in course.notebooks:
                path = course.autograded / sid / course.assignment / f"{name}.ipynb"
                try:
                    nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
                    edition = editions.graded_edition(nb)
                    for r in feedback.results(nb):
                        if edition != lang and r.message and r.kind in ("wrong", "error"):
                            mine, theirs = tests(edition).get(r.grade_id), tests(lang).get(r.grade_id)
                            if mine and theirs:
                                r.message = feedback.counterpart_message(r.message, mine, theirs)
                        found[r.grade_id] = r
                except Exception:  # nbformat raises many kinds; a notebook that cannot be read is left out
                    continue
            if found:
                out[sid] = found
    return out
