"""Fast tests of the class-grading pieces that need no kernel: importing LMS exports, staging and repairing
broken submissions, the class-report statistics, the output cap and the sandbox set-up.
(The end-to-end runs through nbgrader are in tests/test_grading_class.py.)"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator

from course.grading import importers, preflight, report, sandbox, synthetic
from course.grading.output_cap import CapOutputBytes

A = "01-why-customers-complain"


@pytest.fixture(scope="module")
def pair():
    base = Path(__file__).resolve().parents[1]
    src, rel = base / "solutions" / A / f"{A}.ipynb", base / "exercises" / A / f"{A}.ipynb"
    if not (src.is_file() and rel.is_file()):
        pytest.skip(f"assignment {A} not present")
    return synthetic.load_pair(src, rel)


# ---------------------------------------------------------------- importing an LMS export

def _nb_bytes(marker: str) -> bytes:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"x = '{marker}'")])
    return nbformat.writes(nb).encode()


EXPORT = {
    "alice.ipynb": "alice",
    f"bob_{A}.ipynb": "bob",
    f"carol-{A}.ipynb": "carol",
    f"dlee_1234_5678_{A}.ipynb": "dlee",  # Canvas
    f"elee_LATE_1235_5679_{A}.ipynb": "elee",  # Canvas, late
    f"Frank Ma_991_assignsubmission_file_/{A}.ipynb": "991",  # Moodle folder
    "gina/whatever.ipynb": "gina",  # a folder per trainee
}


def _check_import(report_, submitted: Path) -> None:
    assert sorted(report_.imported) == sorted(EXPORT.values())
    for member, trainee in EXPORT.items():
        path = submitted / trainee / A / f"{A}.ipynb"
        assert path.is_file(), member
        assert member.encode() in path.read_bytes()  # the right file went to the right trainee
        assert (submitted / trainee / A / "timestamp.txt").is_file()
    skipped = dict(report_.skipped)
    assert "readme.txt" in skipped and "not a notebook" in skipped["readme.txt"]
    assert (submitted / "gina" / A / "data.csv").is_file()  # a file next to the notebook is kept


def _write_export(make):
    for member in EXPORT:
        make(member, _nb_bytes(member))
    make("readme.txt", b"instructions")
    make("gina/data.csv", b"a,b\n1,2\n")
    make("__MACOSX/._alice.ipynb", b"junk")


def test_import_from_zip(tmp_path):
    zpath = tmp_path / "export.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        _write_export(zf.writestr)
        zf.writestr("../../evil.ipynb", _nb_bytes("../../evil.ipynb"))  # zip-slip: must not escape
    rep = importers.import_export(zpath, tmp_path / "submitted", A, [A])
    assert not (tmp_path.parent / "evil.ipynb").exists()
    EXPORT["../../evil.ipynb"] = "evil"
    try:
        _check_import(rep, tmp_path / "submitted")
    finally:
        del EXPORT["../../evil.ipynb"]


def test_import_from_dir(tmp_path):
    src = tmp_path / "export"

    def make(member: str, data: bytes) -> None:
        p = src / member
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)

    _write_export(make)
    rep = importers.import_export(src, tmp_path / "submitted", A, [A])
    _check_import(rep, tmp_path / "submitted")
    # idempotent: importing again gives the same files, no extra folders
    importers.import_export(src, tmp_path / "submitted", A, [A])
    assert sorted(p.name for p in (tmp_path / "submitted").iterdir()) == sorted(EXPORT.values())


def test_import_rejects_exports_without_notebooks(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("hello")
    with pytest.raises(importers.ImportError_, match="no notebook"):
        importers.import_export(tmp_path / "x", tmp_path / "sub", A, [A])
    (tmp_path / "bad.zip").write_text("not a zip")
    with pytest.raises(importers.ImportError_, match="not a zip"):
        importers.import_export(tmp_path / "bad.zip", tmp_path / "sub", A, [A])


def test_trainee_ids_are_safe_folder_names():
    assert importers.safe_id("Zhang Wei/../x") == "Zhang_Wei_.._x"
    assert importers.safe_id("  ") == "unknown"


# ---------------------------------------------------------------- staging and repairing submissions

def _stage(tmp_path: Path, pair, kind: str) -> tuple[preflight.Preflight, Path]:
    sol, rel = pair
    sub = tmp_path / "submitted"
    students = synthetic.make_class(sub, A, A, sol, rel, [kind])
    student = next(iter(students))
    rel_dir = tmp_path / "release"
    rel_dir.mkdir(exist_ok=True)
    nbformat.write(rel, rel_dir / f"{A}.ipynb")
    dest = tmp_path / "staged" / student
    return preflight.stage_submission(sub / student / A, dest, [A], rel_dir), dest / f"{A}.ipynb"


@pytest.mark.parametrize("kind,fragment", [
    ("invalid_json", "not valid JSON"),
    ("empty", "empty file"),
    ("missing", "missing notebook"),
])
def test_unreadable_submissions_are_refused_with_a_reason(tmp_path, pair, kind, fragment):
    result, _ = _stage(tmp_path, pair, kind)
    assert not result.ok
    assert fragment in result.reason


@pytest.mark.parametrize("kind,fragment", [
    ("misnamed", "Untitled.ipynb"),
    ("no_schema", "schema_version"),
    ("duplicate_cell", "more than once"),
    ("emptied_metadata", "emptied nbgrader metadata"),
    ("deleted_test", "was deleted"),
    ("huge_output", "MB of stored output"),
    ("edited_test", "was edited"),
])
def test_repairable_submissions_pass_nbgraders_own_validation(tmp_path, pair, kind, fragment):
    result, staged = _stage(tmp_path, pair, kind)
    assert result.ok, result.reason
    assert any(fragment in n for n in result.notes), result.notes
    nb = nbformat.read(staged, as_version=4)
    MetadataValidator().validate_nb(nb)  # what makes plain nbgrader abort the whole batch
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    expected = [c.metadata["nbgrader"]["grade_id"] for c in pair[1].cells if "nbgrader" in c.metadata]
    assert ids == expected  # every graded cell exactly once, in order
    assert staged.stat().st_size < 2_000_000


def test_a_plain_copy_of_the_solution_needs_no_repair(tmp_path, pair):
    result, staged = _stage(tmp_path, pair, "good")
    assert result.ok and result.notes == []
    assert json.loads(staged.read_text())["cells"]


# ---------------------------------------------------------------- class report statistics

ROWS = [
    {"student_id": "a", "status": "graded", "percent": 100.0, "q1_test": 1, "q2a_test": 1, "q2b_test": 1},
    {"student_id": "b", "status": "graded", "percent": 50.0, "q1_test": 1, "q2a_test": 1, "q2b_test": 0},
    {"student_id": "c", "status": "graded", "percent": 0.0, "q1_test": 0, "q2a_test": 0, "q2b_test": 0},
    {"student_id": "d", "status": "failed", "percent": None, "reason": "not valid JSON"},
]
CELLS = [("q1_test", 1.0, True), ("q2a_test", 1.0, True), ("q2b_test", 1.0, True), ("w1", 3.0, False)]


def test_question_stats_group_parts_and_count_full_marks_only():
    stats = {s.question: s for s in report.question_stats(ROWS, CELLS)}
    assert set(stats) == {"q1", "q2"}  # w1 is manually graded: not a pass-rate question
    assert (stats["q1"].passed, stats["q1"].graded) == (2, 3)
    assert stats["q2"].passed == 1  # b has only half of q2
    assert stats["q2"].mean_share == pytest.approx((1 + 0.5 + 0) / 3)
    assert [s.question for s in report.hardest(list(stats.values()))] == ["q2", "q1"]


def test_histogram_puts_full_marks_in_the_last_bin():
    assert report.histogram(ROWS) == [1, 0, 0, 0, 0, 1, 0, 0, 0, 1]


def test_text_report_lists_failures_and_hardest():
    text = report.text_report(A, ROWS, report.question_stats(ROWS, CELLS))
    assert "hardest questions: q2 (33% passed), q1 (67% passed)" in text
    assert "d: failed - not valid JSON" in text


# ---------------------------------------------------------------- output cap and sandbox set-up

def test_output_cap_truncates_long_text_but_not_images():
    cell = nbformat.v4.new_code_cell("print()")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 5000),
                    nbformat.v4.new_output("display_data", data={"image/png": "A" * 5000,
                                                                 "text/plain": "y" * 5000})]
    cap = CapOutputBytes(max_bytes=1000)
    out, _ = cap.preprocess_cell(cell, {}, 0)
    assert len(out.outputs[0].text) < 1100 and "truncated" in out.outputs[0].text
    assert out.outputs[1].data["image/png"] == "A" * 5000
    assert len(out.outputs[1].data["text/plain"]) < 100


def test_hidden_paths_cover_gradebook_sources_and_submissions(tmp_path):
    from nbgrader.coursedir import CourseDirectory

    cd = CourseDirectory(root=str(tmp_path), source_directory="solutions", submitted_directory="_work/submitted",
                         autograded_directory="_work/autograded", feedback_directory="_work/feedback",
                         solution_directory="_work/solution", db_url=f"sqlite:///{tmp_path}/_work/gradebook.db")
    hidden = sandbox.hidden_paths_for(cd)
    assert sorted(hidden) == sorted([str((tmp_path / "_work").resolve()), str((tmp_path / "solutions").resolve())])


def test_bwrap_command_hides_folders_and_binds_only_the_scratch(tmp_path):
    scratch = tmp_path / "scratch"
    (scratch / "work").mkdir(parents=True)
    secret = tmp_path / "secret"
    secret.mkdir()
    cmd = sandbox.bwrap_command(str(scratch), str(scratch / "work"), [str(secret)], as_root=False)
    pairs = list(zip(cmd, cmd[1:], strict=False))
    assert ("--ro-bind", "/") in pairs
    assert ("--bind", str(scratch)) in pairs
    assert cmd[-1] == "--" and cmd.index("--bind") > max(i for i, a in enumerate(cmd) if a == "--tmpfs")


def test_unknown_sandbox_mode_is_refused():
    with pytest.raises(ValueError, match="unknown sandbox mode"):
        sandbox.resolve_mode("docker")
