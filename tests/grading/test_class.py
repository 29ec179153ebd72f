"""End to end: `course grade` and `course report` on a synthetic class of assignment 01 in a temporary course.

One class holds a good, a blank and a partial submission, every kind of broken submission of
tests/support/synthetic.py's BROKEN and an attacker; it is graded once in parallel (module fixture) and the tests
check its outcome. A second, small class arrives as an LMS zip, is graded sequentially with an interruption
in the middle (the grading process is killed), and must end with the same grades as the parallel run.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from support import synthetic
from support.course import gradebook_counts, has_assignment, sandbox_option, solution_and_release
from support.course import make_course as copy_course

from course.cli import main
from course.grading import cells

pytestmark = pytest.mark.nbgrader
A = "01-why-customers-complain"
# generous enough for a loaded machine (a slow setup cell must not hit the cell limit), short for the loops
FAST = ["--timeout", "20", "--cell-timeout", "10", "--no-progress"]
AUTO_MAX = None  # filled from the gradebook by the fixture


def make_course(root: Path) -> Path:
    """A throw-away course root: the repo's nbgrader_config.py and assignment 01 (source and release)."""
    if not has_assignment(A):
        pytest.skip(f"assignment {A} (solutions/ and exercises/) not present")
    return copy_course(root, A)


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_csv(root: Path) -> dict[str, dict]:
    with open(root / "_work" / "grades" / f"{A}.csv", newline="", encoding="utf-8") as fh:
        return {r["student_id"]: r for r in csv.DictReader(fh)}


def test_cells(row: dict) -> dict[str, str]:
    return {k: v for k, v in row.items() if k.startswith("q") and k.endswith("_test")}


test_cells.__test__ = False  # a helper, not a test


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("class") / "course")
    sol, rel = synthetic.load_pair(*solution_and_release(A, root))
    sub = root / "_work" / "submitted"
    kinds = synthetic.make_class(sub, A, A, sol, rel, ["good", "blank", "partial", *synthetic.BROKEN])
    victim = sub / "s000-good" / A / f"{A}.ipynb"
    targets = {"gradebook": str(root / "_work" / "gradebook.db"), "other": str(victim),
               "hidden": str(root / "solutions" / A / f"{A}.ipynb"), "autograded": str(root / "_work" / "autograded")}
    if not sandbox_option():  # without a sandbox the grader's own permissions are the attacker's: not here
        synthetic.write_submission(sub, "zz-attacker", A, A, synthetic.attack(sol, rel, targets))
        kinds["zz-attacker"] = "attack"
    before = {"victim": sha(victim), "hidden": sha(Path(targets["hidden"]))}
    t0 = time.monotonic()
    code, out = run_cli("grade", A, "--root", str(root), "--workers", "2", *FAST, *sandbox_option())
    return {"root": root, "kinds": kinds, "code": code, "out": out, "before": before, "victim": victim,
            "hidden": Path(targets["hidden"]), "seconds": time.monotonic() - t0, "sol": sol, "rel": rel}


def by_kind(big) -> dict[str, dict]:
    rows = read_csv(big["root"])
    return {kind: rows[sid] for sid, kind in big["kinds"].items()}


def test_the_run_finishes_and_summarises_every_failure_with_a_reason(big):
    assert big["code"] == 0, big["out"]
    out = big["out"]
    assert f"of {len(big['kinds'])} submissions" in out
    rows = by_kind(big)
    expected_failures = {"stubborn_loop": "", "crash": "kernel died", "invalid_json": "not valid JSON",
                         "empty": "empty file", "missing": "missing notebook"}
    for kind, row in rows.items():
        if kind in expected_failures:
            assert row["status"] == "failed", (kind, row)
            assert expected_failures[kind] in row["reason"]
            assert row["reason"] and f"{row['student_id']}: {row['reason'][:40]}" in out
        else:
            assert row["status"] == "graded", (kind, row)
    assert "time" in rows["stubborn_loop"]["reason"]  # stopped by a time limit, said so


def test_good_and_repaired_submissions_get_the_marks_of_their_answers(big):
    rows = by_kind(big)
    full = test_cells(rows["good"])
    assert full and all(float(v) > 0 for v in full.values())  # every auto-graded test passes
    for kind in ("misnamed", "deleted_test", "duplicate_cell", "emptied_metadata", "no_schema", "huge_output",
                 "attack"):
        if kind in rows:  # the attacker is in the class only where the sandbox runs
            assert test_cells(rows[kind]) == full, kind
    assert all(float(v) == 0 for v in test_cells(rows["blank"]).values())
    partial = test_cells(rows["partial"])
    assert float(partial["q1_test"]) > 0 and all(float(v) == 0 for k, v in partial.items() if k != "q1_test")
    # an edited test cannot rescue a wrong answer: nbgrader's checksum put the real test back
    assert float(test_cells(rows["edited_test"])["q1_test"]) == 0
    # the endless loop in the 2nd answer is interrupted: q2 fails, everything else still counts
    loop = test_cells(rows["loop"])
    assert all(float(v) == 0 for k, v in loop.items() if k.startswith("q2"))
    assert all(loop[k] == full[k] for k in loop if not k.startswith("q2"))


def test_feedback_is_written_for_every_graded_trainee_and_hides_hidden_tests(big):
    fb = big["root"] / "_work" / "feedback"
    for sid, row in read_csv(big["root"]).items():
        page = fb / sid / A / f"{A}.html"
        assert page.is_file() == (row["status"] == "graded"), sid
    html = (fb / "s000-good" / A / f"{A}.html").read_text(encoding="utf-8")
    assert "BEGIN HIDDEN TESTS" not in html


def test_a_huge_output_is_cut_down(big):
    sid = next(s for s, k in big["kinds"].items() if k == "huge_output")
    graded = big["root"] / "_work" / "autograded" / sid / A / f"{A}.ipynb"
    assert graded.stat().st_size < 2_000_000


def test_isolation_trainee_code_cannot_touch_gradebook_others_or_hidden_tests(big):
    if sandbox_option():
        message = "bubblewrap is not available here: install it (apt-get install bubblewrap)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must have it so that this isolation test really runs")
        pytest.skip(message)
    root = big["root"]
    graded = (root / "_work" / "autograded" / "zz-attacker" / A / f"{A}.ipynb").read_text(encoding="utf-8")
    for attempt in ("append to gradebook", "sql on gradebook", "overwrite other trainee", "read hidden tests",
                    "list autograded"):
        assert f"{attempt}: blocked" in graded, attempt
        assert f"{attempt}: DONE" not in graded
    con = sqlite3.connect(root / "_work" / "gradebook.db")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT COUNT(*) FROM grade WHERE auto_score >= 999").fetchone()[0] == 0
    finally:
        con.close()
    assert sha(big["victim"]) == big["before"]["victim"]
    assert sha(big["hidden"]) == big["before"]["hidden"]
    assert read_csv(root)["zz-attacker"]["status"] == "graded"  # and it was still graded


def test_rerun_is_idempotent(big):
    root = big["root"]
    db = root / "_work" / "gradebook.db"
    before_rows, before_counts = read_csv(root), gradebook_counts(db)
    code, out = run_cli("grade", A, "--root", str(root), "--workers", "2", *FAST, *sandbox_option())
    assert code == 0
    graded = sum(r["status"] == "graded" for r in before_rows.values())
    assert f"graded {graded} of {len(before_rows)} submissions (0 this run, {graded} unchanged" in out
    assert read_csv(root) == before_rows
    assert gradebook_counts(db) == before_counts
    # --force really regrades (nbgrader rewrites the grades): still the same grades and no duplicated rows
    some = ["s000-good", "s002-partial"]
    code, out = run_cli("grade", A, "--root", str(root), "--workers", "2", "--force", *sandbox_option(),
                        *[a for s in some for a in ("--student", s)], *FAST)
    assert code == 0 and "(2 this run" in out, out
    assert read_csv(root) == before_rows
    assert gradebook_counts(db) == before_counts


def test_class_report_files(big):
    root = big["root"]
    code, out = run_cli("report", A, "--root", str(root))
    assert code == 0
    page = root / "_work" / "reports" / f"{A}.html"
    html = page.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 2  # histogram and outcomes per question
    for table in ('id="questions"', 'id="hardest"', 'id="problems"', 'id="written"', 'id="trainees"'):
        assert table in html
    assert "hardest questions:" in out and "written answers (graded by hand in the Formgrader):" in out
    from course.grading import feedback

    titles = feedback.titles(big["rel"])
    tests = [t for t in titles if t.endswith("_test")]
    for gid in tests:  # questions by their titles, in the text and on the page
        assert titles[gid][:40] in out and f'<td class="title">{titles[gid]}</td>' in html
    # blank, partial, edited and loop trainees fail q2..q5: q1 is not among the three hardest
    hardest = out.split("hardest questions:")[1].splitlines()[0]
    assert titles[tests[0]] not in hardest and hardest.count("passed") == 3
    # failure kinds apart from wrong answers: the blank trainee is "not answered", the loop "timed out"
    header = next(ln for ln in out.splitlines() if ln.startswith("question "))
    assert header.split()[-4:] == ["wrong", "blank", "timeout", "error"]
    looped = titles[cells.answer_ids(big["rel"])[1]]
    row = next(ln for ln in out.splitlines() if ln.startswith(looped[:40]))
    wrong, blank, timeout, error = (int(x) for x in row.split()[-4:])
    assert blank >= 2 and timeout >= 1  # blank, partial (not answered); loop (timed out)
    assert html.count('<tr data-student="') == len(big["kinds"])


def _zip_class(path: Path, sol, rel) -> dict[str, str]:
    kinds = {"amy": "good", "ben": "partial"}
    with zipfile.ZipFile(path, "w") as zf:
        for sid, kind in kinds.items():
            zf.writestr(f"{sid}_{A}.ipynb", synthetic.KINDS[kind](sol, rel))
        zf.writestr("instructions.pdf", b"%PDF")
    return kinds


def test_zip_import_interrupted_sequential_run_matches_parallel_grades(big, tmp_path):
    root = make_course(tmp_path / "small")
    export = tmp_path / "export.zip"
    kinds = _zip_class(export, big["sol"], big["rel"])
    state = root / "_work" / "grading" / A / "state"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "course.cli", "grade", A, "--root", str(root), "--from-zip",
                             str(export), "--workers", "1", *FAST, *sandbox_option()], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None and not list(state.glob("*.json")):
        time.sleep(0.2)
    proc.kill()  # the instructor's laptop dies in the middle of the run
    out, _ = proc.communicate()
    assert "imported 2 trainee(s)" in out and "instructions.pdf" in out
    done_before = {p.stem for p in state.glob("*.json")}
    assert len(done_before) == 1, out

    code, out = run_cli("grade", A, "--root", str(root), "--workers", "1", *FAST, *sandbox_option())
    assert code == 0, out
    assert "(1 this run, 1 unchanged" in out
    small = read_csv(root)
    parallel = by_kind(big)
    for sid, kind in kinds.items():
        assert small[sid]["status"] == "graded"
        assert test_cells(small[sid]) == test_cells(parallel[kind]), sid
        assert small[sid]["score"] == parallel[kind]["score"]
