"""Importing an LMS export (a zip or a folder of files named by trainee) into nbgrader's submitted layout."""

from __future__ import annotations

import zipfile
from pathlib import Path

import nbformat
import pytest

from course.grading import importers

A = "01-why-customers-complain"


def _nb_bytes(marker: str) -> bytes:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"x = '{marker}'")])
    return nbformat.writes(nb).encode()


EXPORT = {
    "alice.ipynb": "alice",
    f"bob_{A}.ipynb": "bob",
    f"carol-{A}.ipynb": "carol",
    f"dlee_1234_5678_{A}.ipynb": "canvas-1234",  # Canvas: the LMS's user id, not the name
    f"elee_LATE_1235_5679_{A}.ipynb": "canvas-1235",  # Canvas, late
    f"Frank Ma_991_assignsubmission_file_/{A}.ipynb": "moodle-991",  # Moodle folder: the participant id
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
    # a file next to the notebook is not copied (a .py there could be imported by the grading kernel)
    assert not (submitted / "gina" / A / "data.csv").exists()


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
    assert any("evil.ipynb" in str(r) for r in rep.refused)  # zip slip: refused, not renamed
    _check_import(rep, tmp_path / "submitted")


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
