"""The `course` command as a user runs it, and `course start` serving the start page over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
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


def test_course_start_serves_the_start_page_over_http():
    port = _free_port()
    env = {**os.environ, "JUPYTER_TOKEN": "t0k3n", "CI": "1"}
    proc = subprocess.Popen([COURSE, "start", "--port", str(port), "--no-browser"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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
        assert "Start here" in body
        lab = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab/tree/lessons/00-start-here.ipynb?token=t0k3n",
                                     timeout=10)
        assert lab.status == 200
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0]
    assert "00-start-here.ipynb" in out  # the printed URL points at the start page
