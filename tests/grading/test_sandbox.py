"""The sandbox set-up of `course grade` (course.grading.sandbox), without starting a kernel."""

from __future__ import annotations

import pytest

from course.grading import sandbox


def test_hidden_paths_cover_gradebook_sources_and_submissions(tmp_path):
    from nbgrader.coursedir import CourseDirectory

    cd = CourseDirectory(root=str(tmp_path), source_directory="solutions", submitted_directory="_work/submitted",
                         autograded_directory="_work/autograded", feedback_directory="_work/feedback",
                         solution_directory="_work/solution", db_url=f"sqlite:///{tmp_path}/_work/gradebook.db")
    hidden = sandbox.hidden_paths_for(cd)
    assert sorted(hidden) == sorted([str((tmp_path / "_work").resolve()), str((tmp_path / "solutions").resolve())])


def test_bwrap_command_binds_only_what_a_kernel_needs(tmp_path):
    scratch, src = tmp_path / "scratch", tmp_path / "scratch" / "src"
    src.mkdir(parents=True)
    cmd = sandbox.bwrap_command(str(scratch), str(src), [])
    pairs = list(zip(cmd, cmd[1:], strict=False))
    assert cmd[1:].count("--tmpfs") >= 4 and ("--tmpfs", "/") in pairs  # an empty root, not the machine's
    assert ("--ro-bind", "/") not in pairs and ("--bind", "/") not in pairs
    bound = {b for a, b in pairs if a in ("--ro-bind", "--bind")}
    repo = str(sandbox.Path(sandbox.__file__).resolve().parents[2])
    assert repo not in bound and str(sandbox.Path(repo) / ".git") not in bound  # no checkout, no .git
    assert ("--ro-bind", str(src)) in pairs and ("--bind", str(scratch)) in pairs
    assert "--unshare-net" in cmd and "--unshare-pid" in cmd and cmd[-1] == "--"
    if sandbox._is_root():
        assert "--unshare-user" not in cmd  # root maps to root there: the launcher drops to a real uid instead


def test_a_needed_folder_inside_a_hidden_one_is_refused(tmp_path):
    with pytest.raises(sandbox.SandboxUnavailable, match="must not see"):
        sandbox.bwrap_command(str(tmp_path), str(tmp_path), ["/"])


def test_without_bubblewrap_grading_refuses_unless_told_none(monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_works", lambda: False)
    with pytest.raises(sandbox.SandboxUnavailable, match="apt-get install bubblewrap.*--sandbox none"):
        sandbox.resolve_mode("auto")
    with pytest.raises(sandbox.SandboxUnavailable):
        sandbox.resolve_mode("bwrap")
    mode, warning = sandbox.resolve_mode("none")
    assert mode == "none" and "YOUR permissions" in warning and "read" in warning


def test_course_grade_refuses_with_the_fix(monkeypatch, tmp_path, capsys):
    from course.cli import main
    from tests.support.course import has_assignment, make_course

    if not has_assignment("01-why-customers-complain"):
        pytest.skip("assignment 01 not present")
    root = make_course(tmp_path / "c", "01-why-customers-complain")
    (root / "_work" / "submitted" / "t1" / "01-why-customers-complain").mkdir(parents=True)
    monkeypatch.setattr(sandbox, "bwrap_works", lambda: False)
    assert main(["grade", "01-why-customers-complain", "--root", str(root), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "bubblewrap" in err and "--sandbox none" in err
    assert not (root / "_work" / "autograded").exists()


def test_unknown_sandbox_mode_is_refused():
    with pytest.raises(ValueError, match="unknown sandbox mode"):
        sandbox.resolve_mode("docker")
