"""The grading state (course.grading.state), failure reasons and clean-up, on a fake course layout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from course.grading import cleanup, failures
from course.grading.layout import Course
from course.grading.state import (
    Outcome,
    previous_outcome,
    read_state,
    read_states,
    submission_hash,
    write_state,
)

A = "01-why-customers-complain"


@pytest.fixture
def course(tmp_path: Path) -> Course:
    work = tmp_path / "_work"
    c = Course(root=tmp_path, assignment=A, config=None, submitted=work / "submitted",
               autograded=work / "autograded", feedback=work / "feedback", source=tmp_path / "solutions" / A,
               release=tmp_path / "exercises" / A, db_path=work / "gradebook.db", work=work)
    (c.submitted / "amy" / A).mkdir(parents=True)
    (c.submitted / "amy" / A / f"{A}.ipynb").write_text("{}")
    c.source.mkdir(parents=True)
    (c.source / f"{A}.ipynb").write_text("{}")
    return c


def test_hash_follows_submission_and_source_but_not_checkpoints(course):
    sub = course.submitted / "amy" / A
    h = submission_hash(sub, course.source)
    (sub / ".ipynb_checkpoints").mkdir()
    (sub / ".ipynb_checkpoints" / f"{A}-checkpoint.ipynb").write_text("old")
    assert submission_hash(sub, course.source) == h
    (course.source / f"{A}.ipynb").write_text('{"edited": 1}')  # an edited test regrades everyone
    assert submission_hash(sub, course.source) != h


def test_an_edited_chinese_source_regrades_everyone_too(course):
    sub = course.submitted / "amy" / A
    assert list(course.editions("source")) == ["en"]
    zh = course.root / "solutions" / "zh" / A
    zh.mkdir(parents=True)
    (zh / f"{A}.ipynb").write_text("{}")
    assert course.editions("source") == {"en": course.source, "zh": zh}
    h = submission_hash(sub, *course.editions("source").values())
    (zh / f"{A}.ipynb").write_text('{"edited": 1}')
    assert submission_hash(sub, *course.editions("source").values()) != h


def test_state_round_trip_and_rerun_decisions(course):
    h = submission_hash(course.submitted / "amy" / A, course.source)
    graded = Outcome("amy", "graded", "", ["a note"], 7.0, 10.0, 1.5)
    write_state(course, graded, h, "run-1")
    st = read_state(course, "amy")
    assert st["run"] == "run-1" and Outcome.from_state(st) == graded
    assert list(read_states(course)) == ["amy"] and not list(course.state_dir.glob(".*.tmp"))
    # graded, unchanged, autograded copy present: kept
    assert previous_outcome(course, "amy", h, force=False, retry_failed=False) is None  # no autograded copy
    (course.autograded / "amy" / A).mkdir(parents=True)
    kept = previous_outcome(course, "amy", h, force=False, retry_failed=False)
    assert (kept.status, kept.score, kept.notes) == ("unchanged", 7.0, ["a note"])
    assert previous_outcome(course, "amy", h, force=True, retry_failed=False) is None
    assert previous_outcome(course, "amy", "other-hash", force=False, retry_failed=False) is None
    # failed and unchanged: kept unless --retry-failed (or --force)
    write_state(course, Outcome("amy", "failed", "not valid JSON"), h, "run-2")
    assert previous_outcome(course, "amy", h, force=False, retry_failed=False).reason == "not valid JSON"
    assert previous_outcome(course, "amy", h, force=False, retry_failed=True) is None
    (course.state_dir / "broken.json").write_text("{not json")
    assert read_state(course, "broken") is None and "broken" not in read_states(course)


@pytest.mark.parametrize("log,fragment", [
    ("nbclient.exceptions.DeadKernelError: Kernel died", "kernel died"),
    ("CellTimeoutError: A cell timed out", "time limit"),
    ("SchemaTooOldError: ...", "damaged beyond repair"),
    ("Inconsistent checksums for cell q1_test", "could not be restored"),
    ("first line\nthe last line says why", "the last line says why"),
    ("", "without a message"),
])
def test_failures_are_classified_in_one_line(log, fragment):
    assert fragment in failures.classify_failure({"log": log})


def test_clean_up_removes_stale_outputs_and_dead_runs_scratch(course):
    for base in (course.autograded, course.feedback):
        (base / "amy" / A).mkdir(parents=True)
    cleanup.clear_outputs(course, "amy")
    assert not (course.autograded / "amy" / A).exists() and not (course.feedback / "amy" / A).exists()
    mine = cleanup.make_scratch()
    dead = mine.with_name(f"{cleanup.SCRATCH_PREFIX}999999999-x")  # no such process
    dead.mkdir()
    try:
        assert oct(os.stat(mine).st_mode & 0o777) == "0o755"
        cleanup.remove_stale_scratch()
        assert mine.is_dir() and not dead.exists()  # this run is alive: its folder stays
    finally:
        mine.rmdir()
