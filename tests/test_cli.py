"""The `course` command as a user runs it, and `course start` serving the start page over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from course.cli import COMMANDS, command
from course.glossary import load as load_glossary
from course.glossary import lookup
from course.paths import repo_root

ROOT = repo_root()
COURSE = str(Path(sys.executable).parent / "course")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([COURSE, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_help_lists_every_subcommand():
    out = run("--help")
    assert out.returncode == 0
    for cmd in ("start", "test", "data", "glossary", "hint", "exercises", "grade", "report", "lite"):
        assert f"    {cmd}" in out.stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_follows_one_convention(name):
    """Each command is a module, or `module:object`, with add_arguments(parser) and run(args)."""
    target = command(name)
    assert callable(target.add_arguments) and callable(target.run), name
    out = run(name, "--help")
    assert out.returncode == 0 and COMMANDS[name][1] in " ".join(out.stdout.split()), out.stderr


def test_data_check_passes_on_committed_data():
    out = run("data", "--check")
    assert out.returncode == 0, out.stdout
    assert "ok       tickets" in out.stdout and "DIFFERS" not in out.stdout


def test_data_check_flags_a_changed_file(tmp_path):
    import shutil

    for p in (ROOT / "data").iterdir():
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "tickets.csv").write_text("ticket_id\nT-1\n", encoding="utf-8")
    out = run("data", "--check", "--dir", str(tmp_path))
    assert out.returncode == 1
    assert "DIFFERS" in out.stdout and "tickets.csv" in out.stdout and "INVALID" in out.stdout


def test_glossary_is_bilingual_and_covers_every_module():
    g = load_glossary()
    assert set(g["module"]) == set(range(1, 9))
    assert g["term_en"].is_unique and g["term_zh"].str.len().gt(0).all()
    assert lookup("客户剥离")["term_en"] == "customer divestment"
    assert lookup("Key Account")["term_zh"] == "大客户"
    out = run("glossary", "大客户")
    assert out.returncode == 0 and "key account" in out.stdout
    assert run("glossary", "zzz").returncode == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(args: list[str], paths: list[str]) -> tuple[dict[str, int], str, str]:
    """Run `course start ARGS` until it answers; the HTTP status of each of `paths`, the start page's JSON,
    and what the command printed."""
    port = _free_port()
    env = {**os.environ, "JUPYTER_TOKEN": "t0k3n", "CI": "1"}
    proc = subprocess.Popen([COURSE, "start", "--port", str(port), "--no-browser", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    statuses: dict[str, int] = {}
    try:
        url = f"http://127.0.0.1:{port}/api/contents/lessons/00-start-here.ipynb?token=t0k3n"
        deadline = time.time() + 60
        body = None
        while time.time() < deadline and body is None:
            try:
                body = urllib.request.urlopen(url, timeout=5).read().decode()
            except OSError:
                time.sleep(0.5)
        assert body is not None, "JupyterLab did not answer within 60 s"
        for path in paths:
            try:
                statuses[path] = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?token=t0k3n",
                                                        timeout=10).status
            except urllib.error.HTTPError as exc:
                statuses[path] = exc.code
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0]
    return statuses, body, out


def test_course_start_serves_the_trainee_folder_without_the_instructor_tools(tmp_path):
    folder = tmp_path / "complaint-course"
    statuses, body, out = _serve(["--folder", str(folder)], [
        "/lab/tree/lessons/00-start-here.ipynb", "/api/contents/exercises", "/api/contents/data/tickets.csv",
        "/api/contents/solutions", "/api/contents/_work", "/api/contents/tests", "/api/contents/nbgrader_config.py",
        "/formgrader"])
    assert "Start here" in body
    assert statuses["/lab/tree/lessons/00-start-here.ipynb"] == 200
    assert statuses["/api/contents/exercises"] == 200 and statuses["/api/contents/data/tickets.csv"] == 200
    for hidden in ("solutions", "_work", "tests", "nbgrader_config.py"):
        assert statuses[f"/api/contents/{hidden}"] == 404, hidden
    assert statuses["/formgrader"] == 404  # nbgrader's instructor extension is off
    assert "00-start-here.ipynb" in out and str(folder) in out  # the printed URL and the folder
    assert (folder / "exercises").is_dir() and not (folder / "solutions").exists()


def test_course_start_instructor_serves_the_whole_kit():
    statuses, body, out = _serve(["--instructor"], ["/api/contents/solutions", "/lab/tree/lessons/00-start-here.ipynb"])
    assert "Start here" in body and "instructor mode" in out
    assert statuses["/api/contents/solutions"] == 200


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_trainee_folder_is_built_idempotently_without_overwriting_work(tmp_path):
    from course.launch import MANIFEST, build_trainee_folder

    kit = tmp_path / "kit"
    for top in ("lessons", "data", "exercises", "solutions", "tests"):
        (kit / top).mkdir(parents=True)
    (kit / "lessons" / "00-start-here.ipynb").write_text("start v1")
    (kit / "lessons" / "01-a.ipynb").write_text("lesson v1")
    (kit / "lessons" / ".ipynb_checkpoints").mkdir()
    (kit / "lessons" / ".ipynb_checkpoints" / "x.ipynb").write_text("checkpoint")
    (kit / "data" / "tickets.csv").write_text("a,b\n")
    (kit / "exercises" / "01-a").mkdir()
    (kit / "exercises" / "01-a" / "01-a.ipynb").write_text("exercise v1")
    (kit / "solutions" / "secret.ipynb").write_text("hidden tests")
    (kit / "nbgrader_config.py").write_text("c = 1")
    released = _sha(kit / "exercises" / "01-a" / "01-a.ipynb")

    dest = tmp_path / "trainee"
    first = build_trainee_folder(dest, kit)
    assert sorted(first.copied) == ["data/tickets.csv", "exercises/01-a/01-a.ipynb", "lessons/00-start-here.ipynb",
                                    "lessons/01-a.ipynb"]
    names = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}
    assert names == set(first.copied) | {"README.md", MANIFEST}  # no solutions, tests, config, checkpoints

    (dest / "exercises" / "01-a" / "01-a.ipynb").write_text("my answers")  # the trainee works
    again = build_trainee_folder(dest, kit)
    assert (again.copied, again.updated, again.kept) == ([], [], [])  # nothing to do, nothing lost
    assert (dest / "exercises" / "01-a" / "01-a.ipynb").read_text() == "my answers"

    (kit / "exercises" / "01-a" / "01-a.ipynb").write_text("exercise v2")  # the kit changes
    (kit / "lessons" / "01-a.ipynb").write_text("lesson v2")
    (dest / "lessons" / "00-start-here.ipynb").unlink()  # the trainee deleted one
    third = build_trainee_folder(dest, kit)
    assert third.updated == ["lessons/01-a.ipynb"] and (dest / "lessons" / "01-a.ipynb").read_text() == "lesson v2"
    assert third.kept == ["exercises/01-a/01-a.ipynb"]
    assert (dest / "exercises" / "01-a" / "01-a.ipynb").read_text() == "my answers"
    assert third.copied == ["lessons/00-start-here.ipynb"]
    assert any("kept your version" in line for line in third.lines())
    assert _sha(kit / "exercises" / "01-a" / "01-a.ipynb") != released  # (we changed the kit ourselves)

    with pytest.raises(ValueError):
        build_trainee_folder(kit / "lessons" / "mine", kit)  # never inside the kit's own content


def test_lessons_find_the_data_from_the_trainee_folder(tmp_path, monkeypatch):
    from course.launch import build_trainee_folder
    from course.paths import data_dir

    dest = tmp_path / "trainee"
    build_trainee_folder(dest)
    env = {k: v for k, v in os.environ.items() if k != "COURSE_DATA_DIR"}
    code = "from course.paths import data_dir; print(data_dir())"
    out = subprocess.run([sys.executable, "-c", code], cwd=dest / "lessons", env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.stdout.strip() == str(dest / "data"), out.stderr
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    assert data_dir(dest / "exercises" / "01-why-customers-complain") == dest / "data"


def test_the_kit_jupyter_settings_silence_news_and_start_the_default_kernel():
    import json

    from course.launch import lab_command, settings_dir

    for mode in ("trainee", "instructor"):
        overrides = json.loads((settings_dir(mode) / "overrides.json").read_text(encoding="utf-8"))
        assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
        assert overrides["@jupyterlab/notebook-extension:tracker"]["autoStartDefaultKernel"] is True
        assert f"--LabApp.app_settings_dir={settings_dir(mode)}" in lab_command(8888, "127.0.0.1", False, mode=mode)
    disabled = json.loads((settings_dir("trainee") / "page_config.json").read_text())["disabledExtensions"]
    assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list",
            "@jupyter/nbgrader:create-assignment"} <= set(disabled)
    assert not (settings_dir("instructor") / "page_config.json").exists()
