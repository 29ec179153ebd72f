"""The exercises as the tests see them: the assignment ids in solutions/, their notebooks, their test cells."""

from __future__ import annotations

from pathlib import Path

from course.grading import cells
from course.paths import repo_root
from course.syllabus import ASSESSMENTS

ROOT = repo_root()
# The module exercises; the pre/post test (no solution regions, hints or hash checks) has its own tests.
IDS = sorted(p.name for p in (ROOT / "solutions").iterdir()
             if (p / f"{p.name}.ipynb").is_file() and p.name not in ASSESSMENTS) \
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


# ------------------------------------------------------------------ running notebooks without nbgrader
def setup_and_answers(nb, answers: dict[str, str] | None = None) -> list[str]:
    """The code a trainee's kernel runs before the tests, in notebook order: the locked setup cells and the
    answer cells (those named in `answers` replaced by that code)."""
    answers = answers or {}
    out = []
    for c in nb.cells:
        if c.cell_type != "code" or cells.is_test(c):
            continue
        gid = cells.grade_id(c)
        if cells.is_answer(c):
            out.append(answers.get(gid, c.source))
        elif cells.is_locked(c):
            out.append(c.source)
    return out


def namespace(aid: str, answers: dict[str, str] | None = None) -> dict:
    """A fresh namespace in which the setup cells and the solution's answer cells (or `answers`) have run with
    plain exec, as in a trainee's kernel."""
    import nbformat

    nb = nbformat.read(solution_path(aid), as_version=4)
    ns: dict = {"__name__": "__exercise__"}
    for source in setup_and_answers(nb, answers):
        exec(compile(source, f"<{aid}>", "exec"), ns)  # noqa: S102 (the course's own notebooks)
    return ns


def visible_parts(aid: str) -> dict[str, str]:
    """grade_id -> the visible part of each auto-graded test cell (what the release shows the trainee)."""
    import nbformat

    nb = nbformat.read(solution_path(aid), as_version=4)
    return {cells.grade_id(c): cells.without_hidden(c.source) for c in nb.cells if cells.is_test(c)}


def full_test_cells(aid: str) -> dict[str, str]:
    """grade_id -> the full source of each auto-graded test cell, hidden tests included."""
    import nbformat

    nb = nbformat.read(solution_path(aid), as_version=4)
    return {cells.grade_id(c): c.source for c in nb.cells if cells.is_test(c)}


def run_cell(ns: dict, source: str) -> str:
    """Run one test cell's code in `ns`; what it printed (AssertionError and others propagate)."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<test cell>", "exec"), ns)  # noqa: S102 (the course's own notebooks)
    return out.getvalue()


def fill_digests(aid: str) -> list[str]:
    """Write the fingerprints into a solution's test cells: every `"TODO"` digest of an `expect_hash` call and
    every `"PHRASE:<text>"` of an `expect_phrases` call is replaced by the hash of the solution's own value (or of
    that phrase). Run it after writing or changing a test cell, then `course exercises`; test_visible_checks.py
    fails while a digest no longer matches the solution. Returns the grade_ids it changed.

        cd tests && ../.venv/bin/python -c "from support.exercises import fill_digests; print(fill_digests('01'))"
    """
    import nbformat

    from course import checks
    from course.syllabus import by_id

    aid = by_id(aid).id
    path = solution_path(aid)
    nb = nbformat.read(path, as_version=4)
    ns = namespace(aid)
    real = checks.expect_hash, checks.expect_phrases
    changed = []
    for c in nb.cells:
        if not cells.is_test(c) or ('"TODO"' not in c.source and '"PHRASE:' not in c.source):
            continue
        found: list[tuple[str, str]] = []

        def record_hash(value, name, digests, qid, round_to=None, casefold=True, ordered=None, columns=None,
                        hint=None, _found=found):
            _found.append(('"TODO"', f'"{checks.digest(value, name, qid, round_to, casefold, ordered, columns)}"'))

        def record_phrases(text, name, phrases, qid, hint=None, _found=found):
            for code in phrases.values():
                if code.startswith("PHRASE:"):
                    _found.append((f'"{code}"', f'"{checks.phrase_digest(code[len("PHRASE:"):], name, qid)}"'))

        checks.expect_hash, checks.expect_phrases = record_hash, record_phrases
        try:
            run_cell(dict(ns), cells.without_hidden(c.source))
        finally:
            checks.expect_hash, checks.expect_phrases = real
        source = c.source
        for placeholder, code in found:
            source = source.replace(placeholder, code, 1)
        if source != c.source:
            c.source = source
            changed.append(cells.grade_id(c))
    if changed:
        nbformat.write(nb, path)
    return changed
