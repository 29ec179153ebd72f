"""Fixtures for the trainer-kit tests: Chromium to print, poppler (pdfinfo, pdftotext) to read the PDFs back, and a
CJK font so Chinese prints as glyphs. Without one of them the PDF tests skip locally and fail in CI."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from course.trainer import pdf


def _need(what: str, install: str) -> None:
    msg = f"{what} is missing: install it with `apt-get install {install}` to run the trainer PDF tests"
    if os.environ.get("CI"):
        pytest.fail(msg + " (CI must run them, not skip them)", pytrace=False)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def chromium() -> str:
    found = pdf.find_chromium()
    if found is None:
        _need("Chromium", "chromium")
    return found


@pytest.fixture(scope="session")
def poppler() -> None:
    if not (shutil.which("pdftotext") and shutil.which("pdfinfo")):
        _need("poppler (pdftotext, pdfinfo)", "poppler-utils")


@pytest.fixture(scope="session")
def cjk_font() -> None:
    fc = shutil.which("fc-list")
    out = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout if fc else ""
    if not out.strip():
        _need("A Chinese (CJK) font", "fonts-noto-cjk")


@pytest.fixture(scope="session")
def test_class(tmp_path_factory):
    """The pre/post test's test class (tests/trainer/classroom.py): both forms autograded by plain nbgrader, the
    exercises handed in entered in the gradebook. Built once per session (two autograde runs, about a minute)."""
    from tests.trainer.classroom import make_class

    return make_class(tmp_path_factory.mktemp("class") / "course")
